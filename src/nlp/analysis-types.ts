import type { Segmentation, TextSpan } from '../domain/article.ts';

/**
 * What every analysis stage reads: one article's normalised text, its segmentation (the first stage) and the
 * context that dates and speakers are resolved against. Stages are pure: no I/O, no clock, no globals.
 */
export interface AnalysisInput {
  readonly text: string;
  readonly segmentation: Segmentation;
  /** ISO 8601 with offset; relative dates ("on Tuesday") resolve against this instant, days counted in its offset. */
  readonly publishedAt: string;
  /** ISO 639-1 code or `und`. */
  readonly language: string;
}

export type EntityType = 'person' | 'organization' | 'place';

/** A person's grammatical gender as the text shows it (titles, first names, pronouns): resolves "he" and "she". */
export type EntityGender = 'female' | 'male';

export interface Entity {
  /** The longest form seen, titles and punctuation stripped ("Vladimir Putin", not "President Putin"). */
  readonly name: string;
  readonly type: EntityType;
  readonly mentions: number;
  /** Every span that refers to it, in text order (surnames and other aliases included). */
  readonly spans: readonly TextSpan[];
  /** For people only, when the text tells. */
  readonly gender?: EntityGender;
  readonly stage: 'entities';
}

export type SpeakerCue = 'explicit' | 'pronoun' | 'continuation' | 'organization';

export interface Quote extends TextSpan {
  /** The quoted words (start/end cover them; the marks may be in or out). */
  readonly text: string;
  /** The speaker's entity name in its longest form, or the phrase the text gives ("a spokesperson"), or null. */
  readonly speaker: string | null;
  /** How the speaker was found; null when there is none. */
  readonly speakerCue: SpeakerCue | null;
  /** A few words quoted inside a sentence (scare quotes, "called it “excellent”"). */
  readonly fragment: boolean;
  /** Index of the sentence the quote starts in. */
  readonly sentenceIndex: number;
  /**
   * True when this quote goes on from the previous quote of the list across a paragraph break: that paragraph opened
   * a quotation without closing it and this one opens it again (the typographic convention). Each paragraph's part
   * is a quote of its own; they share the speaker.
   */
  readonly continuesPrevious?: boolean;
  readonly stage: 'quotes';
}

export type DateGranularity = 'day' | 'month' | 'year';

export interface DateMention extends TextSpan {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  readonly date: string;
  readonly granularity: DateGranularity;
  /** The words as written ("on Tuesday", "since January", "18 March 2025"). */
  readonly mention: string;
  readonly sentenceIndex: number;
  readonly stage: 'dates';
}

/** One sentence of an extractive summary: a whole sentence of the text, verbatim (`text` is `text.slice(start, end)`). */
export interface SummarySentence extends TextSpan {
  /** Index into `segmentation.sentences`. */
  readonly sentenceIndex: number;
  readonly text: string;
  /** The sentence's importance in [0, 1] (centrality, headline similarity and position combined). */
  readonly score: number;
  /** Order of selection: 0 for the sentence picked first. Summaries are listed in text order; cut by rank to shorten. */
  readonly rank: number;
  readonly stage: 'summary';
}

export interface RankedQuote extends Quote {
  /** One of the quotes worth showing first. */
  readonly key: boolean;
  /** Why it ranks where it does, in [0, 1]; 0 for quotes that cannot be key quotes. */
  readonly keyScore: number;
}

export type StageName = 'entities' | 'quotes' | 'key-quotes' | 'dates' | 'summary';

export interface SkippedStage {
  readonly stage: StageName;
  readonly reason: 'language' | 'failed';
  readonly detail: string;
}

export interface ArticleAnalysis {
  readonly entities: readonly Entity[];
  /** In text order, each marked key or not. */
  readonly quotes: readonly RankedQuote[];
  readonly dates: readonly DateMention[];
  /** The summary sentences in order of selection (rank 0 first), up to RANKED_SUMMARY_SENTENCES. */
  readonly summaryRanking: readonly SummarySentence[];
  /** What was not done for this article, and why: the output says so instead of pretending. */
  readonly skipped: readonly SkippedStage[];
}

