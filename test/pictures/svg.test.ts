// The helpers both picture layouts share (src/pictures/svg.ts): escaping, the visible fallback for glyphs DejaVu lacks,
// text fitted to a pixel width and wrapped to a few lines, date wording, the outlet palette, and text elements that
// report their measured boxes. Measured with the shipped font, as the layouts are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadTextMeasure } from '../../src/pictures/fonts.ts';
import {
  COLOURS,
  dayNumber,
  drawableText,
  escapeXml,
  formatDay,
  formatDayRange,
  formatDayShort,
  MISSING_GLYPH,
  num,
  OUTLET_PALETTE,
  outletColours,
  shortenToWidth,
  textElement,
  wrapToWidth,
  type TextStyle,
} from '../../src/pictures/svg.ts';

const measure = loadTextMeasure();
const LABEL: TextStyle = { size: 24, weight: 'regular' };
const BOLD: TextStyle = { size: 24, weight: 'bold' };

describe('escapeXml', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["A&B 'News'", 'A&amp;B &apos;News&apos;'],
    ['&amp; stays text', '&amp;amp; stays text'],
    ['', ''],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(escapeXml(input), expected));
});

describe('drawableText', () => {
  const cases: [name: string, input: string, expected: string][] = [
    ['Latin, Greek and Cyrillic are kept', 'Café · Αθήνα · Москва', 'Café · Αθήνα · Москва'],
    ['each CJK character becomes one box', '東京で会議', MISSING_GLYPH.repeat(5)],
    ['line breaks and tabs become spaces, runs of spaces one', 'one\n\ttwo   three\r\nfour', 'one two three four'],
    ['control characters are dropped', 'bell\u0007 and \u0000nul\u001b', 'bell and nul'],
    ['invisible format characters are dropped', 'soft\u00adhyphen, zero\u200bwidth, \u202eoverride', 'softhyphen, zerowidth, override'],
    ['emoji fall back to a box, without their variation selector', 'ok \u2714\ufe0f 🚢', `ok \u2714 ${MISSING_GLYPH}`],
    ['decomposed accents are composed first', 'Cafe\u0301', 'Café'],
    ['a lone surrogate falls back', 'a\ud800b', `a${MISSING_GLYPH}b`],
    ['only control characters leave nothing (the layouts then say so)', '\u0000\u0007', ''],
    ['surrounding spaces are trimmed', '  padded  ', 'padded'],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(drawableText(input, measure), expected));
});

describe('shortenToWidth', () => {
  const sentence = 'Ferry crews in Kelby voted to strike from Monday over the new rota';
  test('text that fits is unchanged', () => assert.equal(shortenToWidth('Short', 400, LABEL, measure), 'Short'));
  test('cut after the last whole word that fits, with an ellipsis, within the width', () => {
    for (const width of [120, 200, 333, 500, 700]) {
      const short = shortenToWidth(sentence, width, LABEL, measure);
      assert.ok(measure.width(short, 24) <= width, `${short} fits ${width}`);
      assert.match(short, /…$/);
      assert.ok(sentence.startsWith(short.slice(0, -1)), short);
      const next = sentence.slice(short.length - 1).trimStart();
      assert.ok(short.length === 1 || sentence[short.length - 1] === ' ', `cut at a word boundary: ${short} | ${next}`);
    }
  });
  test('no comma or dash left hanging before the ellipsis', () => {
    const short = shortenToWidth('Crews voted, after a long night, to strike', 175, LABEL, measure);
    assert.doesNotMatch(short, /[,–-]…$/);
  });
  test('a first word wider than the width is cut between characters', () => {
    const short = shortenToWidth('Supercalifragilisticexpialidocious', 150, LABEL, measure);
    assert.match(short, /^Supercal.*…$/);
    assert.ok(measure.width(short, 24) <= 150);
  });
  test('text without spaces (fallen-back CJK) is cut between characters', () => {
    const short = shortenToWidth(MISSING_GLYPH.repeat(40), 200, LABEL, measure);
    assert.match(short, /^□+…$/);
    assert.ok(measure.width(short, 24) <= 200);
  });
  test('bold is measured as bold', () => {
    const text = 'The union put a new offer to its members';
    const regular = shortenToWidth(text, 300, LABEL, measure);
    const bold = shortenToWidth(text, 300, BOLD, measure);
    assert.ok(bold.length < regular.length, `${bold} shorter than ${regular}`);
  });
});

describe('wrapToWidth', () => {
  const text = 'Talks between the union and the operator broke down after nine hours of mediation at the harbour office';
  test('lines fit the width and break at spaces', () => {
    const lines = wrapToWidth(text, 400, 5, LABEL, measure);
    assert.ok(lines.length > 1);
    for (const line of lines) assert.ok(measure.width(line, 24) <= 400, line);
    assert.equal(lines.join(' '), text);
  });
  test('at most the number of lines asked for, the last cut with an ellipsis', () => {
    const lines = wrapToWidth(text, 400, 2, LABEL, measure);
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /…$/);
    assert.ok(measure.width(lines[1] ?? '', 24) <= 400);
  });
  test('one line when it fits', () => assert.deepEqual(wrapToWidth('Short label', 400, 2, LABEL, measure), ['Short label']));
  test('empty text gives no lines', () => assert.deepEqual(wrapToWidth('', 400, 2, LABEL, measure), []));
  test('a word wider than a line is broken, and wrapping ends', () => {
    const lines = wrapToWidth('x'.repeat(200), 100, 3, LABEL, measure);
    assert.equal(lines.length, 3);
    for (const line of lines) assert.ok(measure.width(line, 24) <= 100, line);
  });
});

describe('dates', () => {
  const days: [string, string, string][] = [
    ['2026-11-27', '27 Nov 2026', '27 Nov'],
    ['2027-01-01', '1 Jan 2027', '1 Jan'],
    ['2028-02-29', '29 Feb 2028', '29 Feb'],
  ];
  for (const [day, long, short] of days) {
    test(`${day} reads "${long}"`, () => {
      assert.equal(formatDay(dayNumber(day)), long);
      assert.equal(formatDayShort(dayNumber(day)), short);
    });
  }
  const ranges: [string, string, string][] = [
    ['2026-03-12', '2026-03-14', '12–14 Mar 2026'],
    ['2026-02-28', '2026-03-03', '28 Feb – 3 Mar 2026'],
    ['2026-12-30', '2027-01-02', '30 Dec 2026 – 2 Jan 2027'],
    ['2026-11-27', '2026-11-27', '27 Nov 2026'],
  ];
  for (const [first, last, expected] of ranges) {
    test(`${first}..${last} reads "${expected}"`, () => assert.equal(formatDayRange(dayNumber(first), dayNumber(last)), expected));
  }
  test('days subtract', () => assert.equal(dayNumber('2027-01-02') - dayNumber('2026-12-30'), 3));
  const malformed = ['', '2026-02-30', '2026-1-5', '27/11/2026', '2026-11-27T10:00:00Z', 'tomorrow', '2026-13-01'];
  for (const day of malformed) test(`"${day}" is refused`, () => assert.throws(() => dayNumber(day), /not a YYYY-MM-DD day/));
});

describe('outletColours', () => {
  test('the palette has distinct colours, none the grey of "others" or the background', () => {
    assert.ok(OUTLET_PALETTE.length >= 10);
    assert.equal(new Set(OUTLET_PALETTE).size, OUTLET_PALETTE.length);
    assert.ok(!OUTLET_PALETTE.includes(COLOURS.others) && !OUTLET_PALETTE.includes(COLOURS.background));
  });
  test('in order of importance; beyond the limit, the grey of "others"', () => {
    const colours = outletColours(['A', 'B', 'C', 'D'], 2);
    assert.deepEqual([...colours.values()], [OUTLET_PALETTE[0], OUTLET_PALETTE[1], COLOURS.others, COLOURS.others]);
  });
  test('beyond the palette, grey too', () => {
    const outlets = Array.from({ length: OUTLET_PALETTE.length + 3 }, (_, index) => `Outlet ${index}`);
    assert.equal([...outletColours(outlets).values()].filter((colour) => colour === COLOURS.others).length, 3);
  });
});

describe('num', () => {
  const cases: [number, string][] = [
    [12, '12'],
    [12.34, '12.3'],
    [12.35, '12.4'],
    [-0.01, '0'],
    [-3.26, '-3.3'],
  ];
  for (const [value, expected] of cases) test(`${value} → ${expected}`, () => assert.equal(num(value), expected));
});

describe('textElement', () => {
  const cases: [anchor: 'start' | 'middle' | 'end', left: (width: number) => number][] = [
    ['start', () => 100],
    ['middle', (width) => 100 - width / 2],
    ['end', (width) => 100 - width],
  ];
  for (const [anchor, left] of cases) {
    test(`the box of ${anchor}-anchored text is where it is drawn`, () => {
      const { svg, box } = textElement({ text: 'A&B', x: 100, top: 50, style: LABEL, anchor }, measure);
      const width = measure.width('A&B', 24);
      assert.equal(box.x, left(width));
      assert.equal(box.width, width);
      assert.equal(box.y, 50);
      assert.ok(box.height > 24 && box.height < 30);
      assert.match(svg, /font-family="DejaVu Sans" font-size="24"/);
      assert.match(svg, />A&amp;B<\/text>$/);
    });
  }
});
