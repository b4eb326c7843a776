// Invented events for the picture layouts (the fictional Kelby ferry strike and its neighbours), and the checks every
// drawn picture must pass whatever its data: text inside the canvas, no two texts overlapping, no text under 22 px,
// well-formed XML, one font. Shared by the timeline and coverage tests; generated data is arithmetic, never random,
// so the golden files stay put.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { DOMParser } from 'linkedom';
import { FONT_FAMILY } from '../../src/pictures/fonts.ts';
import type {
  CoverageArticle,
  CoveragePictureInput,
  Picture,
  TimelinePictureEntry,
  TimelinePictureInput,
} from '../../src/pictures/picture.ts';

/** 22 px on a 1000-px canvas is 12 px when Discord shows the picture 550 px wide on a phone. */
export const MIN_FONT_SIZE = 22;

const OUTLETS = ['Kelby Herald', 'Valley Post', 'Northern Wire', 'Harbour Radio', 'The Bellmere Times', 'Coastline Daily'];

function day(offset: number, from = '2026-11-20'): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

function pick<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length];
  if (item === undefined) throw new Error('empty list');
  return item;
}

const SENTENCES = [
  'Ferry crews in Kelby voted to strike from Monday over the new rota.',
  'The operator said it would run a reduced timetable on the island routes.',
  'Talks between the union and the operator broke down after nine hours.',
  'The harbour authority asked both sides to return to the table.',
  'Passengers queued for the last sailing before the walkout began.',
  'A mediator was appointed by the regional government.',
  'Freight to the islands was rerouted through Bellmere.',
  'The union put a new offer to its members in a ballot.',
];

function entry(offset: number, index: number, outletCount: number): TimelinePictureEntry {
  return {
    date: day(offset),
    label: pick(SENTENCES, index),
    outlets: Array.from({ length: outletCount }, (_, k) => pick(OUTLETS, index + k)),
  };
}

export const TIMELINE_FIXTURES: Readonly<Record<string, TimelinePictureInput>> = {
  short: {
    title: 'Kelby ferry crews strike over new rota',
    subtitle: '3 outlets · 20–26 Nov 2026',
    today: '2026-12-08',
    entries: [entry(0, 0, 2), entry(2, 1, 1), entry(6, 2, 3)],
  },
  long: {
    title: 'Kelby ferry dispute: a year of strikes, talks and ballots on the island routes',
    subtitle: '6 outlets · Nov 2026 – Oct 2027',
    today: '2027-06-01',
    // Forty dates: bursts of daily coverage around each strike, with quiet weeks between them.
    entries: Array.from({ length: 40 }, (_, index) => {
      const burst = Math.floor(index / 5);
      return entry(burst * 45 + (index % 5) * 2, index, 1 + (index % 4));
    }),
  },
  crowded: {
    title: 'Bellmere flood: the week the river rose',
    subtitle: '6 outlets · 14 Oct – 29 Nov 2026',
    today: '2026-11-24',
    entries: [
      entry(-37, 0, 1),
      ...Array.from({ length: 9 }, (_, index) => entry(index + (index > 4 ? 1 : 0), index + 1, 1 + (index % 6))),
    ],
  },
  'one-date': {
    title: 'Kelby Herald names a new editor',
    subtitle: null,
    today: '2026-11-20',
    entries: [entry(0, 3, 1)],
  },
  'zero-dates': {
    title: 'Rumours of a new ferry operator',
    subtitle: '1 outlet',
    today: '2026-11-20',
    entries: [],
  },
  'non-latin': {
    title: 'Απεργία στα πλοία · Забастовка паромщиков',
    subtitle: '3 outlets · 20–23 Nov 2026',
    today: '2026-11-25',
    entries: [
      { date: '2026-11-20', label: 'Τα πληρώματα ψήφισαν απεργία από τη Δευτέρα για το νέο ωράριο.', outlets: ['Η Καθημερινή του Λιμανιού'] },
      { date: '2026-11-21', label: 'Профсоюз и оператор прервали переговоры после девяти часов.', outlets: ['Северный вестник', 'Η Καθημερινή του Λιμανιού'] },
      { date: '2026-11-23', label: '渡船の乗組員がストライキを決定', outlets: ['港湾新聞'] },
    ],
  },
  markup: {
    title: 'Test <b>bold</b> & "quoted" title',
    subtitle: "It's <i>escaped</i>",
    today: '2026-11-22',
    entries: [
      { date: '2026-11-20', label: '<script>alert("x")</script> & \'quotes\' in a label', outlets: ['A&B "News"'] },
      { date: '2026-11-21', label: 'Tab\tand\u0007bell\u0000characters are dropped', outlets: ['<Outlet>'] },
    ],
  },
};

function articles(spec: readonly (readonly [offset: number, outlet: string, count: number])[], from?: string): CoverageArticle[] {
  return spec.flatMap(([offset, outlet, count]) => Array.from({ length: count }, () => ({ date: day(offset, from), outlet })));
}

export const COVERAGE_FIXTURES: Readonly<Record<string, CoveragePictureInput>> = {
  short: {
    title: 'Kelby ferry crews strike over new rota',
    articles: articles([
      [0, 'Kelby Herald', 2],
      [0, 'Valley Post', 1],
      [1, 'Kelby Herald', 1],
      [2, 'Northern Wire', 3],
      [2, 'Valley Post', 2],
    ]),
    firstReport: { date: day(0), outlet: 'Kelby Herald' },
    today: day(4),
  },
  long: {
    title: 'Kelby ferry dispute: a year of strikes, talks and ballots on the island routes',
    // About four months of coverage: counted per week.
    articles: Array.from({ length: 120 }, (_, index) => ({
      date: day(index % 3 === 0 ? index : Math.floor(index / 10) * 10),
      outlet: pick(OUTLETS, (index * 7) % 11),
    })),
    firstReport: { date: day(0), outlet: pick(OUTLETS, 0) },
    today: day(121),
  },
  crowded: {
    title: 'Bellmere flood: eleven outlets in four days',
    articles: Array.from({ length: 11 }, (_, outletIndex) =>
      articles([
        [0, `Outlet ${String.fromCharCode(65 + outletIndex)} News`, 1 + (outletIndex % 3)],
        [1, `Outlet ${String.fromCharCode(65 + outletIndex)} News`, 11 - outletIndex],
        [3, `Outlet ${String.fromCharCode(65 + outletIndex)} News`, outletIndex % 4],
      ]),
    ).flat(),
    firstReport: { date: day(0), outlet: 'Outlet K News' },
    today: day(3),
  },
  'one-date': {
    title: 'Kelby Herald names a new editor',
    articles: articles([[0, 'Kelby Herald', 1]]),
    firstReport: { date: day(0), outlet: 'Kelby Herald' },
    today: day(0),
  },
  'zero-dates': {
    title: 'Rumours of a new ferry operator',
    articles: [],
    firstReport: null,
    today: day(0),
  },
  'non-latin': {
    title: 'Απεργία στα πλοία · Забастовка паромщиков · 渡船ストライキ',
    articles: articles([
      [0, 'Η Καθημερινή του Λιμανιού', 2],
      [1, 'Северный вестник', 3],
      [3, '港湾新聞', 1],
    ]),
    firstReport: { date: day(0), outlet: 'Η Καθημερινή του Λιμανιού' },
    today: day(12),
  },
  markup: {
    title: '<script>alert("x")</script> & \'quotes\'',
    articles: articles([
      [0, 'A&B "News"', 2],
      [1, '<Outlet>', 1],
    ]),
    firstReport: { date: day(0), outlet: 'A&B "News"' },
    today: day(1),
  },
};

/** The font sizes and the (unescaped) contents of every text element, read back from the SVG as a browser would. */
export function parsedTexts(svg: string): { size: number; family: string | null; text: string }[] {
  const document = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return [...document.querySelectorAll('text')].map((element) => ({
    size: Number(element.getAttribute('font-size')),
    family: element.getAttribute('font-family'),
    text: element.textContent ?? '',
  }));
}

/** What every picture promises, whatever it shows. */
export function assertLegiblePicture(picture: Picture): void {
  assert.equal(XMLValidator.validate(picture.svg), true, 'the SVG is well-formed XML');
  assert.match(picture.svg, new RegExp(`^<svg [^>]*width="${picture.width}" height="${picture.height}"`));
  assert.match(picture.svg, /<rect x="0" y="0" width="\d+" height="\d+" fill="#ffffff"\/>/, 'an opaque background');

  const parsed = parsedTexts(picture.svg);
  assert.equal(parsed.length, picture.texts.length, 'every text element has its box');
  for (const text of parsed) {
    assert.ok(text.size >= MIN_FONT_SIZE, `"${text.text}" is ${text.size} px`);
    assert.equal(text.family, FONT_FAMILY);
    assert.notEqual(text.text.trim(), '', 'no empty text');
  }
  assert.deepEqual(
    parsed.map((text) => text.text),
    picture.texts.map((box) => box.text),
    'the boxes are those of the drawn texts',
  );

  for (const box of picture.texts) {
    assert.ok(box.x >= 0 && box.x + box.width <= picture.width, `"${box.text}" inside horizontally (${box.x}, ${box.width})`);
    assert.ok(box.y >= 0 && box.y + box.height <= picture.height, `"${box.text}" inside vertically (${box.y}, ${box.height})`);
  }
  picture.texts.forEach((a, index) => {
    for (const b of picture.texts.slice(index + 1)) {
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      assert.ok(!overlap, `"${a.text}" and "${b.text}" overlap`);
    }
  });
}

const GOLDEN = fileURLToPath(new URL('../golden/pictures/', import.meta.url));
/** Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change; review the diff (and the pictures) first. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** Compares a whole SVG with its golden file (written when missing or when UPDATE_GOLDEN=1). */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
}
