/**
 * What pictures show, as plain data, and what a drawn picture is. The layouts (timeline-svg.ts, coverage-svg.ts) are
 * pure: data and a text measure in, SVG text out, with the boxes of every label so that tests can check the layout.
 */

/** One date of an event's timeline. */
export interface TimelinePictureEntry {
  /** "YYYY-MM-DD". */
  readonly date: string;
  /** The date's key sentence, verbatim; the layout shortens it at a word boundary to fit. */
  readonly label: string;
  /** Outlets of the articles behind the date, each drawn as a small marker in its own colour. */
  readonly outlets: readonly string[];
}

export interface TimelinePictureInput {
  readonly title: string;
  /** e.g. "3 outlets · 20–26 Nov 2026"; null for none. */
  readonly subtitle: string | null;
  /** "YYYY-MM-DD": marked on the axis (or past its end, with the gap said). */
  readonly today: string;
  /** In date order. */
  readonly entries: readonly TimelinePictureEntry[];
}

/** One article's place in a coverage chart. */
export interface CoverageArticle {
  /** Publication day, "YYYY-MM-DD". */
  readonly date: string;
  readonly outlet: string;
}

export interface CoveragePictureInput {
  readonly title: string;
  readonly articles: readonly CoverageArticle[];
  /** The article that reported the event first: its day and outlet are marked. */
  readonly firstReport: CoverageArticle | null;
  readonly today: string;
}

/** A rectangle in the picture's own pixels (x, y: top left). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface TextBox extends Box {
  readonly text: string;
}

export interface Picture {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** Every piece of text drawn, with its box as measured: inside the canvas, none overlapping another. */
  readonly texts: readonly TextBox[];
}
