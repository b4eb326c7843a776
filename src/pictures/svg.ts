/**
 * What both picture layouts share: safe text (escaped, visible fallback for glyphs the font lacks), text fitted to a
 * pixel width, the outlet palette, date wording, and text elements that report their own boxes. Pure: a `TextMeasure`
 * in, strings and numbers out.
 */
import { FONT_FAMILY, type FontWeight, type TextMeasure } from './fonts.ts';
import type { TextBox } from './picture.ts';

export type { FontWeight } from './fonts.ts';

/**
 * DejaVu Sans's ascender and descender (1901 and 483 of 2048 units, the same in both weights): the box of a line of
 * text is this tall, whatever its glyphs, so boxes of lines set at their line height never overlap.
 */
export const FONT_ASCENT = 1901 / 2048;
export const FONT_DESCENT = 483 / 2048;

/** Drawn instead of a character the font has no glyph for (CJK, emoji): a visible box rather than nothing. */
export const MISSING_GLYPH = '\u25A1';
export const ELLIPSIS = '\u2026';

/** Colours of the pictures themselves, dark on an opaque white ground: legible on Discord's dark and light themes. */
export const COLOURS = {
  background: '#ffffff',
  text: '#1a1a1a',
  muted: '#555555',
  line: '#8a8a8a',
  grid: '#e2e2e2',
  today: '#c0152f',
  /** Outlets beyond the palette, shown together as "+N others". */
  others: '#a8a8a8',
} as const;

/**
 * Outlet colours, told apart with the common colour-vision deficiencies: Okabe-Ito (its black kept for last, since
 * it reads as text and axes) followed by the darker of Paul Tol's muted colours. Markers get a thin dark outline so
 * that the yellow still reads on white.
 */
export const OUTLET_PALETTE: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#d55e00',
  '#56b4e9',
  '#cc79a7',
  '#f0e442',
  '#882255',
  '#44aa99',
  '#999933',
  '#332288',
  '#000000',
];

/** Numbers in the SVG, rounded to a tenth so that output is short and identical across runs. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${XML_ENTITIES[char] ?? 'amp'};`);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

/**
 * Text as it can be drawn: control and invisible format characters dropped (a line break becomes a space, since
 * labels are one flowing line), spaces collapsed, and every character the font has no glyph for replaced by "□", so
 * that a label in a script DejaVu lacks still shows that something is there. Variation selectors go too: they only
 * steer emoji, which fall back anyway.
 */
export function drawableText(text: string, measure: TextMeasure): string {
  const flat = text
    .normalize('NFC')
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\uFE00-\uFE0F]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  let drawable = '';
  for (const char of flat) drawable += char === ' ' || measure.covers(char) ? char : MISSING_GLYPH;
  return drawable;
}

/** How a piece of text is set: every text element uses one of these, and is measured with the same. */
export interface TextStyle {
  readonly size: number;
  readonly weight: FontWeight;
}

export function textWidth(text: string, style: TextStyle, measure: TextMeasure): number {
  return measure.width(text, style.size, style.weight);
}

/** The height of a line's box at this style (ascender to descender). */
export function lineBoxHeight(style: TextStyle): number {
  return (FONT_ASCENT + FONT_DESCENT) * style.size;
}

/** Punctuation not to leave hanging before an ellipsis: "strike, …" reads worse than "strike…". */
const TRAILING_BEFORE_ELLIPSIS = /[\s,;:–—-]+$/u;

/**
 * Cuts drawable text to `maxWidth` pixels, ending with "…": after the last whole word that fits, or, when not even the
 * first word fits (a long name, or text without spaces such as CJK), after the last character that does. Text that
 * already fits is returned as it is.
 */
export function shortenToWidth(text: string, maxWidth: number, style: TextStyle, measure: TextMeasure): string {
  if (textWidth(text, style, measure) <= maxWidth) return text;
  const fits = (candidate: string): boolean => textWidth(`${candidate}${ELLIPSIS}`, style, measure) <= maxWidth;
  const words = text.split(' ');
  let kept = '';
  for (const word of words) {
    const next = kept === '' ? word : `${kept} ${word}`;
    if (!fits(next.replace(TRAILING_BEFORE_ELLIPSIS, ''))) break;
    kept = next;
  }
  kept = kept.replace(TRAILING_BEFORE_ELLIPSIS, '');
  if (kept === '') kept = longestFittingPrefix(text, fits).replace(TRAILING_BEFORE_ELLIPSIS, '');
  return `${kept}${ELLIPSIS}`;
}

function longestFittingPrefix(text: string, fits: (candidate: string) => boolean): string {
  const chars = [...text];
  let kept = '';
  for (const char of chars) {
    if (!fits(kept + char)) break;
    kept += char;
  }
  return kept;
}

/**
 * Breaks drawable text into at most `maxLines` lines of at most `maxWidth` pixels, at spaces; a word wider than a line
 * is broken between characters. What does not fit in the last line is cut there with "…". Empty text gives no lines.
 */
export function wrapToWidth(
  text: string,
  maxWidth: number,
  maxLines: number,
  style: TextStyle,
  measure: TextMeasure,
): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest !== '' && lines.length < maxLines) {
    if (lines.length === maxLines - 1 || textWidth(rest, style, measure) <= maxWidth) {
      lines.push(shortenToWidth(rest, maxWidth, style, measure));
      break;
    }
    const line = firstLine(rest, maxWidth, style, measure);
    lines.push(line);
    rest = rest.slice(line.length).trim();
  }
  return lines;
}

/** The longest run of whole words from the start of `text` that fits, or of characters when no word does. */
function firstLine(text: string, maxWidth: number, style: TextStyle, measure: TextMeasure): string {
  const words = text.split(' ');
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line} ${word}`;
    if (textWidth(next, style, measure) > maxWidth) break;
    line = next;
  }
  if (line !== '') return line;
  const broken = longestFittingPrefix(text, (candidate) => textWidth(candidate, style, measure) <= maxWidth);
  // Even one character wider than the line still moves the text on, so wrapping always ends.
  return broken === '' ? [...text][0] ?? text : broken;
}

export type TextAnchor = 'start' | 'middle' | 'end';

export interface TextSpec {
  /** Already drawable (see drawableText) and fitted; escaped here. */
  readonly text: string;
  /** The anchor point's x: the left edge, the centre or the right edge, as `anchor` says. */
  readonly x: number;
  /** The top of the line's box. */
  readonly top: number;
  readonly style: TextStyle;
  readonly anchor?: TextAnchor;
  readonly fill?: string;
}

/** One text element, and the box it takes (measured, not guessed), for the picture's `texts`. */
export function textElement(spec: TextSpec, measure: TextMeasure): { svg: string; box: TextBox } {
  const width = textWidth(spec.text, spec.style, measure);
  const anchor = spec.anchor ?? 'start';
  const left = anchor === 'start' ? spec.x : anchor === 'middle' ? spec.x - width / 2 : spec.x - width;
  const baseline = spec.top + FONT_ASCENT * spec.style.size;
  const attributes = [
    `x="${num(spec.x)}"`,
    `y="${num(baseline)}"`,
    `font-family="${FONT_FAMILY}"`,
    `font-size="${spec.style.size}"`,
    ...(spec.style.weight === 'bold' ? ['font-weight="bold"'] : []),
    ...(anchor === 'start' ? [] : [`text-anchor="${anchor}"`]),
    `fill="${spec.fill ?? COLOURS.text}"`,
  ];
  return {
    svg: `<text ${attributes.join(' ')}>${escapeXml(spec.text)}</text>`,
    box: { text: spec.text, x: left, y: spec.top, width, height: lineBoxHeight(spec.style) },
  };
}

/** The whole document: an opaque background first, since Discord shows transparency as its own theme colour. */
export function svgDocument(width: number, height: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}">`,
    `<rect x="0" y="0" width="${num(width)}" height="${num(height)}" fill="${COLOURS.background}"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MS_PER_DAY = 86_400_000;

/** A "YYYY-MM-DD" day as a count of days since 1970-01-01, so that days subtract; a malformed day is an error. */
export function dayNumber(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(time).toISOString().slice(0, 10) !== day) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return time / MS_PER_DAY;
}

function dayParts(dayNum: number): { day: number; month: string; year: number } {
  const date = new Date(dayNum * MS_PER_DAY);
  return { day: date.getUTCDate(), month: MONTHS[date.getUTCMonth()] ?? '', year: date.getUTCFullYear() };
}

/** "27 Nov 2026". */
export function formatDay(dayNum: number): string {
  const { day, month, year } = dayParts(dayNum);
  return `${day} ${month} ${year}`;
}

/** "27 Nov": where the year is said elsewhere. */
export function formatDayShort(dayNum: number): string {
  const { day, month } = dayParts(dayNum);
  return `${day} ${month}`;
}

/** "12–14 Mar 2026", "28 Feb – 3 Mar 2026", "30 Dec 2026 – 2 Jan 2027"; one day alone as formatDay says it. */
export function formatDayRange(firstDay: number, lastDay: number): string {
  if (firstDay === lastDay) return formatDay(firstDay);
  const first = dayParts(firstDay);
  const last = dayParts(lastDay);
  if (first.year !== last.year) return `${formatDay(firstDay)} – ${formatDay(lastDay)}`;
  if (first.month !== last.month) return `${first.day} ${first.month} – ${last.day} ${last.month} ${last.year}`;
  return `${first.day}–${last.day} ${last.month} ${last.year}`;
}

/** "1 day", "12 days". */
export function dayCount(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** Outlets with their colours, most important first; those beyond the palette (or `limit`) share the grey of "others". */
export function outletColours(outletsByImportance: readonly string[], limit = OUTLET_PALETTE.length): Map<string, string> {
  const colours = new Map<string, string>();
  outletsByImportance.forEach((outlet, index) => {
    colours.set(outlet, index < limit ? (OUTLET_PALETTE[index] ?? COLOURS.others) : COLOURS.others);
  });
  return colours;
}

/** Boxes that share area (touching edges do not count). */
export function boxesOverlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Pieces of a picture: elements, and the boxes of the text among them. */
export interface Drawn {
  readonly svg: string[];
  readonly texts: TextBox[];
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: string): string {
  const dashing = dash === undefined ? '' : ` stroke-dasharray="${dash}"`;
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${width}"${dashing}/>`;
}

/** An outlet's marker: its colour, outlined so that the palette's yellow still shows on white. */
export function circle(cx: number, cy: number, r: number, fill: string): string {
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${r}" fill="${fill}" stroke="#333333" stroke-width="1"/>`;
}

export const MARKER_RADIUS = 7;
export const LEGEND_STYLE: TextStyle = { size: 22, weight: 'regular' };
export const LEGEND_LINE = 32;

/**
 * Legend items (a marker and a name, both fitted beforehand) from left to right, onto a new line when the next would
 * pass `right`, so that however many outlets there are, none leaves the canvas.
 */
export function legend(
  items: readonly (readonly [name: string, colour: string])[],
  area: { readonly left: number; readonly right: number; readonly top: number },
  measure: TextMeasure,
  marker: (x: number, middle: number, colour: string) => string = (x, middle, colour) =>
    circle(x + MARKER_RADIUS, middle, MARKER_RADIUS, colour),
): Drawn & { bottom: number } {
  const svg: string[] = [];
  const texts: TextBox[] = [];
  let x = area.left;
  let lineTop = area.top;
  for (const [name, colour] of items) {
    const width = 2 * MARKER_RADIUS + 8 + textWidth(name, LEGEND_STYLE, measure);
    if (x > area.left && x + width > area.right) {
      x = area.left;
      lineTop += LEGEND_LINE;
    }
    const middle = lineTop + LEGEND_LINE / 2;
    svg.push(marker(x, middle, colour));
    const element = textElement(
      { text: name, x: x + 2 * MARKER_RADIUS + 8, top: middle - lineBoxHeight(LEGEND_STYLE) / 2, style: LEGEND_STYLE },
      measure,
    );
    svg.push(element.svg);
    texts.push(element.box);
    x += width + 28;
  }
  return { svg, texts, bottom: items.length === 0 ? area.top : lineTop + LEGEND_LINE };
}
