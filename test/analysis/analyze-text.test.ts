import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../src/analysis/analyze-text.ts';
import { splitFrontMatter } from '../../src/ingest/formats/text.ts';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
const REFERENCE_NOW = new Date('2026-11-27T12:00:00Z');
/** Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change; review the diff before committing. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

describe('whole-pipeline output on the sample articles (golden files)', () => {
  const samples = readdirSync(SAMPLES).filter((name) => name.endsWith('.txt'));
  assert.ok(samples.length > 0);
  for (const name of samples) {
    it(name, () => {
      const { frontMatter, body } = splitFrontMatter(readFileSync(join(SAMPLES, name), 'utf8'));
      const analysis = analyzeText(body, { published: frontMatter.published, title: frontMatter.title, sentences: 3, now: REFERENCE_NOW });
      const goldenPath = join(GOLDEN, name.replace(/\.txt$/, '.analysis.json'));
      const actual = `${JSON.stringify(analysis, null, 2)}\n`;
      if (UPDATE || !existsSync(goldenPath)) writeFileSync(goldenPath, actual);
      assert.equal(actual, readFileSync(goldenPath, 'utf8'));
    });
  }
});

describe('analyzeText', () => {
  it('maps every offset back to the input as given', () => {
    const input = '  Ferry  resumes\r\n\r\n\r\nThe ferry   resumed on Monday.\r\n“We are back,”  said   Captain Ana Lind.  ';
    const analysis = analyzeText(input, { published: '2026-03-04', title: null, sentences: 3, now: REFERENCE_NOW });
    for (const item of [...analysis.summary, ...analysis.quotes]) assert.equal(input.slice(item.start, item.end), item.text);
    for (const item of analysis.timeline) assert.equal(input.slice(item.start, item.end), item.mention);
    assert.deepEqual(
      analysis.timeline.map((entry) => entry.date),
      ['2026-03-02'],
    );
    assert.equal(analysis.quotes[0]?.speaker, 'Ana Lind');
  });

  it('counts the days of the published time in its own offset', () => {
    const text = 'The mayor resigned on Tuesday after a long council meeting about the harbour budget and its overruns.';
    // 23:30 on Tuesday in New York is already Wednesday in UTC.
    const late = analyzeText(text, { published: '2025-03-18T23:30:00-04:00', title: null, sentences: 1, now: REFERENCE_NOW });
    assert.equal(late.timeline[0]?.date, '2025-03-18');
  });

  const nothing: [string, string][] = [
    ['whitespace', '   \n\n  '],
    ['punctuation', '… — !!'],
  ];
  for (const [name, input] of nothing) {
    it(`produces nothing for ${name}`, () => {
      const analysis = analyzeText(input, { published: '2026-03-04', title: null, sentences: 3, now: REFERENCE_NOW });
      assert.deepEqual([analysis.summary, analysis.quotes, analysis.timeline, analysis.entities], [[], [], [], []]);
    });
  }
});
