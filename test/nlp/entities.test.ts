import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AnalysisInput, Entity, EntityGender, EntityType } from '../../src/nlp/analysis-types.ts';
import { entitiesStage, extractEntities, POSS, PUNCT, tokenize, WORD } from '../../src/nlp/entities.ts';
import type { Token } from '../../src/nlp/entities.ts';
import { segment } from '../../src/nlp/segment.ts';

function input(text: string): AnalysisInput {
  return { text, segmentation: segment(text), publishedAt: '2025-03-18T12:00:00Z', language: 'en' };
}

interface ExpectedEntity {
  readonly name: string;
  readonly type: EntityType;
  /** The mention texts in order, when the case is about aliases. */
  readonly mentions?: readonly string[];
  readonly gender?: EntityGender;
}

interface Case {
  readonly name: string;
  readonly text: string;
  /** Entities that must be found (others may be). */
  readonly entities: readonly ExpectedEntity[];
  /** Names that must not be entities. */
  readonly absent?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'titles stripped, surname and possessive merged into the longest form',
    text: 'Russian President Vladimir Putin spoke to reporters. Putin said the talks were useful. Putin’s aides agreed.',
    entities: [{ name: 'Vladimir Putin', type: 'person', mentions: ['Vladimir Putin', 'Putin', 'Putin'], gender: 'male' }],
    absent: ['Russian President Vladimir Putin', 'Putin’s', 'Russian'],
  },
  {
    name: 'a title with "of" and a place',
    text: 'Secretary of State Maria Ortiz arrived in Berlin on Tuesday. Ortiz met students.',
    entities: [
      { name: 'Maria Ortiz', type: 'person', mentions: ['Maria Ortiz', 'Ortiz'], gender: 'female' },
      { name: 'Berlin', type: 'place' },
    ],
    absent: ['Tuesday', 'Secretary of State Maria Ortiz'],
  },
  {
    name: '"Mr" makes a person and a gender',
    text: 'The board thanked Mr Tomas Berg for his work. Mr Berg will retire in June.',
    entities: [{ name: 'Tomas Berg', type: 'person', mentions: ['Tomas Berg', 'Berg'], gender: 'male' }],
    absent: ['June'],
  },
  {
    name: 'organisation cues and well-known organisations',
    text: 'The Transport Ministry and Acme Holdings Ltd signed a deal, the Kremlin and the White House said.',
    entities: [
      { name: 'Transport Ministry', type: 'organization' },
      { name: 'Acme Holdings Ltd', type: 'organization' },
      { name: 'Kremlin', type: 'organization' },
      { name: 'White House', type: 'organization' },
    ],
  },
  {
    name: 'an organisation with "of"',
    text: 'Economists at the Bank of England expect lower rates.',
    entities: [{ name: 'Bank of England', type: 'organization' }],
    absent: ['England'],
  },
  {
    name: 'places from the list and after "in"/"from"',
    text: 'She flew from Nairobi to Oslo and then worked in Tarnby for a year.',
    entities: [
      { name: 'Nairobi', type: 'place' },
      { name: 'Oslo', type: 'place' },
      { name: 'Tarnby', type: 'place' },
    ],
  },
  {
    name: 'a possessive splits an organisation from a person',
    text: 'Al Jazeera’s Alan Fisher reported from Washington.',
    entities: [
      { name: 'Al Jazeera', type: 'organization' },
      { name: 'Alan Fisher', type: 'person', gender: 'male' },
      { name: 'Washington', type: 'place' },
    ],
  },
  {
    name: 'function words that start a sentence are dropped',
    text: 'But Anna Weber disagreed. However, Anna Weber voted yes. In Lisbon the vote was close.',
    entities: [
      { name: 'Anna Weber', type: 'person', mentions: ['Anna Weber', 'Anna Weber'] },
      { name: 'Lisbon', type: 'place' },
    ],
    absent: ['But Anna Weber', 'However', 'In Lisbon'],
  },
  {
    name: 'a capitalised sentence start that also occurs in lowercase is a common word',
    text: 'Assaults on the port continued. Officials said the port was closed. Other officials and more assaults followed.',
    entities: [],
    absent: ['Assaults', 'Officials', 'Other'],
  },
  {
    name: 'a lone name at a sentence start vouched for by a speech verb',
    text: 'Novak said the plan works. The council agreed with Novak.',
    entities: [{ name: 'Novak', type: 'person', mentions: ['Novak', 'Novak'] }],
  },
  {
    name: 'weekdays and months are not names',
    text: 'On Tuesday, in March, the council of Dorfen met again.',
    entities: [],
    absent: ['Tuesday', 'March', 'On Tuesday'],
  },
  {
    name: 'an acronym merged with the organisation it abbreviates',
    text: 'The Northern Fisheries Council (NFC) met in Bergen. The NFC said quotas would fall.',
    entities: [{ name: 'Northern Fisheries Council', type: 'organization', mentions: ['Northern Fisheries Council', 'NFC', 'NFC'] }],
  },
  {
    name: 'gender from pronouns after a sentence naming one person',
    text: 'Dorsa Ravani reported from the border. She counted the trucks.',
    entities: [{ name: 'Dorsa Ravani', type: 'person', gender: 'female' }],
  },
  {
    name: 'name particles stay in the name',
    text: 'Ursula von der Leyen spoke in Brussels. Von der Leyen left early.',
    entities: [{ name: 'Ursula von der Leyen', type: 'person' }],
  },
  {
    name: 'hyphenated adjectives are not names, hyphenated names are',
    text: 'The US-backed plan was praised by Ban Ki-moon in New York.',
    entities: [
      { name: 'Ban Ki-moon', type: 'person' },
      { name: 'New York', type: 'place' },
    ],
    absent: ['US-backed'],
  },
  {
    name: 'two people sharing a surname: the surname goes to the one just named',
    text: 'Hillary Holm spoke first. Later, Bill Holm spoke. Holm said the farm was sold.',
    entities: [
      { name: 'Hillary Holm', type: 'person', mentions: ['Hillary Holm'] },
      { name: 'Bill Holm', type: 'person', mentions: ['Bill Holm', 'Holm'] },
    ],
  },
  {
    name: 'a headline in title case only contributes known names',
    text: 'Markets Rally As Investors Cheer Strong Results\n\nInvestors in Oslo cheered on Monday.',
    entities: [{ name: 'Oslo', type: 'place' }],
    absent: ['Markets Rally As Investors Cheer Strong Results', 'Investors Cheer Strong Results', 'Markets Rally'],
  },
];

function find(entities: readonly Entity[], name: string): Entity | undefined {
  return entities.find((e) => e.name === name);
}

function checkInvariants(text: string, entities: readonly Entity[]): void {
  for (const e of entities) {
    assert.equal(e.stage, 'entities');
    assert.equal(e.mentions, e.spans.length);
    assert.ok(e.name.length > 0);
    let last = -1;
    for (const s of e.spans) {
      assert.ok(s.start >= 0 && s.end <= text.length && s.start < s.end, `span in bounds for ${e.name}`);
      assert.ok(s.start >= last, `spans in order for ${e.name}`);
      last = s.start;
    }
    if (e.gender !== undefined) assert.equal(e.type, 'person');
  }
}

describe('extractEntities', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const entities = extractEntities(input(c.text));
      checkInvariants(c.text, entities);
      for (const expected of c.entities) {
        const e = find(entities, expected.name);
        assert.ok(e !== undefined, `${expected.name} among ${JSON.stringify(entities.map((x) => x.name))}`);
        assert.equal(e.type, expected.type, `type of ${expected.name}`);
        if (expected.mentions !== undefined) {
          assert.deepEqual(e.spans.map((s) => c.text.slice(s.start, s.end)), expected.mentions);
        }
        if (expected.gender !== undefined) assert.equal(e.gender, expected.gender, `gender of ${expected.name}`);
      }
      for (const name of c.absent ?? []) assert.equal(find(entities, name), undefined, `${name} is no entity`);
    });
  }

  it('returns nothing for text without names', () => {
    assert.deepEqual(extractEntities(input('')), []);
    assert.deepEqual(extractEntities(input('the river rose again and nobody was surprised.')), []);
  });

  it('keeps the invariants on arbitrary text', () => {
    let seed = 777;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['Anna', 'Weber', 'the', 'Ministry', 'of', 'in', 'Oslo', '’s', '.', ',', ' ', ' ', '\n\n', 'Mr', 'said', '“', '”', 'U.S.', '-', 'al-Assad', 'é'];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = Math.floor(next() * 60);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(next() * pieces.length)];
      checkInvariants(text, extractEntities(input(text)));
    }
  });

  it('works without segmentation', () => {
    const text = 'Anna Weber met Tomas Berg in Oslo.';
    const entities = extractEntities({ text, segmentation: { paragraphs: [], sentences: [] }, publishedAt: '2025-03-18T00:00:00Z', language: 'en' });
    assert.deepEqual(entities.map((e) => e.name), ['Anna Weber', 'Tomas Berg', 'Oslo']);
  });

  it('exposes a stage', () => {
    const i = input('Anna Weber met Tomas Berg in Oslo.');
    assert.equal(entitiesStage.name, 'entities');
    assert.deepEqual(entitiesStage.run(i), extractEntities(i));
  });
});

describe('tokenize', () => {
  it('keeps abbreviations, initials, inner apostrophes and hyphens, and splits possessives', () => {
    const text = 'Mr. J. Smith’s U.S.-backed plan, don’t; Jean-Claude’s O’Brien';
    // "U.S." keeps its periods; the hyphen after it is a token of its own.
    const tokens: Token[] = [];
    tokenize(text, 0, text.length, tokens);
    assert.deepEqual(
      tokens.map((t) => [text.slice(t.start, t.end), t.kind]),
      [
        ['Mr.', WORD], ['J.', WORD], ['Smith', WORD], ['’s', POSS], ['U.S.', WORD], ['-', PUNCT], ['backed', WORD],
        ['plan', WORD], [',', PUNCT],
        ['don’t', WORD], [';', PUNCT], ['Jean-Claude', WORD], ['’s', POSS], ['O’Brien', WORD],
      ],
    );
    assert.equal(tokens[0]?.lower, 'mr');
    assert.equal(tokens[9]?.lower, "don't");
    assert.equal(tokens[4]?.lower, 'us');
  });
});

const SEED = fileURLToPath(new URL('../../../shared/seed/000_a93aed45eeec922c.txt', import.meta.url));

describe('the seed article', { skip: existsSync(SEED) ? false : 'no ../shared/seed here' }, () => {
  it('finds its people, organisations and places', () => {
    const text = readFileSync(SEED, 'utf8');
    const entities = extractEntities(input(text));
    checkInvariants(text, entities);
    const person = (name: string, mentions: number): void => {
      const e = find(entities, name);
      assert.ok(e !== undefined, name);
      assert.equal(e.type, 'person');
      assert.ok(e.mentions >= mentions, `${name}: ${e.mentions} mentions`);
    };
    person('Vladimir Putin', 5);
    person('Donald Trump', 4);
    person('Olaf Scholz', 3);
    person('Emmanuel Macron', 3);
    person('Alan Fisher', 1);
    person('Dorsa Jabbari', 1);
    assert.equal(find(entities, 'Kremlin')?.type, 'organization');
    assert.equal(find(entities, 'Al Jazeera')?.type, 'organization');
    assert.equal(find(entities, 'Ukraine')?.type, 'place');
    assert.equal(find(entities, 'Moscow')?.type, 'place');
    assert.equal(find(entities, 'Dorsa Jabbari')?.gender, 'female');
  });
});
