import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Append-only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, segments and full-text index',
    sql: `
      CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        guild_id TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        source TEXT,
        published_at TEXT NOT NULL,
        published_ts INTEGER NOT NULL,
        published_is_ingest_time INTEGER NOT NULL CHECK (published_is_ingest_time IN (0, 1)),
        language TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        content_hash TEXT NOT NULL
      );
      -- Duplicate keys are unique per scope; '' stands for the shared scope because NULLs never collide.
      CREATE UNIQUE INDEX articles_scope_canonical_url ON articles (COALESCE(guild_id, ''), canonical_url)
        WHERE canonical_url IS NOT NULL;
      CREATE INDEX articles_scope_content_hash ON articles (COALESCE(guild_id, ''), content_hash);
      CREATE INDEX articles_published ON articles (published_ts);

      CREATE TABLE paragraphs (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('heading', 'paragraph')),
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;

      CREATE TABLE sentences (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        paragraph_idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'seq',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `,
  },
  {
    version: 2,
    name: 'analysis results: entities, quotes, dates, summary ranking',
    sql: `
      -- 0 = never analysed; compared with the pipeline's version by \`newsbot reanalyze\`.
      ALTER TABLE articles ADD COLUMN analysis_version INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX articles_analysis_version ON articles (analysis_version);

      CREATE TABLE entities (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('person', 'organization', 'place')),
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;
      CREATE INDEX entities_by_name ON entities (name);

      CREATE TABLE quotes (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        speaker TEXT,
        speaker_cue TEXT,
        fragment INTEGER NOT NULL,
        is_key INTEGER NOT NULL,
        key_score REAL NOT NULL,
        sentence_idx INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;

      CREATE TABLE date_mentions (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        date TEXT NOT NULL,
        granularity TEXT NOT NULL CHECK (granularity IN ('day', 'month', 'year')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence_idx INTEGER NOT NULL,
        PRIMARY KEY (article_seq, idx)
      ) WITHOUT ROWID;
      CREATE INDEX date_mentions_by_date ON date_mentions (date);

      -- The summary as an order of selection: any summary of N sentences is the first N ranks, in text order.
      CREATE TABLE summary_ranks (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        sentence_idx INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_seq, rank)
      ) WITHOUT ROWID;

      CREATE TABLE analysis_skips (
        article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (article_seq, stage)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'who added an article from Discord',
    sql: `
      ALTER TABLE articles ADD COLUMN added_by TEXT;
      -- A server's own articles, newest first: /article autocomplete and removal.
      CREATE INDEX articles_by_guild ON articles (guild_id, seq) WHERE guild_id IS NOT NULL;
    `,
  },
];

/** Brings the database up to the newest version, each migration in its own transaction. Returns the versions applied. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`the database is at schema version ${current}, newer than this newsbot knows (${newest}); upgrade newsbot`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    applied.push(migration.version);
  }
  return applied;
}
