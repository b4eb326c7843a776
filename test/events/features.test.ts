import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventFeatures, lightStem, MAX_ENTITIES, MAX_TERMS, normalizeEntityName } from '../../src/events/features.ts';
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

  it('finds the main person with real entities', () => {
    assert.equal(fixtureFeatures('rehab-marlow-1').mainPerson, '@marlow');
    assert.equal(fixtureFeatures('rehab-quill-1').mainPerson, '@quill');
  });
});
