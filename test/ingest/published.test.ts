import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePublished } from '../../src/ingest/published.ts';

describe('parsePublished', () => {
  const cases: [input: string, expected: string][] = [
    ['2025-03-18', '2025-03-18T00:00:00Z'],
    ['2025-03-18T10:00:00+01:00', '2025-03-18T10:00:00+01:00'],
    ['2025-03-18T10:00:00.250+01:00', '2025-03-18T10:00:00.250+01:00'],
    ['2025-03-18T10:00Z', '2025-03-18T10:00:00Z'],
    ['2025-03-18T10:00:00+0530', '2025-03-18T10:00:00+05:30'],
    ['2025-03-18 10:00:00', '2025-03-18T10:00:00Z'],
    ['2025-03-18T23:30:00-05:00', '2025-03-18T23:30:00-05:00'],
    ['Tue, 18 Mar 2025 10:00:00 +0100', '2025-03-18T10:00:00+01:00'],
    ['Tue, 18 Mar 2025 10:00:00 GMT', '2025-03-18T10:00:00Z'],
    ['March 18, 2025', '2025-03-18T00:00:00Z'],
    ['  2025-03-18  ', '2025-03-18T00:00:00Z'],
    ['18 March 2025 14:05', '2025-03-18T14:05:00Z'],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => assert.equal(parsePublished(input), expected));
  }

  const notDates = ['', 'yesterday', 'soon', '2025-02-30', '2025-13-01', '18/03/2025 maybe', 'NaN', 'Mayday 2025', 'call 2025 now', '2025-03-18T10:00:00+25:00'];
  for (const input of notDates) {
    it(`finds no date in ${JSON.stringify(input)}`, () => assert.equal(parsePublished(input), null));
  }
});
