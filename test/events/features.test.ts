import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventFeatures, lightStem, MAX_ENTITIES, MAX_TERMS, normalizeEntityName, textTimeOf, type EventDateInput } from '../../src/events/features.ts';
import { article } from '../helpers/articles.ts';
import { fixtureFeatures } from './fixtures.ts';

function norm(map: ReadonlyMap<string, number>): number {
  return Math.sqrt([...map.values()].reduce((sum, w) => sum + w * w, 0));
}

describe('lightStem', () => {
  const cases: readonly [string, string][] = [
    ['checked', 'check'],
    ['checking', 'check'],
    ['check', 'check'],
    ['stopped', 'stop'],
    ['charged', 'charg'],
    ['charge', 'charg'],
    ['killed', 'kill'],
    ['injured', 'injur'],
    ['bed', 'bed'],
    ['king', 'king'],
    ['2031', '2031'],
    ['café', 'café'],
  ];
  for (const [word, stem] of cases) it(`${word} → ${stem}`, () => assert.equal(lightStem(word), stem));
});

describe('normalizeEntityName', () => {
  const cases: readonly [string, string][] = [
    ['Dalia Marlow', 'dalia marlow'],
    ['Actress Dalia Marlow', 'dalia marlow'],
    ['The Geological Survey of Estria', 'geological survey of estria'],
    ['Zoë Ångström', 'zoe angstrom'],
    ["Orvane's", 'orvane'],
    ['The', 'the'],
  ];
  for (const [name, key] of cases) it(`${name} → ${key}`, () => assert.equal(normalizeEntityName(name), key));
});

describe('eventFeatures', () => {
  it('keeps compact, unit-length term and entity vectors', () => {
    const long = Array.from({ length: 80 }, (_, i) => `Councillor Wren${i} discussed topic${i} budget${i} proposals.`).join(' ');
    const features = eventFeatures(article({ title: 'A long council meeting', text: long }), { entities: [] });
    assert.equal(features.terms.size, MAX_TERMS);
    assert.ok(Math.abs(norm(features.terms) - 1) < 1e-9);
    assert.ok(fixtureFeatures('rehab-marlow-1').entities.size <= MAX_ENTITIES);
    assert.ok(Math.abs(norm(fixtureFeatures('rehab-marlow-1').entities) - 1) < 1e-9);
  });

  it('weighs headline terms above terms of later sentences', () => {
    const text = 'Officials met on Monday. The meeting lasted an hour. Later, a lighthouse was mentioned once.';
    const features = eventFeatures(article({ title: 'Harbour dredging plan approved', text }), { entities: [] });
    assert.ok((features.terms.get('harbour') ?? 0) > (features.terms.get('lighthous') ?? 0));
    assert.ok(features.terms.has('lighthous'));
  });

  it('drops stopwords and folds inflections', () => {
    const features = eventFeatures(article({ title: 'Ferries checked', text: 'The ferry was checking its engines. They checked again.' }), { entities: [] });
    assert.ok(features.terms.has('check'));
    assert.ok(features.terms.has('ferry'));
    assert.ok(!features.terms.has('the') && !features.terms.has('was'));
  });

  const entityCases: readonly { name: string; entities: { name: string; type: 'person' | 'organization' | 'place'; mentions: number }[]; keys: string[]; main: string | null }[] = [
    {
      name: 'a person gives their full name and surname',
      entities: [{ name: 'Dalia Marlow', type: 'person', mentions: 3 }],
      keys: ['@dalia marlow', '@marlow'],
      main: '@marlow',
    },
    {
      name: 'a single mention is not a main person',
      entities: [{ name: 'Ned Farrow', type: 'person', mentions: 1 }],
      keys: ['@ned farrow', '@farrow'],
      main: null,
    },
    {
      name: 'places and organisations have no surname',
      entities: [
        { name: 'Varnholt', type: 'place', mentions: 2 },
        { name: 'Geological Survey of Estria', type: 'organization', mentions: 1 },
      ],
      keys: ['@varnholt', '@geological survey of estria'],
      main: null,
    },
    {
      name: 'the most mentioned person is the main one; suffixes are not surnames',
      entities: [
        { name: 'Hal Dorsey Jr.', type: 'person', mentions: 2 },
        { name: 'Mara Brennick', type: 'person', mentions: 4 },
      ],
      keys: ['@hal dorsey jr', '@dorsey', '@mara brennick', '@brennick'],
      main: '@brennick',
    },
    {
      name: 'a one-word "person" (often a mistyped word) is an entity but never the main person',
      entities: [{ name: 'Update', type: 'person', mentions: 3 }],
      keys: ['@update'],
      main: null,
    },
  ];
  for (const c of entityCases) {
    it(c.name, () => {
      const features = eventFeatures(article({ title: 'Local news', text: 'Something happened in town today.' }), { entities: c.entities });
      assert.deepEqual([...features.entities.keys()].sort(), [...c.keys].sort());
      assert.equal(features.mainPerson, c.main);
    });
  }

  it('has a published time only when the article gave one', () => {
    assert.equal(fixtureFeatures('merger-2-undated').publishedAt, null);
    assert.equal(fixtureFeatures('merger-1').publishedAt, Date.parse('2031-05-15T13:00:00Z'));
  });

  it('dates an undated article by the date its lead writes out with the year', () => {
    const time = fixtureFeatures('fight-drazen-2012-b').textTime;
    assert.deepEqual(time, { start: Date.UTC(2012, 6, 7), end: Date.UTC(2012, 6, 8) - 1 });
    assert.deepEqual(fixtureFeatures('fight-drazen-2012-a').textTime, time, 'two outlets, two spellings, one day');
  });

  it('has no written time when the article has a published time or no full date in its lead', () => {
    assert.equal(fixtureFeatures('merger-1').textTime, null);
    assert.equal(fixtureFeatures('bridge-undated').textTime, null);
    const relative = eventFeatures(article({ title: 'Ferry strike ends', text: 'The ferry strike ended on Tuesday. Crews return on May 3.' }), {
      entities: [],
      dates: [
        { date: '2026-11-24', granularity: 'day', mention: 'on Tuesday', sentenceIndex: 0 },
        { date: '2026-05-03', granularity: 'day', mention: 'on May 3', sentenceIndex: 1 },
      ],
    });
    assert.equal(relative.textTime, null, 'dates without a year were resolved against the ingest time');
  });

  describe('textTimeOf', () => {
    const mention = (date: string, granularity: EventDateInput['granularity'], words: string, sentenceIndex = 0): EventDateInput => ({
      date,
      granularity,
      mention: words,
      sentenceIndex,
    });
    it('spans the written days and months of the lead', () => {
      assert.deepEqual(textTimeOf([mention('2013-05-03', 'day', 'May 3, 2013'), mention('2013-04', 'month', 'in April 2013', 1)]), {
        start: Date.UTC(2013, 3, 1),
        end: Date.UTC(2013, 4, 4) - 1,
      });
    });
    it('reads ISO dates', () => assert.deepEqual(textTimeOf([mention('2013-05-03', 'day', '2013-05-03')]), { start: Date.UTC(2013, 4, 3), end: Date.UTC(2013, 4, 4) - 1 }));
    it('ignores years alone, dates after the lead and dates without a year', () => {
      assert.equal(textTimeOf([mention('2013', 'year', 'in 2013')]), null);
      assert.equal(textTimeOf([mention('2009-03-14', 'day', 'March 14, 2009', 7)]), null);
      assert.equal(textTimeOf([mention('2026-03-14', 'day', 'on March 14')]), null);
    });
  });

  it('finds the main person with real entities', () => {
    assert.equal(fixtureFeatures('rehab-marlow-1').mainPerson, '@marlow');
    assert.equal(fixtureFeatures('rehab-quill-1').mainPerson, '@quill');
  });
});
