/**
 * The /event coverage chart: how many articles each outlet published per day (per week over long spans), as stacked
 * bars with a colour per outlet, the first report and today marked above the bars. Empty days between the first and
 * the last article keep their place, so that a lull shows as one.
 *
 * Sizes assume the picture is shown about 550 px wide on a phone: at 1000 px, 22 px text there is 12 px.
 */
import type { TextMeasure } from './fonts.ts';
import type { Box, CoverageArticle, CoveragePictureInput, Picture, TextBox } from './picture.ts';
import {
  boxesOverlap,
  COLOURS,
  dayNumber,
  drawableText,
  formatDayRange,
  formatDayShort,
  legend,
  line,
  lineBoxHeight,
  num,
  OUTLET_PALETTE,
  shortenToWidth,
  svgDocument,
  textElement,
  textWidth,
  wrapToWidth,
  type Drawn,
  type TextAnchor,
  type TextStyle,
} from './svg.ts';
import { plural } from '../text/plural.ts';

const WIDTH = 1000;
/** The least height; a legend over several lines makes the picture taller rather than the plot flatter. */
const MIN_HEIGHT = 560;
const MARGIN = 32;

const TITLE: TextStyle = { size: 30, weight: 'bold' };
const TITLE_LINE = 38;
const SUBTITLE: TextStyle = { size: 22, weight: 'regular' };
const SMALL: TextStyle = { size: 22, weight: 'regular' };
const ANNOTATION: TextStyle = { size: 22, weight: 'bold' };
const SMALL_LINE = 30;

/** Spans longer than this many days are counted per week: 45 daily bars are about as thin as still read. */
export const MAX_DAILY_BARS = 45;
/** A today this many days past the last article still gets its place on the axis (a quiet day or two is news). */
const TODAY_REACH_DAYS = 7;
/** Outlets named in the legend; more are shown together, in grey, as "+N others". */
export const MAX_NAMED_OUTLETS = 8;
const MIN_PLOT_HEIGHT = 220;
const MAX_TICKS = 5;
const OUTLET_NAME_WIDTH = 260;
/** Below the zero line: clear of the "0" tick label, which is centred on it. */
const X_LABELS_GAP = 16;

interface Bin {
  readonly firstDay: number;
  /** Articles per outlet (already folded into "others" where needed). */
  readonly counts: Map<string, number>;
  total: number;
}

interface Annotation {
  readonly kind: 'first' | 'today';
  readonly text: string;
  readonly x: number;
  readonly fill: string;
  /** Which side of its line the label goes first. */
  readonly prefer: 'start' | 'end';
}

export function coverageSvg(input: CoveragePictureInput, measure: TextMeasure): Picture {
  const svg: string[] = [];
  const texts: TextBox[] = [];
  const add = (drawn: Drawn): void => {
    svg.push(...drawn.svg);
    texts.push(...drawn.texts);
  };

  let top = MARGIN;
  const title = drawableText(input.title, measure) || '(untitled)';
  for (const text of wrapToWidth(title, WIDTH - 2 * MARGIN, 2, TITLE, measure)) {
    add(single(textElement({ text, x: MARGIN, top, style: TITLE }, measure)));
    top += TITLE_LINE;
  }

  const articles = input.articles.map((article) => ({
    day: dayNumber(article.date),
    outlet: outletName(article.outlet, measure),
  }));
  if (articles.length === 0) {
    add(single(textElement({ text: 'No articles', x: MARGIN, top: top + 16, style: SMALL, fill: COLOURS.muted }, measure)));
    const height = Math.ceil(top + 16 + SMALL_LINE + MARGIN);
    return { svg: svgDocument(WIDTH, height, svg), width: WIDTH, height, texts };
  }

  const ranked = outletsByArticles(articles);
  const othersCount = ranked.length > MAX_NAMED_OUTLETS ? ranked.length - (MAX_NAMED_OUTLETS - 1) : 0;
  const named = othersCount > 0 ? ranked.slice(0, MAX_NAMED_OUTLETS - 1) : ranked;
  const colourOf = new Map(named.map(({ outlet }, index) => [outlet, OUTLET_PALETTE[index] ?? COLOURS.others]));
  const OTHERS = '\u0000others';
  const seriesOf = (outlet: string): string => (colourOf.has(outlet) ? outlet : OTHERS);
  const series = [...named.map(({ outlet }) => outlet), ...(othersCount > 0 ? [OTHERS] : [])];
  const colour = (key: string): string => colourOf.get(key) ?? COLOURS.others;

  const firstDay = Math.min(...articles.map((article) => article.day));
  const lastArticleDay = Math.max(...articles.map((article) => article.day));
  const today = dayNumber(input.today);
  const todayShown = today >= firstDay && today <= lastArticleDay + TODAY_REACH_DAYS;
  const lastDay = todayShown ? Math.max(lastArticleDay, today) : lastArticleDay;
  const weekly = lastDay - firstDay + 1 > MAX_DAILY_BARS;
  const binDays = weekly ? 7 : 1;
  // Weeks run Monday to Sunday; day 0 (1 January 1970) was a Thursday.
  const start = weekly ? firstDay - (((firstDay + 3) % 7) + 7) % 7 : firstDay;
  const binCount = Math.floor((lastDay - start) / binDays) + 1;
  const binOf = (day: number): number => Math.floor((day - start) / binDays);
  const bins: Bin[] = Array.from({ length: binCount }, (_, index) => ({
    firstDay: start + index * binDays,
    counts: new Map<string, number>(),
    total: 0,
  }));
  for (const article of articles) {
    const bin = bins[binOf(article.day)];
    if (bin === undefined) continue;
    const key = seriesOf(article.outlet);
    bin.counts.set(key, (bin.counts.get(key) ?? 0) + 1);
    bin.total += 1;
  }

  const subtitle = [
    plural(articles.length, 'article'),
    plural(ranked.length, 'outlet'),
    weekly ? 'per week (Monday to Sunday)' : 'per day',
    formatDayRange(firstDay, lastArticleDay),
  ].join(' · ');
  for (const text of wrapToWidth(subtitle, WIDTH - 2 * MARGIN, 2, SUBTITLE, measure)) {
    add(single(textElement({ text, x: MARGIN, top: top + 2, style: SUBTITLE, fill: COLOURS.muted }, measure)));
    top += SMALL_LINE;
  }
  top += 8;

  // The y axis: integer ticks at a step of 1, 2 or 5 times a power of ten, at most MAX_TICKS above zero.
  const maxTotal = Math.max(...bins.map((bin) => bin.total));
  const step = tickStep(maxTotal);
  const yMax = Math.max(step, Math.ceil(maxTotal / step) * step);
  const ticks = Array.from({ length: yMax / step + 1 }, (_, index) => index * step);
  const tickWidth = Math.max(...ticks.map((tick) => textWidth(String(tick), SMALL, measure)));
  const plotLeft = MARGIN + tickWidth + 12;
  const plotRight = WIDTH - MARGIN;
  const slot = (plotRight - plotLeft) / binCount;
  const slotCentre = (index: number): number => plotLeft + (index + 0.5) * slot;

  // Annotations above the plot, placed before the plot's height is known: their x comes from the bins alone.
  const annotations: Annotation[] = [];
  const first = input.firstReport === null ? null : firstReportMark(input.firstReport, measure);
  const firstBin = first === null ? -1 : binOf(first.day);
  if (first !== null && bins[firstBin] !== undefined) {
    annotations.push({ kind: 'first', text: first.label, x: slotCentre(firstBin), fill: COLOURS.text, prefer: 'start' });
  }
  const todayX = plotLeft + ((today - start + 0.5) / binDays) * slot;
  if (todayShown) annotations.push({ kind: 'today', text: 'today', x: todayX, fill: COLOURS.today, prefer: 'end' });
  const placed = placeAnnotations(annotations, measure);
  const bandRows = Math.max(0, ...placed.map((annotation) => annotation.row + 1));
  const bandTop = top;
  const plotTop = bandTop + bandRows * SMALL_LINE + 24;

  // Below the plot: x labels, then the legend; the plot takes the height that remains of MIN_HEIGHT.
  const legendItems: [string, string][] = named.map(({ outlet, count }) => [
    `${shortOutletName(outlet, measure)} (${count})`,
    colour(outlet),
  ]);
  if (othersCount > 0) {
    const count = ranked.slice(named.length).reduce((sum, outlet) => sum + outlet.count, 0);
    legendItems.push([`+${othersCount} others (${count})`, COLOURS.others]);
  }
  const legendProbe = legend(legendItems, { left: MARGIN, right: WIDTH - MARGIN, top: 0 }, measure, swatch);
  const below = X_LABELS_GAP + SMALL_LINE + 16 + legendProbe.bottom + MARGIN;
  const plotHeight = Math.max(MIN_PLOT_HEIGHT, MIN_HEIGHT - plotTop - below);
  const plotBottom = plotTop + plotHeight;
  const yOf = (value: number): number => plotBottom - (value / yMax) * plotHeight;

  for (const tick of ticks) {
    const y = yOf(tick);
    svg.push(line(plotLeft, y, plotRight, y, tick === 0 ? COLOURS.line : COLOURS.grid, tick === 0 ? 2 : 1));
    const top = y - lineBoxHeight(SMALL) / 2;
    add(single(textElement({ text: String(tick), x: plotLeft - 12, top, style: SMALL, anchor: 'end', fill: COLOURS.muted }, measure)));
  }

  // Today's line goes behind the bars (a bar of today's own articles stays whole); the first report's, in front.
  const lineOf = (annotation: PlacedAnnotation): string => {
    const labelTop = bandTop + annotation.row * SMALL_LINE;
    const end = annotation.kind === 'first' ? yOf(bins[firstBin]?.total ?? 0) - 20 : plotBottom;
    return line(annotation.x, labelTop + 2, annotation.x, end, annotation.fill, 2, '5 4');
  };
  for (const annotation of placed) if (annotation.kind === 'today') svg.push(lineOf(annotation));

  const barWidth = Math.max(1, Math.min(56, slot * 0.74));
  // A hairline of background between stacked slices, so that neighbouring colours (orange on yellow) stay apart.
  const separator = barWidth >= 4 ? ` stroke="${COLOURS.background}" stroke-width="1"` : '';
  bins.forEach((bin, index) => {
    let base = 0;
    for (const key of series) {
      const count = bin.counts.get(key) ?? 0;
      if (count === 0) continue;
      const y = yOf(base + count);
      svg.push(
        `<rect x="${num(slotCentre(index) - barWidth / 2)}" y="${num(y)}" width="${num(barWidth)}" height="${num(yOf(base) - y)}" fill="${colour(key)}"${separator}/>`,
      );
      base += count;
    }
  });

  add(xLabels(bins, slotCentre, plotBottom + X_LABELS_GAP, weekly, measure));

  for (const annotation of placed) {
    const labelTop = bandTop + annotation.row * SMALL_LINE;
    if (annotation.kind === 'first' && first !== null) {
      const barTop = yOf(bins[firstBin]?.total ?? 0);
      svg.push(lineOf(annotation));
      const fill = colour(seriesOf(first.outlet));
      const x = annotation.x;
      svg.push(
        `<path d="M ${num(x - 9)} ${num(barTop - 18)} L ${num(x + 9)} ${num(barTop - 18)} L ${num(x)} ${num(barTop - 4)} Z" fill="${fill}" stroke="#333333" stroke-width="1.5"/>`,
      );
    }
    const textTop = labelTop + (SMALL_LINE - lineBoxHeight(ANNOTATION)) / 2;
    add(single(textElement({ text: annotation.text, x: annotation.labelX, top: textTop, style: ANNOTATION, anchor: annotation.anchor, fill: annotation.fill }, measure)));
  }

  const legendTop = plotBottom + X_LABELS_GAP + SMALL_LINE + 16;
  const drawnLegend = legend(legendItems, { left: MARGIN, right: WIDTH - MARGIN, top: legendTop }, measure, swatch);
  add(drawnLegend);
  const height = Math.ceil(Math.max(MIN_HEIGHT, drawnLegend.bottom + MARGIN));
  return { svg: svgDocument(WIDTH, height, svg), width: WIDTH, height, texts };
}

function single(element: { svg: string; box: TextBox }): Drawn {
  return { svg: [element.svg], texts: [element.box] };
}

/** An outlet as drawn, in full: outlets are told apart by this, and shortened only where their name is shown. */
function outletName(outlet: string, measure: TextMeasure): string {
  return drawableText(outlet, measure) || '(unnamed outlet)';
}

function shortOutletName(outlet: string, measure: TextMeasure): string {
  return shortenToWidth(outlet, OUTLET_NAME_WIDTH, SMALL, measure);
}

/** Outlets by their number of articles, most first; on a tie, the one that published first (then input order). */
function outletsByArticles(articles: readonly { day: number; outlet: string }[]): { outlet: string; count: number }[] {
  const stats = new Map<string, { count: number; firstDay: number; order: number }>();
  for (const article of articles) {
    const known = stats.get(article.outlet);
    if (known === undefined) stats.set(article.outlet, { count: 1, firstDay: article.day, order: stats.size });
    else stats.set(article.outlet, { ...known, count: known.count + 1, firstDay: Math.min(known.firstDay, article.day) });
  }
  return [...stats]
    .sort(([, a], [, b]) => b.count - a.count || a.firstDay - b.firstDay || a.order - b.order)
    .map(([outlet, { count }]) => ({ outlet, count }));
}

/** The smallest of 1, 2, 5, 10, 20, 50… that needs at most MAX_TICKS ticks above zero. */
export function tickStep(maxValue: number): number {
  for (let power = 1; ; power *= 10) {
    for (const factor of [1, 2, 5]) {
      if (Math.ceil(maxValue / (factor * power)) <= MAX_TICKS) return factor * power;
    }
  }
}

function firstReportMark(report: CoverageArticle, measure: TextMeasure): { day: number; outlet: string; label: string } {
  const day = dayNumber(report.date);
  const outlet = outletName(report.outlet, measure);
  return { day, outlet, label: `first: ${shortOutletName(outlet, measure)}, ${formatDayShort(day)}` };
}

interface PlacedAnnotation extends Annotation {
  readonly row: number;
  readonly labelX: number;
  readonly anchor: TextAnchor;
}

/**
 * Rows above the plot for the annotations' labels, each beside its own dashed line: the first row and side where the
 * label fits the canvas, overlaps no label placed before, and is not crossed by an earlier annotation's line (which
 * runs down through every row below its own).
 */
function placeAnnotations(annotations: readonly Annotation[], measure: TextMeasure): PlacedAnnotation[] {
  const placed: (PlacedAnnotation & { box: Box })[] = [];
  for (const annotation of annotations) {
    const width = textWidth(annotation.text, ANNOTATION, measure);
    const sides: ('start' | 'end')[] = annotation.prefer === 'start' ? ['start', 'end'] : ['end', 'start'];
    const candidates = [0, 1, 2].flatMap((row) =>
      sides.map((anchor) => {
        const labelX = anchor === 'start' ? annotation.x + 8 : annotation.x - 8;
        const left = anchor === 'start' ? labelX : labelX - width;
        const box = { x: left, y: row * SMALL_LINE, width, height: SMALL_LINE };
        return { ...annotation, row, labelX, anchor, box };
      }),
    );
    const fits = (candidate: (typeof candidates)[number]): boolean =>
      candidate.box.x >= MARGIN &&
      candidate.box.x + candidate.box.width <= WIDTH - MARGIN &&
      placed.every(
        (other) =>
          !boxesOverlap(candidate.box, other.box) &&
          !(other.row < candidate.row && other.x >= candidate.box.x - 4 && other.x <= candidate.box.x + width + 4) &&
          !(candidate.row < other.row && candidate.x >= other.box.x - 4 && candidate.x <= other.box.x + other.box.width + 4),
      );
    const chosen = candidates.find(fits) ?? clampedFallback(candidates[candidates.length - 1], width);
    if (chosen !== undefined) placed.push(chosen);
  }
  return placed.map(({ box: _box, ...annotation }) => annotation);
}

/** A label that fits nowhere beside its line (only on a canvas far narrower than ours) is kept inside the canvas. */
function clampedFallback<T extends PlacedAnnotation & { box: Box }>(candidate: T | undefined, width: number): T | undefined {
  if (candidate === undefined) return undefined;
  const left = Math.min(Math.max(candidate.box.x, MARGIN), WIDTH - MARGIN - width);
  return { ...candidate, anchor: 'start', labelX: left, box: { ...candidate.box, x: left } };
}

/** Day (or week) labels under the bars: as many as fit without touching, at a regular step from the first bin. */
function xLabels(
  bins: readonly Bin[],
  slotCentre: (index: number) => number,
  top: number,
  weekly: boolean,
  measure: TextMeasure,
): Drawn {
  const labels = bins.map((bin) => formatDayShort(bin.firstDay));
  const widest = Math.max(...labels.map((label) => textWidth(label, SMALL, measure)));
  const slot = bins.length > 1 ? slotCentre(1) - slotCentre(0) : Number.POSITIVE_INFINITY;
  const steps = weekly ? [1, 2, 4, 8, 13, 26, 52] : [1, 2, 3, 7, 14, 28];
  const step = steps.find((candidate) => candidate * slot >= widest + 20) ?? Math.ceil((widest + 20) / slot);
  const svg: string[] = [];
  const texts: TextBox[] = [];
  let previousRight = Number.NEGATIVE_INFINITY;
  labels.forEach((label, index) => {
    if (index % step !== 0) return;
    const width = textWidth(label, SMALL, measure);
    const left = Math.min(Math.max(slotCentre(index) - width / 2, MARGIN), WIDTH - MARGIN - width);
    if (left < previousRight + 12) return;
    const element = textElement({ text: label, x: left, top, style: SMALL, fill: COLOURS.muted }, measure);
    svg.push(element.svg);
    texts.push(element.box);
    previousRight = left + width;
  });
  return { svg, texts };
}

/** A legend swatch: a square, like a slice of a bar. */
function swatch(x: number, middle: number, colour: string): string {
  return `<rect x="${num(x)}" y="${num(middle - 7)}" width="14" height="14" fill="${colour}" stroke="#333333" stroke-width="1"/>`;
}
