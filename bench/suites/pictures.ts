/**
 * Drawing pictures: a timeline and a coverage chart from the events of the bundled samples and of invented long
 * stories (40 dates, 12 outlets over two months), from data to PNG bytes (layout with the font's metrics, SVG, resvg).
 * The baseline is resvg alone drawing a blank canvas of the same size: the floor no layout can go under.
 */
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES, loadTextMeasure } from '../../src/pictures/fonts.ts';
import type { CoveragePictureInput, TimelinePictureInput } from '../../src/pictures/picture.ts';
import { createPictureRenderer } from '../../src/pictures/renderer.ts';
import { median, percentile } from '../measure.ts';
import { rowsOf, type Suite } from '../types.ts';

const SUITE = 'pictures';
const row = rowsOf(SUITE);
const RUNS = 40;
const TARGET_MS = 100;
const OUTLETS = ['Varde Herald', 'Lund Courier', 'Kelm Wire', 'Molde Gazette', 'Brekke Tidende', 'Oster Post', 'Norland Radio', 'The Daily Ledger', 'Meridian Post', 'Northern Wire', 'Sandvik News', 'Lindal Times'];

function day(offset: number): string {
  return new Date(Date.parse('2026-09-20T12:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A long story: 40 dates over two months, labels of ordinary news length, up to four outlets per date. */
function longTimeline(): TimelinePictureInput {
  return {
    title: 'Norland rail dispute: strikes, talks and a new pay deal over two months',
    subtitle: '12 outlets · 160 articles',
    today: '2026-11-27',
    entries: Array.from({ length: 40 }, (_, index) => ({
      date: day(index * 1.5),
      label: `Union leaders and the rail company met again on day ${index + 1} of the dispute, and the minister said both sides had moved closer on pay and hours.`,
      outlets: OUTLETS.slice(index % 9, (index % 9) + 1 + (index % 4)),
    })),
  };
}

function longCoverage(): CoveragePictureInput {
  const articles = Array.from({ length: 160 }, (_, index) => ({ date: day(Math.floor(index / 3) % 60), outlet: OUTLETS[index % OUTLETS.length] as string }));
  return { title: 'Norland rail dispute', articles, firstReport: articles[0] ?? null, today: '2026-11-27' };
}

function shortTimeline(): TimelinePictureInput {
  return {
    title: 'Kelmsford flood clean-up begins as Valda falls',
    subtitle: '2 outlets · 3 articles',
    today: '2026-11-27',
    entries: [
      { date: '2026-11-17', label: 'The River Valda burst its banks in Kelmsford on Tuesday night after the wettest 48 hours since records began.', outlets: ['Kelmsford Gazette'] },
      { date: '2026-11-20', label: 'Residents began clearing mud and ruined furniture from their homes.', outlets: ['Northern Wire'] },
      { date: '2026-11-25', label: 'The ministry confirmed an emergency package of 12 million crowns.', outlets: ['Northern Wire', 'Kelmsford Gazette'] },
    ],
  };
}

function timeMs(work: () => unknown): number[] {
  for (let index = 0; index < 3; index += 1) work(); // warm-up
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times;
}

function blankCanvasMs(width: number, height: number): number[] {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#ffffff"/></svg>`;
  const options = { font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } };
  return timeMs(() => new Resvg(svg, options).render().asPng());
}

export const picturesSuite: Suite = {
  name: SUITE,
  aliases: ['picture', 'png'],
  async run({ note }) {
    // No cache: every run draws the picture anew.
    const renderer = createPictureRenderer(loadTextMeasure(), 0);
    const cases = [
      { name: 'timeline, 3 dates', draw: () => renderer.timeline(shortTimeline()) },
      { name: 'timeline, 40 dates (grouped)', draw: () => renderer.timeline(longTimeline()) },
      { name: 'coverage chart, 160 articles, 12 outlets, 2 months', draw: () => renderer.coverage(longCoverage()) },
    ];
    const rows = [];
    for (const { name, draw } of cases) {
      const picture = draw();
      const times = timeMs(draw);
      const floor = blankCanvasMs(picture.width, picture.height);
      note(`${SUITE}: ${name}: ${picture.width}×${picture.height}, ${picture.png.length} bytes`);
      rows.push(
        row(`${name}: data → PNG, median (blank canvas of the same size)`, median(times), 'ms', { baseline: median(floor) }),
        row(`${name}: data → PNG, p95`, percentile(times, 95), 'ms', { target: `< ${TARGET_MS}` }),
        row(`${name}: PNG size`, picture.png.length / 1024, 'KB', { target: '< 1000' }),
      );
    }
    return rows;
  },
};
