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

export interface Entity {
  /** The longest form seen, titles and punctuation stripped ("Vladimir Putin", not "President Putin"). */
  readonly name: string;
  readonly type: EntityType;
  readonly mentions: number;
  /** Every span that refers to it, in text order (surnames and other aliases included). */
  readonly spans: readonly TextSpan[];
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
