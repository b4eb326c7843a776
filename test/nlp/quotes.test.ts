import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AnalysisInput, Quote, SpeakerCue } from '../../src/nlp/analysis-types.ts';
import { extractEntities } from '../../src/nlp/entities.ts';
import { extractQuotes, quotesStage } from '../../src/nlp/quotes.ts';
import { segment } from '../../src/nlp/segment.ts';

function input(text: string, language = 'en'): AnalysisInput {
  return { text, segmentation: segment(text), publishedAt: '2025-03-18T12:00:00Z', language };
}

function quotesOf(text: string, language = 'en'): Quote[] {
  const i = input(text, language);
  return extractQuotes(i, extractEntities(i));
}

interface Expected {
  readonly text: string;
  readonly speaker: string | null;
  readonly fragment?: boolean;
  readonly cue?: SpeakerCue | null;
  readonly continuesPrevious?: boolean;
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly quotes: readonly Expected[];
  readonly language?: string;
}

const CASES: readonly Case[] = [
  // --- Quotation marks
  {
    name: 'curly quotes, pronoun after the closing mark',
    text: 'Maria Lopez runs the harbour office. “We cannot wait any longer,” she said.',
    quotes: [{ text: 'We cannot wait any longer', speaker: 'Maria Lopez', fragment: false, cue: 'pronoun' }],
  },
  {
    name: 'straight quotes, verb before the name and an apposition after it',
    text: '"The bridge will open in May," said Tomas Berg, the city engineer.',
    quotes: [{ text: 'The bridge will open in May', speaker: 'Tomas Berg', cue: 'explicit' }],
  },
  {
    name: 'the ``…\'\' of older corpora',
    text: "``It is over for this season,'' said Peter Hall.",
    quotes: [{ text: 'It is over for this season', speaker: 'Peter Hall' }],
  },
  {
    name: 'single curly quotes used as quotation marks',
    text: '‘We will not give up on the mine,’ said Ahmed Karimi.',
    quotes: [{ text: 'We will not give up on the mine', speaker: 'Ahmed Karimi' }],
  },
  {
    name: 'German low-high quotes (speaker needs English cues)',
    text: '„Wir schaffen das“, sagte sie am Dienstag.',
    language: 'de',
    quotes: [{ text: 'Wir schaffen das', speaker: null }],
  },
  {
    name: 'French guillemets',
    text: '« Nous allons gagner », a dit le ministre.',
    language: 'fr',
    quotes: [{ text: 'Nous allons gagner', speaker: null }],
  },
  {
    name: 'straight and curly marks mixed in one quote',
    text: 'Councillor Ravi Menon said the repairs were "long overdue and badly planned.” Work starts on Monday.',
    quotes: [{ text: 'long overdue and badly planned.', speaker: 'Ravi Menon', fragment: true }],
  },

  // --- Attribution in either order
  {
    name: 'verb first, name with a role after it',
    text: '“Prices will rise again in the autumn,” said Marta Kovač, the union’s general secretary.',
    quotes: [{ text: 'Prices will rise again in the autumn', speaker: 'Marta Kovač' }],
  },
  {
    name: 'name and verb before a colon',
    text: 'Olaf Lindqvist said: “We will sign the agreement next week.”',
    quotes: [{ text: 'We will sign the agreement next week.', speaker: 'Olaf Lindqvist', fragment: false }],
  },
  {
    name: 'title and nationality before the name are stripped',
    text: '“We need a ceasefire now,” stated outgoing Norwegian Minister Kari Dahl, speaking in Oslo.',
    quotes: [{ text: 'We need a ceasefire now', speaker: 'Kari Dahl' }],
  },
  {
    name: 'subject and speech verb before the quote, with "that"',
    text: 'Governor Ruth Okafor told reporters that “the budget is balanced for the first time in a decade”.',
    quotes: [{ text: 'the budget is balanced for the first time in a decade', speaker: 'Ruth Okafor', fragment: false }],
  },
  {
    name: 'apposition between the subject and the verb',
    text: 'Helena Brandt, reporting from Lisbon, stated that there was “real momentum” in the talks.',
    quotes: [{ text: 'real momentum', speaker: 'Helena Brandt', fragment: true }],
  },
  {
    name: 'the speaker of the earlier verb when the last one has its own subject elsewhere',
    text: 'Sven Aalto additionally indicated to Marek Nowak that “the most important condition is an end to all shelling”, according to the ministry.',
    quotes: [{ text: 'the most important condition is an end to all shelling', speaker: 'Sven Aalto' }],
  },
  {
    name: 'an organisation as speaker',
    text: '“The talks were useful and frank,” the Kremlin said in a statement.',
    quotes: [{ text: 'The talks were useful and frank', speaker: 'Kremlin', cue: 'organization' }],
  },
  {
    name: '"according to" after a fragment',
    text: 'The plan is “dead on arrival”, according to the Transport Ministry.',
    quotes: [{ text: 'dead on arrival', speaker: 'Transport Ministry', fragment: true, cue: 'organization' }],
  },
  {
    name: 'a phrase the text gives as speaker',
    text: '“No decision has been taken yet,” a spokesperson for the port authority said.',
    quotes: [{ text: 'No decision has been taken yet', speaker: 'a spokesperson for the port authority', cue: 'explicit' }],
  },
  {
    name: '"they" for an organisation named just before',
    text: 'The Transport Ministry published its timetable on Monday. “We expect short delays,” they said.',
    quotes: [{ text: 'We expect short delays', speaker: 'Transport Ministry', cue: 'pronoun' }],
  },
  {
    name: 'apostrophes inside a quote do not end it',
    text: '“We’ll see whether the union’s plan works in the 1990’s style,” said Ines Duarte.',
    quotes: [{ text: 'We’ll see whether the union’s plan works in the 1990’s style', speaker: 'Ines Duarte' }],
  },
  {
    name: 'nested single quotes stay part of the quote',
    text: '“He told me ‘never again’ and left,” said Ines Duarte.',
    quotes: [{ text: 'He told me ‘never again’ and left', speaker: 'Ines Duarte' }],
  },
  {
    name: 'a dash and a name after the quote',
    text: '“Keep the night trains running.” — Lena Fischer',
    quotes: [{ text: 'Keep the night trains running.', speaker: 'Lena Fischer' }],
  },
  {
    name: 'a name right after the closing mark with no verb',
    text: 'Olaf Lindqvist spoke after the vote.\n\n“Next year will be better for all of us,” Lindqvist on the radio with his deputy.',
    quotes: [{ text: 'Next year will be better for all of us', speaker: 'Olaf Lindqvist' }],
  },
  {
    name: 'surname alone resolves to the longest form',
    text: 'Chancellor Olaf Brenner arrived late. “We each agree on this,” Brenner stated.',
    quotes: [{ text: 'We each agree on this', speaker: 'Olaf Brenner', cue: 'explicit' }],
  },

  // --- Two quotes in one sentence, continuations
  {
    name: '“A,” he said, “B.” is two quotes with one speaker',
    text: 'Mayor Anna Weber met residents on Monday. “We tried,” she said, “but the council refused every plan.”',
    quotes: [
      { text: 'We tried', speaker: 'Anna Weber', cue: 'pronoun' },
      { text: 'but the council refused every plan.', speaker: 'Anna Weber', cue: 'pronoun' },
    ],
  },
  {
    name: 'the next paragraph is just another quote: same speaker',
    text: '“The harbour is full,” said Ines Duarte.\n\n“We have turned away three ships this week.”',
    quotes: [
      { text: 'The harbour is full', speaker: 'Ines Duarte', cue: 'explicit' },
      { text: 'We have turned away three ships this week.', speaker: 'Ines Duarte', cue: 'continuation' },
    ],
  },
  {
    name: 'a quote in the next sentence of the same paragraph continues the speaker',
    text: '“The harbour is full,” said Ines Duarte. “We have turned away three ships this week.”',
    quotes: [
      { text: 'The harbour is full', speaker: 'Ines Duarte' },
      { text: 'We have turned away three ships this week.', speaker: 'Ines Duarte', cue: 'continuation' },
    ],
  },
  {
    name: 'the subject of a speech verb in the sentence before',
    text: 'Olaf Brenner said a full ceasefire must come first.\n\n“The next step must be a ceasefire for everyone,” Brenner at the press conference.',
    quotes: [{ text: 'The next step must be a ceasefire for everyone', speaker: 'Olaf Brenner' }],
  },
  {
    name: 'a quote over two paragraphs (opened, not closed, reopened)',
    text:
      'Chief engineer Paul Novak described the repairs.\n\n' +
      '“The first weeks were hard. We worked at night.\n\n' +
      '“Now the line is open again,” he said.',
    quotes: [
      { text: 'The first weeks were hard. We worked at night.', speaker: 'Paul Novak', cue: 'continuation' },
      { text: 'Now the line is open again', speaker: 'Paul Novak', cue: 'pronoun', continuesPrevious: true },
    ],
  },

  // --- Pronouns and gender
  {
    name: '"she" skips a man named after the woman',
    text: 'Julia Stein met Karl Brandt after the vote. “It was close,” she said.',
    quotes: [{ text: 'It was close', speaker: 'Julia Stein', cue: 'pronoun' }],
  },
  {
    name: '"he" finds the man of two people',
    text: 'Julia Stein met Karl Brandt after the vote. “It was close,” he said.',
    quotes: [{ text: 'It was close', speaker: 'Karl Brandt', cue: 'pronoun' }],
  },
  {
    name: 'gender from the pronouns of earlier sentences',
    text: 'Dorsa Ravani reported from the border. She counted the trucks. “Nothing has moved since dawn,” she added.',
    quotes: [{ text: 'Nothing has moved since dawn', speaker: 'Dorsa Ravani', cue: 'pronoun' }],
  },
  {
    name: 'people named inside quotes are not antecedents',
    text: 'Ada Moreau spoke first. “We trust Victor Lang,” she said. “He knows the port,” she added.',
    quotes: [
      { text: 'We trust Victor Lang', speaker: 'Ada Moreau' },
      { text: 'He knows the port', speaker: 'Ada Moreau' },
    ],
  },

  // --- Fragments and no speaker
  {
    name: 'scare quotes: a fragment attributed to the sentence subject',
    text: 'Jonas Meyer called the proposal “excellent” on Friday.',
    quotes: [{ text: 'excellent', speaker: 'Jonas Meyer', fragment: true }],
  },
  {
    name: 'a fragment after "was a"',
    text: 'Anna Weber wrote on her blog that the meeting was a “productive one”.',
    quotes: [{ text: 'productive one', speaker: 'Anna Weber', fragment: true }],
  },
  {
    name: 'no speaker when the text does not say',
    text: 'The sign on the door read “closed for repairs”.',
    quotes: [{ text: 'closed for repairs', speaker: null, fragment: true, cue: null }],
  },
  {
    name: 'a long quote set in a sentence is no fragment',
    text:
      'The two sides agreed to start with “a limited truce on energy sites, technical talks on shipping and, later, ' +
      'a full and lasting peace”.',
    quotes: [
      {
        text: 'a limited truce on energy sites, technical talks on shipping and, later, a full and lasting peace',
        speaker: null,
        fragment: false,
      },
    ],
  },
  {
    name: 'a quoted title of a programme is no quote',
    text: 'She told CBS’s “Face the Nation” that the vote would be close.',
    quotes: [],
  },
];

/** Texts with apostrophes, inch marks and stray marks: no quote at all. */
const NEGATIVE: readonly string[] = [
  'We’ll see whether the union’s plan works, and don’t forget the nations’ debts.',
  '1000’s of people came to the square.',
  'They played rock ’n’ roll all night.',
  "They played rock 'n' roll all night.",
  'The new goalkeeper is 6\'2" and the striker is 5\'10" tall.',
  'The report ended with a lone mark “',
  'He said "',
  'It was the \'90s and the players\' union was strong.',
  'It was the ‘90s and the players’ union was strong.',
  'An empty pair “” means nothing.',
  'Ships docked at 5" intervals.',
  'The Smiths’ house and the Joneses’ garden.',
  '',
  '“',
  '"',
];

function check(text: string, quotes: readonly Quote[]): void {
  let last = -1;
  for (const q of quotes) {
    assert.ok(q.start >= 0 && q.end <= text.length && q.start < q.end, `offsets in bounds: ${q.start}-${q.end}`);
    assert.ok(q.start >= last, 'quotes in text order');
    last = q.start;
    assert.equal(q.text, text.slice(q.start, q.end));
    assert.equal(q.stage, 'quotes');
    assert.ok(q.sentenceIndex >= 0);
    assert.equal(q.speakerCue === null, q.speaker === null, 'a cue exactly when there is a speaker');
  }
}

describe('extractQuotes', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const quotes = quotesOf(c.text, c.language);
      check(c.text, quotes);
      assert.deepEqual(
        quotes.map((q) => ({ text: q.text, speaker: q.speaker })),
        c.quotes.map((q) => ({ text: q.text, speaker: q.speaker })),
      );
      c.quotes.forEach((expected, i) => {
        const q = quotes[i] as Quote;
        if (expected.fragment !== undefined) assert.equal(q.fragment, expected.fragment, `fragment of ${q.text}`);
        if (expected.cue !== undefined) assert.equal(q.speakerCue, expected.cue, `cue of ${q.text}`);
        assert.equal(q.continuesPrevious === true, expected.continuesPrevious === true, `continuesPrevious of ${q.text}`);
      });
    });
  }

  for (const text of NEGATIVE) {
    it(`finds no quote in ${JSON.stringify(text)}`, () => {
      assert.deepEqual(quotesOf(text), []);
    });
  }

  it('keeps the invariants on arbitrary text', () => {
    // A fixed pseudo-random generator: the same strings on every run.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['a', 'B', ' ', ' ', '.', ',', '\n', '\n\n', '“', '”', '"', "'", '‘', '’', '«', '»', '„', '`', 'said', 'he', 'Smith', '—', ':'];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = Math.floor(next() * 80);
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(next() * alphabet.length)];
      check(text, quotesOf(text));
    }
    for (const c of CASES) check(c.text, quotesOf(c.text));
  });

  it('works on an input without segmentation', () => {
    const text = '“We are ready,” said Ines Duarte.';
    const quotes = extractQuotes({ text, segmentation: { paragraphs: [], sentences: [] }, publishedAt: '2025-03-18T00:00:00Z', language: 'en' }, []);
    assert.deepEqual(quotes.map((q) => q.text), ['We are ready']);
  });

  it('exposes a stage', () => {
    const i = input('“We are ready,” said Ines Duarte.');
    assert.equal(quotesStage.name, 'quotes');
    assert.deepEqual(quotesStage.run({ ...i, entities: extractEntities(i) }), quotesOf(i.text));
  });
});

const SEED = fileURLToPath(new URL('../../../shared/seed/000_a93aed45eeec922c.txt', import.meta.url));

describe('the seed article', { skip: existsSync(SEED) ? false : 'no ../shared/seed here' }, () => {
  it('finds its 12 quotes and their speakers', () => {
    const text = readFileSync(SEED, 'utf8');
    const quotes = quotesOf(text);
    check(text, quotes);
    assert.equal(quotes.length, 12);
    const speakerOf = (n: number): string | null => (quotes[n - 1] as Quote).speaker;
    assert.equal(speakerOf(1), 'Vladimir Putin');
    assert.equal(speakerOf(4), 'Donald Trump');
    assert.equal((quotes[3] as Quote).fragment, true);
    assert.equal(speakerOf(5), 'Alan Fisher');
    assert.equal((quotes[4] as Quote).speakerCue, 'pronoun');
    assert.equal(speakerOf(6), 'Alan Fisher');
    assert.equal((quotes[5] as Quote).speakerCue, 'continuation');
    assert.equal(speakerOf(8), 'Dorsa Jabbari');
    assert.equal(speakerOf(9), 'Dorsa Jabbari');
    assert.equal(speakerOf(10), 'Olaf Scholz');
    assert.equal(speakerOf(11), 'Emmanuel Macron');
    assert.equal(speakerOf(12), 'Olaf Scholz');
  });
});
