/**
 * The /timeline picture: an event's dates on a vertical time axis, dots placed in proportion to time, each date's key
 * sentence to the right and its outlets as coloured dots, today marked. Labels keep their date order and a minimum
 * spacing, so when dates crowd together the labels move apart and a thin leader line ties each back to its dot; more
 * than MAX_ROWS dates are grouped (the closest in time first) so that a long timeline stays legible on a phone.
 *
 * Sizes assume the picture is shown about 550 px wide on a phone: at 1000 px, 22 px text there is 12 px.
 */
import type { TextMeasure } from './fonts.ts';
import type { Picture, TextBox, TimelinePictureEntry, TimelinePictureInput } from './picture.ts';
import {
  COLOURS,
  dayCount,
  circle,
  dayNumber,
  drawableText,
  type Drawn,
  formatDayRange,
  legend,
  line,
  lineBoxHeight,
  MARKER_RADIUS,
  num,
  outletColours,
  shortenToWidth,
  svgDocument,
  textElement,
  textWidth,
  wrapToWidth,
  type TextStyle,
} from './svg.ts';

const WIDTH = 1000;
const MARGIN = 32;

const TITLE: TextStyle = { size: 32, weight: 'bold' };
const TITLE_LINE = 40;
const SUBTITLE: TextStyle = { size: 24, weight: 'regular' };
const SUBTITLE_LINE = 32;
const LABEL: TextStyle = { size: 24, weight: 'regular' };
const LABEL_LINE = 30;
const DATE: TextStyle = { size: 22, weight: 'bold' };
const NOTE: TextStyle = { size: 22, weight: 'regular' };
const SMALL_LINE = 28;
const TODAY: TextStyle = { size: 24, weight: 'bold' };

/** Date column on the left (right-aligned against the axis), labels on the right. */
const DATE_RIGHT = 252;
const AXIS_X = 274;
const LABEL_X = 318;
const LABEL_WIDTH = WIDTH - MARGIN - LABEL_X;

/** More dates than this are grouped: ten rows of two lines still read at phone size. */
export const MAX_ROWS = 10;
const ROW_GAP = 16;
/** The shortest time axis between the first and last date, so that proportions still show with few rows. */
const MIN_AXIS = 120;
/** Slack over the rows' own heights, so that dots spread in time can keep their labels beside them. */
const AXIS_SLACK = 1.25;
/** The dashed stretch past the axis's end to a today that lies outside the dates. */
const TODAY_STRETCH = 56;
const DOT_RADIUS = 8;
const OUTLET_STEP = 20;
const LEGEND_NAME_WIDTH = 280;

export interface DatedEntry {
  readonly day: number;
  readonly label: string;
  readonly outlets: readonly string[];
}

/** One row of the picture: a date, or adjacent dates grouped, shown by the label of its most reported date. */
export interface Group {
  readonly firstDay: number;
  readonly lastDay: number;
  readonly entries: readonly DatedEntry[];
}

interface Row {
  /** Where the row would like its first line's middle: beside its dot. */
  readonly ideal: number;
  /** From the first line's top to the last line's bottom. */
  readonly height: number;
  /** Draws the row with its first line's middle at `anchor`. */
  readonly draw: (anchor: number) => Drawn;
}

export function timelineSvg(input: TimelinePictureInput, measure: TextMeasure): Picture {
  const svg: string[] = [];
  const texts: TextBox[] = [];
  const add = (drawn: Drawn): void => {
    svg.push(...drawn.svg);
    texts.push(...drawn.texts);
  };

  const header = drawHeader(input, measure);
  add(header);
  const entries = datedEntries(input.entries, measure);

  if (entries.length === 0) {
    const message = textElement(
      { text: 'No dated statements', x: MARGIN, top: header.bottom + 24, style: LABEL, fill: COLOURS.muted },
      measure,
    );
    add({ svg: [message.svg], texts: [message.box] });
    const height = Math.ceil(header.bottom + 24 + LABEL_LINE + MARGIN);
    return { svg: svgDocument(WIDTH, height, svg), width: WIDTH, height, texts };
  }

  const colours = outletColours(outletsByImportance(entries));
  const groups = groupDates(entries, MAX_ROWS);
  const today = dayNumber(input.today);
  const firstDay = groups[0]?.firstDay ?? today;
  const lastDay = groups[groups.length - 1]?.lastDay ?? today;
  const todayBefore = today < firstDay;
  const todayAfter = today > lastDay;

  // Rows first at a nominal axis, to learn their heights; the axis is then made long enough for all of them.
  const dateRows = groups.map((group) => dateRow(group, colours, measure));
  const todayRowHeight = LABEL_LINE;
  const needed = [...dateRows.map((row) => row.height), todayRowHeight]
    .slice(0, -1)
    .reduce((sum, height) => sum + height + ROW_GAP, 0);
  const stretch = todayBefore || todayAfter ? TODAY_STRETCH : 0;
  const axisLength = lastDay === firstDay ? 0 : Math.max(MIN_AXIS, Math.ceil(needed * AXIS_SLACK) - stretch);

  const axisTop = header.bottom + 24 + LABEL_LINE / 2;
  const timeTop = axisTop + (todayBefore ? stretch : 0);
  const timeBottom = timeTop + axisLength;
  const scale = timeScale(entries.map((entry) => entry.day));
  const yOf = (day: number): number => timeTop + scale.position(day) * axisLength;
  const todayY = todayBefore ? axisTop : todayAfter ? timeBottom + stretch : yOf(today);

  const rows: Row[] = groups.map((group, index) => {
    const row = dateRows[index];
    if (row === undefined) throw new Error('a row per group');
    return { ...row, ideal: (yOf(group.firstDay) + yOf(group.lastDay)) / 2, draw: (anchor) => row.draw(anchor, yOf) };
  });
  const todayRow: Row = {
    ideal: todayY,
    height: todayRowHeight,
    draw: (anchor) => drawTodayLabel(todayWording(today, firstDay, lastDay), anchor, todayY, measure),
  };
  // Today goes after the dates it equals: "today" reads as the latest thing on that day.
  const todayIndex = todayBefore ? 0 : groups.filter((group) => group.firstDay <= today).length;
  rows.splice(todayIndex, 0, todayRow);

  const placeFrom = axisTop;
  const placeTo = Math.max(todayAfter ? todayY : timeBottom, axisTop + needed);
  const anchors = placeRows(rows, placeFrom, placeTo);

  // The axis: solid over the dates, dashed out to a today beyond them; the marks and rows go over it.
  if (axisLength > 0) svg.push(line(AXIS_X, timeTop, AXIS_X, timeBottom, COLOURS.line, 3));
  for (const [from, to] of scale.breaks) svg.push(axisBreak((yOf(from) + yOf(to)) / 2));
  if (todayBefore || todayAfter) {
    const [from, to] = todayBefore ? [axisTop, timeTop] : [timeBottom, todayY];
    svg.push(line(AXIS_X, from, AXIS_X, to, COLOURS.line, 3, '6 6'));
  }
  for (const group of groups) svg.push(dateMark(yOf(group.firstDay), yOf(group.lastDay)));
  svg.push(
    line(AXIS_X - 14, todayY, AXIS_X + 14, todayY, COLOURS.today, 5),
    `<circle cx="${AXIS_X}" cy="${num(todayY)}" r="6" fill="${COLOURS.background}" stroke="${COLOURS.today}" stroke-width="3"/>`,
  );
  let rowsBottom = 0;
  rows.forEach((row, index) => {
    const anchor = anchors[index] ?? row.ideal;
    add(row.draw(anchor));
    rowsBottom = Math.max(rowsBottom, anchor - LABEL_LINE / 2 + row.height);
  });

  const legendTop = Math.max(rowsBottom, timeBottom + DOT_RADIUS, todayY + DOT_RADIUS) + 32;
  const legend = drawLegend(colours, legendTop, measure);
  add(legend);
  const height = Math.ceil(legend.bottom + MARGIN);
  return { svg: svgDocument(WIDTH, height, svg), width: WIDTH, height, texts };
}

function drawHeader(input: TimelinePictureInput, measure: TextMeasure): Drawn & { bottom: number } {
  const svg: string[] = [];
  const texts: TextBox[] = [];
  let top = MARGIN;
  const title = drawableText(input.title, measure) || '(untitled)';
  for (const text of wrapToWidth(title, WIDTH - 2 * MARGIN, 2, TITLE, measure)) {
    const element = textElement({ text, x: MARGIN, top, style: TITLE }, measure);
    svg.push(element.svg);
    texts.push(element.box);
    top += TITLE_LINE;
  }
  const subtitle = input.subtitle === null ? '' : drawableText(input.subtitle, measure);
  for (const text of wrapToWidth(subtitle, WIDTH - 2 * MARGIN, 2, SUBTITLE, measure)) {
    const element = textElement({ text, x: MARGIN, top: top + 2, style: SUBTITLE, fill: COLOURS.muted }, measure);
    svg.push(element.svg);
    texts.push(element.box);
    top += SUBTITLE_LINE;
  }
  return { svg, texts, bottom: top };
}

/** Entries as they can be drawn, in date order (kept stable for equal dates), each outlet once. */
function datedEntries(entries: readonly TimelinePictureEntry[], measure: TextMeasure): DatedEntry[] {
  return entries
    .map((entry) => ({
      day: dayNumber(entry.date),
      label: drawableText(entry.label, measure) || '(no text)',
      outlets: [...new Set(entry.outlets.map((outlet) => drawableText(outlet, measure) || '(unnamed outlet)'))],
    }))
    .sort((a, b) => a.day - b.day);
}

/** Outlets by the number of dates they report, then by their first date: the palette's first colours go to them. */
function outletsByImportance(entries: readonly DatedEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) for (const outlet of entry.outlets) counts.set(outlet, (counts.get(outlet) ?? 0) + 1);
  const firstSeen = [...counts.keys()];
  return firstSeen.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || firstSeen.indexOf(a) - firstSeen.indexOf(b));
}

/**
 * Joins adjacent rows, the pair that would span the fewest days first (the earlier pair on a tie), until at most
 * `maxRows` rows remain, and then goes on joining pairs that span no more than the last one joined: a burst of coverage
 * becomes one row rather than being cut where the count happened to run out, isolated dates keep their own rows, and
 * evenly spread dates make groups of even length rather than one that swallows the rest.
 */
export function groupDates(entries: readonly DatedEntry[], maxRows: number): Group[] {
  const groups: Group[] = entries.map((entry) => ({ firstDay: entry.day, lastDay: entry.day, entries: [entry] }));
  let lastJoinedSpan = Number.NEGATIVE_INFINITY;
  while (groups.length > 1) {
    let best = 0;
    let bestSpan = Number.POSITIVE_INFINITY;
    for (let index = 0; index + 1 < groups.length; index++) {
      const span = (groups[index + 1]?.lastDay ?? 0) - (groups[index]?.firstDay ?? 0);
      if (span < bestSpan) {
        best = index;
        bestSpan = span;
      }
    }
    if (groups.length <= Math.max(1, maxRows) && bestSpan > lastJoinedSpan) break;
    const [earlier, later] = groups.slice(best, best + 2);
    if (earlier === undefined || later === undefined) break;
    groups.splice(best, 2, {
      firstDay: earlier.firstDay,
      lastDay: later.lastDay,
      entries: [...earlier.entries, ...later.entries],
    });
    lastJoinedSpan = bestSpan;
  }
  return groups;
}

/** The entry a group is shown by: the one most outlets reported (the earliest on a tie). */
function leadEntry(group: Group): DatedEntry {
  const [first, ...rest] = group.entries;
  if (first === undefined) throw new Error('a group has entries');
  return rest.reduce((lead, entry) => (entry.outlets.length > lead.outlets.length ? entry : lead), first);
}

/** The date text: one line when it fits the column, else split after the range's dash. */
function dateLines(group: Group, measure: TextMeasure): string[] {
  const width = DATE_RIGHT - MARGIN;
  const text = formatDayRange(group.firstDay, group.lastDay);
  if (textWidth(text, DATE, measure) <= width) return [text];
  const split = text.indexOf(' – ');
  const lines = split < 0 ? [text] : [text.slice(0, split + 2), text.slice(split + 3)];
  return lines.map((line) => shortenToWidth(line, width, DATE, measure));
}

function dateRow(
  group: Group,
  colours: ReadonlyMap<string, string>,
  measure: TextMeasure,
): { height: number; draw: (anchor: number, yOf: (day: number) => number) => Drawn } {
  const lead = leadEntry(group);
  const labelLines = wrapToWidth(lead.label, LABEL_WIDTH, 2, LABEL, measure);
  const dates = dateLines(group, measure);
  const note = group.entries.length > 1 ? [`${group.entries.length} dates`] : [];
  // Outlets of every date in the group, each once, in legend order so that colours line up with the legend.
  const order = [...colours.keys()];
  const outlets = [...new Set(group.entries.flatMap((entry) => entry.outlets))].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
  const lastLineWidth = textWidth(labelLines[labelLines.length - 1] ?? '', LABEL, measure);
  const markers = outletMarkers(outlets, colours, measure);
  const inline = lastLineWidth + 16 + markers.width <= LABEL_WIDTH;
  const labelHeight = labelLines.length * LABEL_LINE + (inline || outlets.length === 0 ? 0 : SMALL_LINE);
  const height = Math.max(labelHeight, (dates.length + note.length) * SMALL_LINE);

  return {
    height,
    draw(anchor, yOf) {
      const svg: string[] = [];
      const texts: TextBox[] = [];
      const top = anchor - LABEL_LINE / 2;
      // The leader starts at the nearest point of the group's mark, so a grouped span points at itself.
      const markY = Math.min(Math.max(anchor, yOf(group.firstDay)), yOf(group.lastDay));
      svg.push(line(AXIS_X + DOT_RADIUS + 2, markY, LABEL_X - 8, anchor, COLOURS.line, 1.5));
      [...dates, ...note].forEach((text, index) => {
        const style = index < dates.length ? DATE : NOTE;
        const lineTop = top + (LABEL_LINE - SMALL_LINE) / 2 + index * SMALL_LINE + (SMALL_LINE - lineBoxHeight(style)) / 2;
        const fill = index < dates.length ? COLOURS.text : COLOURS.muted;
        const element = textElement({ text, x: DATE_RIGHT, top: lineTop, style, anchor: 'end', fill }, measure);
        svg.push(element.svg);
        texts.push(element.box);
      });
      labelLines.forEach((text, index) => {
        const lineTop = top + index * LABEL_LINE + (LABEL_LINE - lineBoxHeight(LABEL)) / 2;
        const element = textElement({ text, x: LABEL_X, top: lineTop, style: LABEL }, measure);
        svg.push(element.svg);
        texts.push(element.box);
      });
      if (outlets.length > 0) {
        const lastLineMiddle = top + (labelLines.length - 1) * LABEL_LINE + LABEL_LINE / 2;
        const [x, middle] = inline
          ? [LABEL_X + lastLineWidth + 16, lastLineMiddle]
          : [LABEL_X, lastLineMiddle + LABEL_LINE / 2 + SMALL_LINE / 2];
        const drawn = markers.draw(x, middle);
        svg.push(...drawn.svg);
        texts.push(...drawn.texts);
      }
      return { svg, texts };
    },
  };
}

/** The outlets of a row as coloured dots, as many as fit the label column, then "+N" for the rest. */
function outletMarkers(
  outlets: readonly string[],
  colours: ReadonlyMap<string, string>,
  measure: TextMeasure,
): { width: number; draw: (x: number, middle: number) => Drawn } {
  const fitting = Math.floor((LABEL_WIDTH - 80) / OUTLET_STEP);
  const shown = outlets.length > fitting + 1 ? outlets.slice(0, fitting) : outlets;
  const more = outlets.length - shown.length;
  const moreText = more > 0 ? `+${more}` : '';
  const width = shown.length * OUTLET_STEP + (more > 0 ? 6 + textWidth(moreText, NOTE, measure) : 0);
  return {
    width,
    draw(x, middle) {
      const svg = shown.map((outlet, index) =>
        circle(x + MARKER_RADIUS + index * OUTLET_STEP, middle, MARKER_RADIUS, colours.get(outlet) ?? COLOURS.others),
      );
      const texts: TextBox[] = [];
      if (more > 0) {
        const top = middle - lineBoxHeight(NOTE) / 2;
        const element = textElement(
          { text: moreText, x: x + shown.length * OUTLET_STEP + 6, top, style: NOTE, fill: COLOURS.muted },
          measure,
        );
        svg.push(element.svg);
        texts.push(element.box);
      }
      return { svg, texts };
    },
  };
}

/** "today", or, for a today outside the dates, how far outside: "today · 12 days later". */
function todayWording(today: number, firstDay: number, lastDay: number): string {
  if (today > lastDay) return `today · ${dayCount(today - lastDay)} later`;
  if (today < firstDay) return `today · ${dayCount(firstDay - today)} before`;
  return 'today';
}

function drawTodayLabel(text: string, anchor: number, todayY: number, measure: TextMeasure): Drawn {
  const element = textElement(
    { text, x: LABEL_X, top: anchor - lineBoxHeight(TODAY) / 2, style: TODAY, fill: COLOURS.today },
    measure,
  );
  return { svg: [line(AXIS_X + 16, todayY, LABEL_X - 8, anchor, COLOURS.today, 1.5), element.svg], texts: [element.box] };
}

/**
 * Anchors (first-line middles) for rows in order: each as near its ideal as the rows before it allow (pushed down),
 * then pulled back up where the rows after it would run past `to`. With room for all rows between `from` and `to`,
 * every anchor stays inside and rows keep at least ROW_GAP between them.
 */
export function placeRows(
  rows: readonly { readonly ideal: number; readonly height: number }[],
  from: number,
  to: number,
): number[] {
  const anchors: number[] = [];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    const floor = previous === undefined ? from : (anchors[index - 1] ?? from) + previous.height + ROW_GAP;
    anchors.push(Math.max(row.ideal, floor, from));
  });
  for (let index = rows.length - 1; index >= 0; index--) {
    const row = rows[index];
    const next = anchors[index + 1];
    const ceiling = next === undefined ? to : next - (row?.height ?? 0) - ROW_GAP;
    anchors[index] = Math.max(from, Math.min(anchors[index] ?? from, ceiling));
  }
  return anchors;
}

/** At most this share of the axis goes to one gap between dates, however long: the rest is for the dates. */
function largestGapShare(gapCount: number): number {
  return Math.max(0.2, 1.5 / gapCount);
}

/**
 * Where days fall on the axis, from 0 (the first date) to 1 (the last): in proportion to time, except that a gap
 * taking more than its share (a statement weeks before a burst of coverage) is shortened to that share, so that the
 * burst keeps room for its labels; shortened gaps are listed so the axis can show a break there.
 */
export function timeScale(days: readonly number[]): { position: (day: number) => number; breaks: [number, number][] } {
  const distinct = [...new Set(days)].sort((a, b) => a - b);
  const gaps = distinct.slice(1).map((day, index) => day - (distinct[index] ?? day));
  const total = (cap: number): number => gaps.reduce((sum, gap) => sum + Math.min(gap, cap), 0);
  const share = largestGapShare(gaps.length);
  // The cap is the fixed point of cap = share × (sum of capped gaps); from the largest gap down, it only decreases.
  let cap = Math.max(0, ...gaps);
  for (let round = 0; round < 200 && cap > share * total(cap) + 1e-9; round++) cap = share * total(cap);
  const span = total(cap);
  const starts = [0];
  for (const gap of gaps) starts.push((starts[starts.length - 1] ?? 0) + Math.min(gap, cap));
  const position = (day: number): number => {
    if (span === 0) return 0;
    let index = 0;
    while (index + 1 < distinct.length - 1 && (distinct[index + 1] ?? day) <= day) index++;
    const from = distinct[index] ?? day;
    const gap = gaps[index] ?? 0;
    const offset = gap === 0 ? 0 : (Math.min(Math.max(day - from, 0), gap) / gap) * Math.min(gap, cap);
    return ((starts[index] ?? 0) + offset) / span;
  };
  const breaks = gaps.flatMap((gap, index): [number, number][] =>
    gap > cap + 1e-9 ? [[distinct[index] ?? 0, distinct[index + 1] ?? 0]] : [],
  );
  return { position, breaks };
}

/** Two short slanted strokes across the axis: time runs faster here than elsewhere. */
function axisBreak(y: number): string {
  const stroke = (dy: number): string => line(AXIS_X - 11, y + dy + 5, AXIS_X + 11, y + dy - 5, COLOURS.line, 2.5);
  return `<rect x="${AXIS_X - 12}" y="${num(y - 9)}" width="24" height="18" fill="${COLOURS.background}"/>${stroke(-4)}${stroke(4)}`;
}

/** A date's mark on the axis: a dot, or for grouped dates a capsule over their span. */
function dateMark(firstY: number, lastY: number): string {
  const style = `fill="#333333" stroke="${COLOURS.background}" stroke-width="2"`;
  if (lastY - firstY < 1) return `<circle cx="${AXIS_X}" cy="${num(firstY)}" r="${DOT_RADIUS}" ${style}/>`;
  return `<rect x="${AXIS_X - DOT_RADIUS}" y="${num(firstY - DOT_RADIUS)}" width="${2 * DOT_RADIUS}" height="${num(lastY - firstY + 2 * DOT_RADIUS)}" rx="${DOT_RADIUS}" ${style}/>`;
}

/** The outlets' colours under the timeline, wrapped over as many lines as they need; beyond the palette, "+N others". */
function drawLegend(colours: ReadonlyMap<string, string>, top: number, measure: TextMeasure): Drawn & { bottom: number } {
  const named = [...colours].filter(([, colour]) => colour !== COLOURS.others);
  const others = colours.size - named.length;
  const items: [string, string][] = named.map(([outlet, colour]) => [
    shortenToWidth(outlet, LEGEND_NAME_WIDTH, NOTE, measure),
    colour,
  ]);
  if (others > 0) items.push([`+${others} ${others === 1 ? 'other' : 'others'}`, COLOURS.others]);
  return legend(items, { left: MARGIN, right: WIDTH - MARGIN, top }, measure);
}
