// The /timeline picture's layout (src/pictures/timeline-svg.ts): golden SVG for each invented event (short, long and
// grouped, crowded, one date, none, non-Latin with a CJK fallback, markup), the legibility checks on each, then the
// parts: grouping, label placement, the time scale with its breaks, today's wording, and the negative cases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadTextMeasure } from '../../src/pictures/fonts.ts';
import type { TimelinePictureEntry, TimelinePictureInput } from '../../src/pictures/picture.ts';
import { dayNumber, MISSING_GLYPH } from '../../src/pictures/svg.ts';
import { groupDates, MAX_ROWS, placeRows, timelineSvg, timeScale, type DatedEntry } from '../../src/pictures/timeline-svg.ts';
import { assertGolden, assertLegiblePicture, parsedTexts, TIMELINE_FIXTURES } from './picture-fixtures.ts';

const measure = loadTextMeasure();

function texts(input: TimelinePictureInput): string[] {
  return timelineSvg(input, measure).texts.map((box) => box.text);
}

describe('timeline pictures of the invented events', () => {
  for (const [name, input] of Object.entries(TIMELINE_FIXTURES)) {
    test(`${name}: golden, legible, deterministic`, () => {
      const picture = timelineSvg(input, measure);
      assertLegiblePicture(picture);
      assert.equal(picture.width, 1000);
      assert.equal(timelineSvg(input, measure).svg, picture.svg, 'same input, same SVG');
      assert.doesNotMatch(picture.svg, /\d\.\d\d/, 'numbers rounded to a tenth');
      assertGolden(`timeline-${name}.svg`, picture.svg);
      assert.ok(Buffer.byteLength(picture.svg) < 40_000, 'a small SVG');
    });
  }

  test('short: every date, its label and the gap to today', () => {
    const drawn = texts(TIMELINE_FIXTURES['short'] as TimelinePictureInput);
    for (const date of ['20 Nov 2026', '22 Nov 2026', '26 Nov 2026']) assert.ok(drawn.includes(date), date);
    assert.ok(drawn.includes('today · 12 days later'));
    assert.ok(drawn.includes('Kelby Herald') && drawn.includes('Northern Wire'), 'the legend names the outlets');
  });

  test('long: forty dates grouped into at most MAX_ROWS rows, each group with its range and count', () => {
    const drawn = texts(TIMELINE_FIXTURES['long'] as TimelinePictureInput);
    const counts = drawn.filter((text) => /^\d+ dates$/.test(text));
    assert.ok(counts.length > 0 && counts.length <= MAX_ROWS);
    assert.equal(counts.reduce((sum, text) => sum + Number.parseInt(text, 10), 0), 40, 'every date in some group');
    assert.ok(drawn.includes('20–28 Nov 2026'), 'a burst of coverage is one row');
  });

  test('crowded: each date keeps its own row, in date order', () => {
    const picture = timelineSvg(TIMELINE_FIXTURES['crowded'] as TimelinePictureInput, measure);
    const dates = picture.texts.filter((box) => /^\d+ \w{3} 2026$/.test(box.text));
    assert.equal(dates.length, 10);
    const tops = dates.map((box) => box.y);
    assert.deepEqual(tops, [...tops].sort((a, b) => a - b));
    assert.ok(picture.svg.includes('stroke-width="2.5"'), 'the five-week gap before the burst is a break in the axis');
  });

  test('zero dates: a picture that says so', () => {
    const picture = timelineSvg(TIMELINE_FIXTURES['zero-dates'] as TimelinePictureInput, measure);
    assert.deepEqual(
      picture.texts.map((box) => box.text),
      ['Rumours of a new ferry operator', '1 outlet', 'No dated statements'],
    );
  });

  test('one date on today: the date, its label, "today"', () => {
    const drawn = texts(TIMELINE_FIXTURES['one-date'] as TimelinePictureInput);
    assert.ok(drawn.includes('20 Nov 2026') && drawn.includes('today'));
  });

  test('non-Latin: Greek and Cyrillic drawn as they are, CJK as boxes', () => {
    const picture = timelineSvg(TIMELINE_FIXTURES['non-latin'] as TimelinePictureInput, measure);
    const drawn = parsedTexts(picture.svg).map((text) => text.text);
    assert.ok(drawn.some((text) => text.startsWith('Τα πληρώματα ψήφισαν')));
    assert.ok(drawn.some((text) => text.startsWith('Профсоюз и оператор')));
    assert.ok(drawn.includes(MISSING_GLYPH.repeat(15)), 'the CJK label, one box a character');
    assert.ok(drawn.includes(MISSING_GLYPH.repeat(4)), 'the CJK outlet in the legend');
    assert.doesNotMatch(picture.svg, /[\u3040-\u30ff\u4e00-\u9fff]/u, 'no character the font lacks');
  });

  test('markup: escaped in the SVG, shown as written', () => {
    const picture = timelineSvg(TIMELINE_FIXTURES['markup'] as TimelinePictureInput, measure);
    assert.doesNotMatch(picture.svg, /<script|<b>|<i>|<Outlet>/);
    assert.ok(picture.svg.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;'));
    const drawn = parsedTexts(picture.svg).map((text) => text.text);
    assert.ok(drawn.includes('<script>alert("x")</script> & \'quotes\' in a label'));
    assert.ok(drawn.includes('A&B "News"') && drawn.includes('<Outlet>'));
    assert.ok(drawn.includes('Tab andbellcharacters are dropped'), 'control characters removed');
  });
});

function dated(day: string, outlets: number, label = `Label of ${day}`): DatedEntry {
  return { day: dayNumber(day), label, outlets: Array.from({ length: outlets }, (_, index) => `Outlet ${index}`) };
}

describe('groupDates', () => {
  const cases: [name: string, days: string[], maxRows: number, expected: string[][]][] = [
    ['few dates are left alone', ['2026-11-01', '2026-11-02', '2026-11-20'], 10, [['2026-11-01'], ['2026-11-02'], ['2026-11-20']]],
    [
      'the closest pair is joined first',
      ['2026-11-01', '2026-11-10', '2026-11-12', '2026-11-30'],
      3,
      [['2026-11-01'], ['2026-11-10', '2026-11-12'], ['2026-11-30']],
    ],
    [
      'pairs spanning no more than the last joined are joined too, though the row count is already met',
      ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-12-20'],
      4,
      [['2026-11-01', '2026-11-02'], ['2026-11-03', '2026-11-04'], ['2026-12-20']],
    ],
    [
      'a burst is joined before a lone date far from it',
      ['2026-10-01', '2026-11-01', '2026-11-03', '2026-11-05', '2026-11-07'],
      2,
      [['2026-10-01'], ['2026-11-01', '2026-11-03', '2026-11-05', '2026-11-07']],
    ],
    [
      'evenly spread dates make groups of even length',
      ['2026-11-01', '2026-11-03', '2026-11-05', '2026-11-07', '2026-11-09', '2026-11-11'],
      3,
      [['2026-11-01', '2026-11-03'], ['2026-11-05', '2026-11-07'], ['2026-11-09', '2026-11-11']],
    ],
    [
      'on a tie between unequal gaps, the earlier pair',
      ['2026-11-01', '2026-11-03', '2026-11-10', '2026-11-12'],
      3,
      [['2026-11-01', '2026-11-03'], ['2026-11-10', '2026-11-12']],
    ],
    ['one row at the least', ['2026-11-01', '2026-11-05'], 0, [['2026-11-01', '2026-11-05']]],
  ];
  for (const [name, days, maxRows, expected] of cases) {
    test(name, () => {
      const groups = groupDates(
        days.map((day) => dated(day, 1)),
        maxRows,
      );
      assert.deepEqual(
        groups.map((group) => group.entries.map((entry) => new Date(entry.day * 86_400_000).toISOString().slice(0, 10))),
        expected,
      );
    });
  }

  test('a grouped row shows the label of its most reported date', () => {
    const input: TimelinePictureInput = {
      title: 'Grouped',
      subtitle: null,
      today: '2026-11-30',
      entries: Array.from({ length: 12 }, (_, index): TimelinePictureEntry => ({
        date: `2026-11-${String(index + 1).padStart(2, '0')}`,
        label: index === 5 ? 'The most reported statement' : `Statement ${index}`,
        outlets: index === 5 ? ['A', 'B', 'C'] : ['A'],
      })),
    };
    const drawn = texts(input);
    assert.ok(drawn.includes('The most reported statement'));
    assert.ok(drawn.filter((text) => /^\d+ dates$/.test(text)).length >= 1);
  });
});

describe('placeRows', () => {
  const cases: [name: string, rows: { ideal: number; height: number }[], from: number, to: number][] = [
    ['apart already: each at its ideal', [{ ideal: 100, height: 30 }, { ideal: 200, height: 30 }], 100, 400],
    ['crowded: pushed down in order', [{ ideal: 100, height: 60 }, { ideal: 105, height: 60 }, { ideal: 110, height: 60 }], 100, 400],
    ['crowded at the end: pulled back up', [{ ideal: 390, height: 60 }, { ideal: 395, height: 60 }, { ideal: 400, height: 30 }], 100, 400],
    ['ideal before the range: clamped', [{ ideal: 0, height: 30 }], 100, 400],
  ];
  for (const [name, rows, from, to] of cases) {
    test(name, () => {
      const anchors = placeRows(rows, from, to);
      anchors.forEach((anchor, index) => {
        assert.ok(anchor >= from && anchor <= to, `row ${index} at ${anchor}`);
        const previous = rows[index - 1];
        if (previous !== undefined) assert.ok(anchor - (anchors[index - 1] ?? 0) >= previous.height + 16, `gap before row ${index}`);
      });
      if (rows.every((row, index) => index === 0 || row.ideal - (rows[index - 1]?.ideal ?? 0) > 60)) {
        assert.deepEqual(anchors, rows.map((row) => Math.max(row.ideal, from)));
      }
    });
  }
});

describe('timeScale', () => {
  test('in proportion to time when no gap dominates', () => {
    const scale = timeScale([0, 2, 6, 10].map((offset) => 20_000 + offset));
    assert.deepEqual([0, 2, 6, 10].map((offset) => scale.position(20_000 + offset)), [0, 0.2, 0.6, 1]);
    assert.deepEqual(scale.breaks, []);
  });
  test('a gap taking most of the span is shortened, and listed as a break', () => {
    const days = [0, 40, 41, 42, 43, 44, 45, 46, 47].map((offset) => 20_000 + offset);
    const scale = timeScale(days);
    assert.deepEqual(scale.breaks, [[20_000, 20_040]]);
    const share = scale.position(20_040);
    assert.ok(share <= 0.5 + 1e-9 && share > 0, `the gap takes ${share} of the axis`);
    assert.equal(scale.position(20_047), 1);
  });
  test('one day: everything at the start', () => assert.equal(timeScale([20_000]).position(20_000), 0));
});

describe('today', () => {
  const base: TimelinePictureInput = {
    title: 'Scheduled',
    subtitle: null,
    today: '2026-11-20',
    entries: [
      { date: '2026-11-23', label: 'The strike begins on Monday.', outlets: ['Kelby Herald'] },
      { date: '2026-11-30', label: 'A ballot closes.', outlets: ['Kelby Herald'] },
    ],
  };
  const cases: [today: string, wording: string][] = [
    ['2026-11-20', 'today · 3 days before'],
    ['2026-11-25', 'today'],
    ['2026-11-30', 'today'],
    ['2026-12-01', 'today · 1 day later'],
    ['2027-02-28', 'today · 90 days later'],
  ];
  for (const [today, wording] of cases) {
    test(`${today}: "${wording}"`, () => {
      const picture = timelineSvg({ ...base, today }, measure);
      assertLegiblePicture(picture);
      assert.ok(picture.texts.some((box) => box.text === wording));
    });
  }
});

describe('negative cases: odd input still gives a legible picture', () => {
  const long = 'The operator said it would run a reduced timetable on the island routes while talks continue, and that ' +
    'passengers holding tickets for cancelled sailings would be refunded in full or rebooked without charge';
  const cases: [name: string, input: TimelinePictureInput, check?: (drawn: string[]) => void][] = [
    [
      'empty title, label and outlet',
      { title: '', subtitle: '', today: '2026-11-20', entries: [{ date: '2026-11-20', label: '', outlets: [''] }] },
      (drawn) => assert.ok(drawn.includes('(untitled)') && drawn.includes('(no text)') && drawn.includes('(unnamed outlet)')),
    ],
    [
      'a label of control characters only',
      { title: 'T', subtitle: null, today: '2026-11-20', entries: [{ date: '2026-11-20', label: '\u0000\u0007\n', outlets: [] }] },
      (drawn) => assert.ok(drawn.includes('(no text)')),
    ],
    [
      'a very long label: two lines, the second cut with an ellipsis',
      { title: 'T', subtitle: null, today: '2026-11-20', entries: [{ date: '2026-11-20', label: long, outlets: ['A'] }] },
      (drawn) => {
        const lines = drawn.filter((text) => long.includes(text.replace(/…$/, '')) && text.length > 10);
        assert.equal(lines.length, 2);
        assert.match(lines[1] ?? '', /…$/);
      },
    ],
    [
      'a very long title, subtitle and outlet names',
      {
        title: long,
        subtitle: long,
        today: '2026-11-20',
        entries: [{ date: '2026-11-20', label: 'x', outlets: [long, `${long} 2`] }],
      },
      (drawn) => assert.ok(drawn.filter((text) => text.endsWith('…')).length >= 4),
    ],
    [
      'thirty outlets on one date: dots up to the width, then "+N"; the legend wraps and names the rest "others"',
      {
        title: 'T',
        subtitle: null,
        today: '2026-11-20',
        entries: [{ date: '2026-11-20', label: 'x', outlets: Array.from({ length: 40 }, (_, index) => `Outlet number ${index}`) }],
      },
      (drawn) => {
        assert.ok(drawn.some((text) => /^\+\d+$/.test(text)));
        assert.ok(drawn.includes('+28 others'));
      },
    ],
    [
      'entries out of order and a repeated date',
      {
        title: 'T',
        subtitle: null,
        today: '2026-11-25',
        entries: [
          { date: '2026-11-22', label: 'later', outlets: ['A'] },
          { date: '2026-11-20', label: 'earlier', outlets: ['B'] },
          { date: '2026-11-20', label: 'same day', outlets: ['A'] },
        ],
      },
      (drawn) => assert.ok(drawn.indexOf('earlier') < drawn.indexOf('later')),
    ],
    [
      'dates across a year boundary and a two-year span',
      {
        title: 'T',
        subtitle: null,
        today: '2029-01-01',
        entries: ['2026-12-30', '2027-01-02', '2027-06-01', '2028-12-31'].map((date) => ({ date, label: date, outlets: ['A'] })),
      },
    ],
    [
      'a hundred dates',
      {
        title: 'T',
        subtitle: null,
        today: '2027-06-01',
        entries: Array.from({ length: 100 }, (_, index) => ({
          date: new Date(Date.UTC(2026, 0, 1 + index * 3 + (index % 7) * 5)).toISOString().slice(0, 10),
          label: `Statement number ${index} about the strike and the talks that followed it`,
          outlets: [`Outlet ${index % 9}`],
        })).sort((a, b) => a.date.localeCompare(b.date)),
      },
      (drawn) => assert.ok(drawn.filter((text) => /^\d+ dates$/.test(text)).length <= MAX_ROWS),
    ],
  ];
  for (const [name, input, check] of cases) {
    test(name, () => {
      const picture = timelineSvg(input, measure);
      assertLegiblePicture(picture);
      check?.(picture.texts.map((box) => box.text));
    });
  }

  test('a malformed date is refused, not drawn somewhere', () => {
    const input: TimelinePictureInput = { title: 'T', subtitle: null, today: '2026-11-20', entries: [{ date: '20 Nov', label: 'x', outlets: [] }] };
    assert.throws(() => timelineSvg(input, measure), /not a YYYY-MM-DD day/);
  });
});
