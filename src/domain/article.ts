/** A span of an article's text, as character offsets into `Article.text` (UTF-16 code units, end exclusive). */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

export type ParagraphKind = 'heading' | 'paragraph';

export interface Paragraph extends TextSpan {
  readonly index: number;
  readonly kind: ParagraphKind;
}

export interface Sentence extends TextSpan {
  readonly index: number;
  readonly paragraphIndex: number;
}

export interface Segmentation {
  readonly paragraphs: readonly Paragraph[];
  readonly sentences: readonly Sentence[];
}

/** The guild an article belongs to; `null` means shared by every server. */
export type GuildScope = string | null;

/** An article as readers produce it, before it is normalised, identified and segmented. */
export interface RawArticle {
  readonly title: string | null;
  readonly text: string;
  readonly url: string | null;
  readonly source: string | null;
  /** As written in the input (ISO 8601 expected; other forms are tried). */
  readonly published: string | null;
}

/** A clean article ready to be stored. */
export interface NewArticle {
  readonly id: string;
  readonly guildId: GuildScope;
  readonly title: string;
  readonly text: string;
  readonly url: string | null;
  /** The URL without tracking parameters and fragment: the first duplicate key. */
  readonly canonicalUrl: string | null;
  readonly source: string | null;
  /** ISO 8601 with the offset the input gave (`Z` when it gave none). */
  readonly publishedAt: string;
  /** True when the input had no published time and the ingest time stands in for it. */
  readonly publishedAtIsIngestTime: boolean;
  /** ISO 639-1 code, or `und` when the language could not be told. */
  readonly language: string;
  readonly ingestedAt: string;
  /** Hash of the normalised text: the duplicate key when there is no URL. */
  readonly contentHash: string;
  /** The Discord user who added it with `/article add`; null for articles ingested by the operator or a feed. */
  readonly addedBy: string | null;
  readonly segmentation: Segmentation;
}

export type Article = NewArticle;

/** An article without its text and segments: what lists and search results carry. */
export type ArticleSummary = Omit<Article, 'text' | 'segmentation'>;
