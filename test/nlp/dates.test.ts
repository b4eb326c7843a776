import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AnalysisInput, DateMention } from '../../src/nlp/analysis-types.ts';
import { datesStage, extractDates } from '../../src/nlp/dates.ts';
import { segment } from '../../src/nlp/segment.ts';

/** Tuesday 18 March 2025, mid-morning UTC. */
const PUBLISHED = '2025-03-18T10:00:00Z';

function input(text: string, publishedAt = PUBLISHED, language = 'en'): AnalysisInput {
  return { text, segmentation: segment(text), publishedAt, language };
}

interface Expected {
  readonly mention: string;
  readonly date: string;
}

interface Case {
  readonly text: string;
  readonly dates: readonly Expected[];
  readonly publishedAt?: string;
}

const found = (text: string, publishedAt = PUBLISHED): Expected[] =>
  extractDates(input(text, publishedAt)).map(({ mention, date }) => ({ mention, date }));

function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.publishedAt === undefined ? c.text : `${c.text} (published ${c.publishedAt})`, () => {
      assert.deepEqual(found(c.text, c.publishedAt), c.dates);
    });
  }
}

describe('extractDates: days, months and years against the published time', () => {
  runCases([
    // Days
    { text: 'The leaders spoke on Tuesday.', dates: [{ mention: 'on Tuesday', date: '2025-03-18' }] },
    { text: 'Sales slumped on Friday.', dates: [{ mention: 'on Friday', date: '2025-03-14' }] },
    { text: 'The mayor resigned on Wednesday.', dates: [{ mention: 'on Wednesday', date: '2025-03-12' }] },
    { text: 'The deal was signed on 18 March.', dates: [{ mention: 'on 18 March', date: '2025-03-18' }] },
    { text: 'The lease expires on March 18, 2026.', dates: [{ mention: 'on March 18, 2026', date: '2026-03-18' }] },
    { text: 'The talks began Jan. 5 in Geneva.', dates: [{ mention: 'Jan. 5', date: '2025-01-05' }] },
    { text: 'The report, dated 2025-03-10, was leaked.', dates: [{ mention: '2025-03-10', date: '2025-03-10' }] },
    {
      text: 'He left yesterday, returns tomorrow and speaks today.',
      dates: [
        { mention: 'yesterday', date: '2025-03-17' },
        { mention: 'tomorrow', date: '2025-03-19' },
        { mention: 'today', date: '2025-03-18' },
      ],
    },
    { text: 'Stocks fell on Monday, 10 March.', dates: [{ mention: 'on Monday, 10 March', date: '2025-03-10' }] },
    // The weekday picks the year of a day given without one.
    { text: 'The editorial ran on Friday, 25 April.', dates: [{ mention: 'on Friday, 25 April', date: '2025-04-25' }] },
    { text: 'Three days ago the border closed.', dates: [{ mention: 'Three days ago', date: '2025-03-15' }] },
    { text: 'Last Friday the bank cut rates.', dates: [{ mention: 'Last Friday', date: '2025-03-14' }] },
    { text: 'Last Tuesday the bank cut rates.', dates: [{ mention: 'Last Tuesday', date: '2025-03-11' }] },
    { text: 'Monday of last week was quiet.', dates: [{ mention: 'Monday of last week', date: '2025-03-10' }] },
    { text: 'The fair closes this Friday.', dates: [{ mention: 'this Friday', date: '2025-03-21' }] },
    // A day of the month without a year close to publication is the nearest one (news leaves the year out).
    { text: 'The vote, set for 2 April, is tight.', dates: [{ mention: '2 April', date: '2025-04-02' }] },
    { text: 'The ship sank on 28 December.', dates: [{ mention: 'on 28 December', date: '2024-12-28' }] },
    // Months
    { text: 'Attacks have risen since January.', dates: [{ mention: 'since January', date: '2025-01' }] },
    { text: 'The plant closed in March 2024.', dates: [{ mention: 'in March 2024', date: '2024-03' }] },
    { text: 'In May, prices fell.', dates: [{ mention: 'In May', date: '2024-05' }] },
    { text: 'The fair opened in April.', dates: [{ mention: 'in April', date: '2024-04' }] },
    { text: 'The ministry said it had acted in December.', dates: [{ mention: 'in December', date: '2024-12' }] },
    { text: 'Last May the river flooded.', dates: [{ mention: 'Last May', date: '2024-05' }] },
    { text: 'Since May the rules have changed.', dates: [{ mention: 'Since May', date: '2024-05' }] },
    {
      text: 'Prices rose this month and will rise again next month.',
      dates: [
        { mention: 'this month', date: '2025-03' },
        { mention: 'next month', date: '2025-04' },
      ],
    },
    {
      text: 'Polls opened in early October last year.',
      dates: [{ mention: 'in early October last year', date: '2024-10' }],
    },
    { text: 'Output rose two months ago.', dates: [{ mention: 'two months ago', date: '2025-01' }] },
    // Years
    { text: 'Profits fell last year.', dates: [{ mention: 'last year', date: '2024' }] },
    { text: 'The law was passed in 2019.', dates: [{ mention: 'in 2019', date: '2019' }] },
    { text: 'Earlier this year, the plant closed.', dates: [{ mention: 'Earlier this year', date: '2025' }] },
    { text: 'Output peaked in mid-2023.', dates: [{ mention: 'in mid-2023', date: '2023' }] },
    { text: 'The 2019 election was close.', dates: [{ mention: '2019', date: '2019' }] },
    { text: 'The war began two years ago.', dates: [{ mention: 'two years ago', date: '2023' }] },
    { text: 'Growth returns next year.', dates: [{ mention: 'next year', date: '2026' }] },
    {
      text: 'Between 1994 and 1997 the town grew.',
      dates: [
        { mention: '1994', date: '1994' },
        { mention: '1997', date: '1997' },
      ],
    },
    { text: 'About 1500 troops left in 1998.', dates: [{ mention: 'in 1998', date: '1998' }] },
  ]);
});

describe('extractDates: the future when the words say so', () => {
  runCases([
    { text: 'The company will report on Monday.', dates: [{ mention: 'on Monday', date: '2025-03-24' }] },
    { text: 'On Monday the company will report.', dates: [{ mention: 'On Monday', date: '2025-03-24' }] },
    { text: 'On Monday, the company will report its results.', dates: [{ mention: 'On Monday', date: '2025-03-24' }] },
    { text: 'The minister is expected to visit on Thursday.', dates: [{ mention: 'on Thursday', date: '2025-03-20' }] },
    // The same weekday as publication, in the future tense, is a week ahead (news says "today" for the same day).
    { text: 'The jury will return on Tuesday.', dates: [{ mention: 'on Tuesday', date: '2025-03-18' }] },
    { text: 'The jury will return next Tuesday.', dates: [{ mention: 'next Tuesday', date: '2025-03-25' }] },
    { text: 'The rules will apply from 24 November.', dates: [{ mention: 'from 24 November', date: '2025-11-24' }] },
    { text: 'The union plans to strike in February.', dates: [{ mention: 'in February', date: '2026-02' }] },
    { text: 'Next Monday the court rules.', dates: [{ mention: 'Next Monday', date: '2025-03-24' }] },
    { text: 'The new line opens next March.', dates: [{ mention: 'next March', date: '2026-03' }] },
    { text: 'The group may arrive as soon as Friday.', dates: [{ mention: 'Friday', date: '2025-03-21' }] },
    { text: 'The hearing was postponed until Thursday.', dates: [{ mention: 'until Thursday', date: '2025-03-20' }] },
    {
      text: 'On Thursday next week, the board meets.',
      dates: [{ mention: 'On Thursday next week', date: '2025-03-27' }],
    },
    { text: 'Output will double in April next year.', dates: [{ mention: 'in April next year', date: '2026-04' }] },
    // A reporting verb next to the date is the date of the saying.
    { text: 'She said on Monday that the plant will close.', dates: [{ mention: 'on Monday', date: '2025-03-17' }] },
  ]);
});

describe('extractDates: what is not a date', () => {
  const NEGATIVE = [
    'The meeting started at 10:00.',
    'The polls close at 3 p.m. sharp.',
    'The ceasefire is now in force.',
    'A truce for 30 days was proposed.',
    'A truce of 30 days was proposed.',
    'The talks lasted for 48 hours.',
    'The talks will end in 30 days.',
    'The war is two years old.',
    'Two years of war have passed.',
    'He is 45 years old.',
    'Attacks knocked out about 10 p.c. of capacity.',
    'Growth reached 4.5 per cent.',
    'Theresa May said the plan was dead.',
    'Mrs May said the plan was dead.',
    'You may go now.',
    '“May I ask a question?” she said.',
    'April Jones testified for the defence.',
    'Protesters march on the capital.',
    'The Sun reported the story.',
    'The 48-hour strike ended quietly.',
    'Leeds sealed a 2-1 win.',
    'The final score was 21-17.',
    'The prime minister returned to No. 10.',
    'Call 555-1234 or 020 7946 0018 for details.',
    'More than 2000 people attended.',
    'About 1500 troops left the base.',
    'The shift ends at 1600 GMT.',
    'The bill cost $1999 in all.',
    'In the 1990s the town grew.',
    'The 19th century mill burned.',
    'Profits rose in the third quarter of 2024.',
    'The summer of 2019 was hot.',
    'Sales rose last week.',
    'Sales will rise this week.',
    'Three weeks ago the talks stalled.',
    'The ferry sails every Thursday.',
    'A year ago, profits were higher.',
    'Prices doubled a few years ago.',
    'The harvest was good a day earlier.',
    'The people of tomorrow will decide.',
    'He scored 3/4 of the points.',
  ];
  for (const text of NEGATIVE) {
    it(text, () => {
      assert.deepEqual(found(text), []);
    });
  }
});

describe('extractDates: days are counted in the published offset', () => {
  runCases([
    // 23:30 on Tuesday the 18th in New York is already Wednesday the 19th in UTC.
    {
      text: 'The vote took place today.',
      publishedAt: '2025-03-18T23:30:00-05:00',
      dates: [{ mention: 'today', date: '2025-03-18' }],
    },
    {
      text: 'The vote took place on Tuesday, after talks yesterday.',
      publishedAt: '2025-03-18T23:30:00-05:00',
      dates: [
        { mention: 'on Tuesday', date: '2025-03-18' },
        { mention: 'yesterday', date: '2025-03-17' },
      ],
    },
    // 07:00 on Wednesday the 19th in Tokyo is still Tuesday the 18th in UTC.
    {
      text: 'The vote took place today.',
      publishedAt: '2025-03-19T07:00:00+09:00',
      dates: [{ mention: 'today', date: '2025-03-19' }],
    },
    {
      text: 'The vote took place on Wednesday, after talks on Tuesday.',
      publishedAt: '2025-03-19T07:00:00+09:00',
      dates: [
        { mention: 'on Wednesday', date: '2025-03-19' },
        { mention: 'on Tuesday', date: '2025-03-18' },
      ],
    },
    // A month boundary crossed by the offset.
    {
      text: 'It rained this month.',
      publishedAt: '2025-04-01T06:00:00+10:00',
      dates: [{ mention: 'this month', date: '2025-04' }],
    },
    {
      text: 'It rained this month.',
      publishedAt: '2025-03-31T20:00:00-04:00',
      dates: [{ mention: 'this month', date: '2025-03' }],
    },
  ]);

  it('does not depend on the time zone of the machine', () => {
    const module = new URL('../../src/nlp/dates.ts', import.meta.url).href;
    const segmentModule = new URL('../../src/nlp/segment.ts', import.meta.url).href;
    const script = `
      import { extractDates } from ${JSON.stringify(module)};
      import { segment } from ${JSON.stringify(segmentModule)};
      const text = 'Talks began on Tuesday, resumed yesterday and will end on 2 April; the deal was struck in May.';
      const run = (publishedAt) =>
        extractDates({ text, segmentation: segment(text), publishedAt, language: 'en' }).map((m) => m.date);
      console.log(JSON.stringify([run('2025-03-18T23:30:00-05:00'), run('2025-03-19T07:00:00+09:00')]));`;
    const outputs = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'].map((tz) => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
         
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim();
    });
    assert.equal(outputs[0], JSON.stringify([
      ['2025-03-18', '2025-03-17', '2025-04-02', '2024-05'],
      ['2025-03-18', '2025-03-18', '2025-04-02', '2024-05'],
    ]));
    assert.equal(outputs[1], outputs[0]);
    assert.equal(outputs[2], outputs[0]);
  });
});

describe('extractDates: invariants', () => {
  const ARTICLE = [
    'Budget talks collapse',
    '',
    'Ministers met on Tuesday after weeks of delay. The finance minister said on Monday that the budget, first ' +
      'promised in January, would be published on 2 April.',
    '',
    '“We have waited since 2019,” a union leader said. Talks in mid-2023 and last year failed; the next round is ' +
      'expected in May.',
    '',
    'Turnout was about 10 p.c. lower than in March 2024, and the strike lasted 48 hours.',
  ].join('\n');

  const mentions = extractDates(input(ARTICLE));

  it('finds the dates of a whole article', () => {
    assert.deepEqual(
      mentions.map((m) => [m.mention, m.date, m.granularity]),
      [
        ['on Tuesday', '2025-03-18', 'day'],
        ['on Monday', '2025-03-17', 'day'],
        ['in January', '2025-01', 'month'],
        ['on 2 April', '2025-04-02', 'day'],
        ['since 2019', '2019', 'year'],
        ['in mid-2023', '2023', 'year'],
        ['last year', '2024', 'year'],
        ['in May', '2025-05', 'month'],
        ['in March 2024', '2024-03', 'month'],
      ],
    );
  });

  it('gives each mention as the slice of the text it covers', () => {
    for (const m of mentions) assert.equal(ARTICLE.slice(m.start, m.end), m.mention);
  });

  it('gives the mentions in text order, without overlaps', () => {
    for (let k = 1; k < mentions.length; k++) {
      assert.ok((mentions[k - 1] as DateMention).end <= (mentions[k] as DateMention).start);
    }
  });

  it('gives the index of the sentence each mention is in', () => {
    const { sentences } = segment(ARTICLE);
    for (const m of mentions) {
      const sentence = sentences[m.sentenceIndex];
      assert.ok(sentence !== undefined && sentence.start <= m.start && m.end <= sentence.end, m.mention);
    }
  });

  it('writes the date in the format of its granularity', () => {
    const FORMATS = { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, year: /^\d{4}$/ };
    for (const m of mentions) {
      assert.match(m.date, FORMATS[m.granularity]);
      assert.equal(m.stage, 'dates');
    }
  });

  it('returns nothing for other languages', () => {
    assert.deepEqual(extractDates(input('Le sommet a eu lieu mardi 18 mars 2025.', PUBLISHED, 'fr')), []);
    assert.deepEqual(extractDates(input('The summit was held on 18 March 2025.', PUBLISHED, 'und')), []);
  });

  it('returns nothing when the published time cannot be read', () => {
    assert.deepEqual(extractDates(input('The summit was held on Tuesday.', 'not a date')), []);
  });

  it('is a pipeline stage', () => {
    assert.equal(datesStage.name, 'dates');
    assert.deepEqual(datesStage.run(input(ARTICLE)), mentions);
  });
});

const SEED = fileURLToPath(new URL('../../../shared/seed/000_a93aed45eeec922c.txt', import.meta.url));

describe('extractDates on the seed article', { skip: existsSync(SEED) ? false : `no seed article at ${SEED}` }, () => {
  const read = (): { text: string; mentions: DateMention[] } => {
    const text = readFileSync(SEED, 'utf8').replace(/\r\n?/g, '\n').trim();
    return { text, mentions: extractDates(input(text, '2025-03-18T00:00:00Z')) };
  };

  it('resolves "on Tuesday" to the publication day', () => {
    const { mentions } = read();
    const tuesdays = mentions.filter((m) => m.mention === 'on Tuesday');
    assert.ok(tuesdays.length > 0);
    for (const m of tuesdays) assert.equal(m.date, '2025-03-18');
  });

  it('takes no date from percentages, durations or ages', () => {
    const { text, mentions } = read();
    for (const phrase of ['10 p.c.', '30 days', '30-day', 'two-year']) {
      for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
        const overlapping = mentions.filter((m) => m.start < at + phrase.length && at < m.end);
        assert.deepEqual(overlapping, [], phrase);
      }
    }
  });

  it('gives only well-formed mentions', () => {
    const { text, mentions } = read();
    for (const m of mentions) {
      assert.equal(text.slice(m.start, m.end), m.mention);
      assert.match(m.date, /^20(?:24|25)/);
    }
  });
});
