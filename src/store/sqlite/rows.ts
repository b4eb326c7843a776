import type { ArticleSummary } from '../../domain/article.ts';

/** An `articles` row without its text, as summary queries select it. */
export interface ArticleRow {
  seq: number;
  id: string;
  guild_id: string | null;
  title: string;
  url: string | null;
  canonical_url: string | null;
  source: string | null;
  published_at: string;
  published_is_ingest_time: number;
  language: string;
  ingested_at: string;
  content_hash: string;
  added_by: string | null;
}

/** The columns of `ArticleRow`, for a query that names the articles table `a`. */
export const SUMMARY_COLUMNS = `a.seq, a.id, a.guild_id, a.title, a.url, a.canonical_url, a.source, a.published_at,
  a.published_is_ingest_time, a.language, a.ingested_at, a.content_hash, a.added_by`;

export function toSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    guildId: row.guild_id,
    title: row.title,
    url: row.url,
    canonicalUrl: row.canonical_url,
    source: row.source,
    publishedAt: row.published_at,
    publishedAtIsIngestTime: row.published_is_ingest_time === 1,
    language: row.language,
    ingestedAt: row.ingested_at,
    contentHash: row.content_hash,
    addedBy: row.added_by,
  };
}
