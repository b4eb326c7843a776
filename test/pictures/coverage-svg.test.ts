// The /event coverage chart's layout (src/pictures/coverage-svg.ts): golden SVG for each invented event (short, long
// and counted per week, crowded with eleven outlets, one day, none, non-Latin with a CJK fallback, markup), the
// legibility checks on each, then the parts: empty days kept, weekly bins, the legend's order and its "others", the
// first report and today, the y ticks, and the negative cases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coverageSvg, MAX_DAILY_BARS, MAX_NAMED_OUTLETS, tickStep } from '../../src/pictures/coverage-svg.ts';
import { loadTextMeasure } from '../../src/pictures/fonts.ts';
import type { CoverageArticle, CoveragePictureInput } from '../../src/pictures/picture.ts';
import { COLOURS, MISSING_GLYPH } from '../../src/pictures/svg.ts';
import { assertGolden, assertLegiblePicture, COVERAGE_FIXTURES, parsedTexts } from './picture-fixtures.ts';

const measure = loadTextMeasure();

function fixture(name: string): CoveragePictureInput {
  const input = COVERAGE_FIXTURES[name];
  if (input === undefined) throw new Error(`no fixture ${name}`);
  return input;
}

function texts(input: CoveragePictureInput): string[] {
  return coverageSvg(input, measure).texts.map((box) => box.text);
}

function bars(svg: string): number {
  return (svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#[0-9a-f]{6}"( stroke="#ffffff" stroke-width="1")?\/>/g) ?? []).length - 1;
}

function on(date: string, outlet: string, count = 1): CoverageArticle[] {
  return Array.from({ length: count }, () => ({ date, outlet }));
}

describe('coverage charts of the invented events', () => {
  for (const name of Object.keys(COVERAGE_FIXTURES)) {
    test(`${name}: golden, legible, deterministic`, () => {
      const picture = coverageSvg(fixture(name), measure);
      assertLegiblePicture(picture);
      assert.equal(picture.width, 1000);
      assert.ok(picture.height >= (name === 'zero-dates' ? 0 : 560));
      assert.equal(coverageSvg(fixture(name), measure).svg, picture.svg, 'same input, same SVG');
      assert.doesNotMatch(picture.svg, /\d\.\d\d/, 'numbers rounded to a tenth');
      assertGolden(`coverage-${name}.svg`, picture.svg);
      assert.ok(Buffer.byteLength(picture.svg) < 40_000, 'a small SVG');
    });
  }

  test('short: a label per day, empty days included, the first report and today marked', () => {
    const drawn = texts(fixture('short'));
    for (const day of ['20 Nov', '21 Nov', '22 Nov', '23 Nov', '24 Nov']) assert.ok(drawn.includes(day), day);
    assert.ok(drawn.includes('first: Kelby Herald, 20 Nov'));
    assert.ok(drawn.includes('today'));
    assert.ok(drawn.includes('9 articles · 3 outlets · per day · 20–22 Nov 2026'));
    assert.deepEqual(
      drawn.filter((text) => /^\d$/.test(text)),
      ['0', '1', '2', '3', '4', '5'],
      'integer ticks',
    );
  });

  test('long: counted per week, and said so', () => {
    const drawn = texts(fixture('long'));
    assert.ok(drawn.some((text) => text.includes('per week (Monday to Sunday)')));
    assert.ok(drawn.includes('16 Nov'), 'weeks start on the Monday before the first article');
  });

  test('crowded: seven outlets named, most articles first, the other four together in grey', () => {
    const picture = coverageSvg(fixture('crowded'), measure);
    const legend = picture.texts.map((box) => box.text).filter((text) => /\(\d+\)$/.test(text));
    assert.equal(legend.length, MAX_NAMED_OUTLETS);
    assert.equal(legend[legend.length - 1], '+4 others (23)');
    const counts = legend.slice(0, -1).map((text) => Number(/\((\d+)\)$/.exec(text)?.[1]));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    assert.ok(picture.svg.includes(`fill="${COLOURS.others}"`));
  });

  test('non-Latin: Greek and Cyrillic drawn as they are, CJK as boxes', () => {
    const picture = coverageSvg(fixture('non-latin'), measure);
    const drawn = parsedTexts(picture.svg).map((text) => text.text);
    assert.ok(drawn.includes('Северный вестник (3)'));
    assert.ok(drawn.includes(`${MISSING_GLYPH.repeat(4)} (1)`));
    assert.ok(drawn.some((text) => text.startsWith('first: Η Καθημερινή')));
    assert.doesNotMatch(picture.svg, /[\u3040-\u30ff\u4e00-\u9fff]/u);
  });

  test('markup: escaped in the SVG, shown as written', () => {
    const picture = coverageSvg(fixture('markup'), measure);
    assert.doesNotMatch(picture.svg, /<script|<Outlet>/);
    const drawn = parsedTexts(picture.svg).map((text) => text.text);
    assert.ok(drawn.includes('<script>alert("x")</script> & \'quotes\''));
    assert.ok(drawn.includes('first: A&B "News", 20 Nov'));
    assert.ok(drawn.includes('<Outlet> (1)'));
  });

  test('zero articles: a picture that says so', () => {
    assert.deepEqual(texts(fixture('zero-dates')), ['Rumours of a new ferry operator', 'No articles']);
  });
});

describe('days and weeks', () => {
  const cases: [name: string, lastDay: string, bars: number, unit: string][] = [
    ['one day: one bar', '2026-11-01', 1, 'per day'],
    ['empty days between keep their place', '2026-11-10', 2, 'per day'],
    [`${MAX_DAILY_BARS} days: still per day`, '2026-12-15', 2, 'per day'],
    [`${MAX_DAILY_BARS + 1} days: per week`, '2026-12-16', 2, 'per week'],
    ['two years: per week', '2028-10-31', 2, 'per week'],
  ];
  for (const [name, lastDay, expectedBars, unit] of cases) {
    test(name, () => {
      const input: CoveragePictureInput = {
        title: 'Span',
        articles: [...on('2026-11-01', 'A'), ...(lastDay === '2026-11-01' ? [] : on(lastDay, 'A'))],
        firstReport: null,
        today: '2030-01-01',
      };
      const picture = coverageSvg(input, measure);
      assertLegiblePicture(picture);
      assert.equal(bars(picture.svg), expectedBars);
      assert.ok(picture.texts.some((box) => box.text.includes(unit)), unit);
    });
  }
});

describe('today', () => {
  const articles = [...on('2026-11-20', 'A', 2), ...on('2026-11-24', 'B')];
  const cases: [today: string, marked: boolean][] = [
    ['2026-11-19', false],
    ['2026-11-20', true],
    ['2026-11-22', true],
    ['2026-12-01', true],
    ['2026-12-02', false],
  ];
  for (const [today, marked] of cases) {
    test(`${today}: ${marked ? 'marked' : 'not marked'}`, () => {
      const picture = coverageSvg({ title: 'T', articles, firstReport: null, today }, measure);
      assertLegiblePicture(picture);
      assert.equal(picture.texts.some((box) => box.text === 'today'), marked);
    });
  }
});

describe('tickStep', () => {
  const cases: [number, number][] = [
    [0, 1],
    [1, 1],
    [5, 1],
    [6, 2],
    [10, 2],
    [11, 5],
    [25, 5],
    [26, 10],
    [66, 20],
    [1234, 500],
  ];
  for (const [max, step] of cases) test(`${max} → ${step}`, () => assert.equal(tickStep(max), step));
});

describe('negative cases: odd input still gives a legible picture', () => {
  const long = 'The Kelby and Bellmere Regional Broadcasting Corporation Evening Edition and Weekend Supplement';
  const cases: [name: string, input: CoveragePictureInput, check?: (drawn: string[]) => void][] = [
    [
      'empty title and outlet names',
      { title: '', articles: on('2026-11-20', ''), firstReport: { date: '2026-11-20', outlet: '' }, today: '2026-11-20' },
      (drawn) => assert.ok(drawn.includes('(untitled)') && drawn.includes('(unnamed outlet) (1)')),
    ],
    [
      'very long outlet names and title',
      {
        title: `${long} ${long}`,
        articles: [...on('2026-11-20', long, 3), ...on('2026-11-21', `${long} 2`)],
        firstReport: { date: '2026-11-20', outlet: long },
        today: '2026-11-21',
      },
      (drawn) => assert.ok(drawn.filter((text) => text.includes('…')).length >= 3),
    ],
    [
      'a first report outside the articles is not marked',
      { title: 'T', articles: on('2026-11-20', 'A'), firstReport: { date: '2026-10-01', outlet: 'A' }, today: '2026-11-20' },
      (drawn) => assert.ok(!drawn.some((text) => text.startsWith('first:'))),
    ],
    [
      'first report and today on the same single day',
      { title: 'T', articles: on('2026-11-20', 'A', 4), firstReport: { date: '2026-11-20', outlet: 'A' }, today: '2026-11-20' },
      (drawn) => assert.ok(drawn.includes('today') && drawn.includes('first: A, 20 Nov')),
    ],
    [
      'first report and today at the right edge of a long daily chart',
      {
        title: 'T',
        articles: [...on('2026-11-01', 'A'), ...on('2026-12-14', 'A', 3)],
        firstReport: { date: '2026-12-14', outlet: 'A' },
        today: '2026-12-14',
      },
      (drawn) => assert.ok(drawn.includes('today') && drawn.includes('first: A, 14 Dec')),
    ],
    [
      'thirty outlets: the legend wraps and stays on the canvas',
      {
        title: 'T',
        articles: Array.from({ length: 30 }, (_, index) => on('2026-11-20', `Outlet ${index} of the ${long}`, 1 + (index % 3))).flat(),
        firstReport: null,
        today: '2026-11-20',
      },
      (drawn) => assert.ok(drawn.some((text) => text.startsWith('+23 others'))),
    ],
    [
      'a thousand articles on one day: ticks stay integer and few',
      { title: 'T', articles: on('2026-11-20', 'A', 1000), firstReport: null, today: '2026-11-20' },
      (drawn) => assert.deepEqual(drawn.filter((text) => /^\d+$/.test(text)), ['0', '200', '400', '600', '800', '1000']),
    ],
  ];
  for (const [name, input, check] of cases) {
    test(name, () => {
      const picture = coverageSvg(input, measure);
      assertLegiblePicture(picture);
      check?.(picture.texts.map((box) => box.text));
    });
  }

  test('a malformed date is refused', () => {
    const input: CoveragePictureInput = { title: 'T', articles: on('2026-11-31', 'A'), firstReport: null, today: '2026-11-20' };
    assert.throws(() => coverageSvg(input, measure), /not a YYYY-MM-DD day/);
  });
});
