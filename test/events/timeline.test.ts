import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewArticle, RawArticle } from '../../src/domain/article.ts';
import { buildTimeline, isChronology, mentionWeight, monthFactor, type TimelineEntry, type TimelineSource } from '../../src/events/timeline.ts';
import { article, analyzed } from '../helpers/articles.ts';

// Invented articles: a crack in the (fictional) Orrin Lake dam above Bellmere, told by three (fictional) outlets over
// two weeks. 2026-03-09 is a Monday.
type Fixture = Partial<RawArticle> & { text: string };

const STORY: Record<string, Fixture> = {
  postMonday: {
    title: 'Bellmere evacuated after crack found in Orrin Lake dam',
    source: 'Valley Post',
    published: '2026-03-09T18:00:00Z',
    text: [
      'Engineers found a long crack in the Orrin Lake dam above Bellmere on Monday, and the county ordered 4,000 residents to leave their homes.',
      '',
      'The crack runs along the spillway wall, inspectors said. Buses took families to the sports hall in Kelby.',
    ].join('\n'),
  },
  ledgerMonday: {
    title: 'Dam crack forces evacuation of Bellmere',
    source: 'Northern Ledger',
    published: '2026-03-09T21:30:00Z',
    text: [
      'Thousands of Bellmere residents were evacuated on Monday after inspectors found a crack in the Orrin Lake dam.',
      '',
      'County officials said the dam was not about to fail but that they would take no chances with the spillway.',
    ].join('\n'),
  },
  heraldTuesday: {
    title: 'Engineers start draining Orrin Lake',
    source: 'Kelby Herald',
    published: '2026-03-10T19:00:00Z',
    text: [
      'Engineers began pumping water out of Orrin Lake on Tuesday to take pressure off the cracked dam wall.',
      '',
      'The evacuation of Bellmere ordered on Monday remains in force, the county said.',
      '',
      'Kelby, March 10.',
    ].join('\n'),
  },
  postTuesday: {
    title: 'Pumps lower Orrin Lake by a metre',
    source: 'Valley Post',
    published: '2026-03-10T22:00:00Z',
    text: [
      'Pumps lowered the level of Orrin Lake by a metre on Tuesday, engineers said, as the county kept Bellmere empty for a second day.',
      '',
      'The dam crack was found on Monday during a routine inspection.',
    ].join('\n'),
  },
  ledgerThursday: {
    title: 'Bellmere residents allowed home',
    source: 'Northern Ledger',
    published: '2026-03-12T17:00:00Z',
    text: [
      'Bellmere residents were allowed to return home on Thursday after engineers said the lowered lake no longer threatened the dam.',
      '',
      'Some shops on the high street reopened within hours.',
    ].join('\n'),
  },
  heraldInquiry: {
    title: 'County orders inquiry into Orrin Lake dam',
    source: 'Kelby Herald',
    published: '2026-03-20T12:00:00Z',
    text: [
      'The county ordered an independent inquiry on Friday into how the crack in the Orrin Lake dam went unnoticed until March 9.',
      '',
      'Residents had returned to Bellmere on March 12, three days after the evacuation.',
      '',
      'The inquiry will report its findings on June 30, the county said.',
    ].join('\n'),
  },
  postInquiry: {
    title: 'Dam inquiry welcomed in Bellmere',
    source: 'Valley Post',
    published: '2026-03-21T09:00:00Z',
    text: [
      'Bellmere residents welcomed the inquiry into the dam crack that emptied their town on March 9.',
      '',
      'Repairs to the spillway wall are expected to take most of the summer.',
    ].join('\n'),
  },
};

function sourcesOf(fixtures: readonly Fixture[]): TimelineSource[] {
  const articles = fixtures.map((fixture) => article(fixture));
  // Short texts can be taken for another language, which has no date rules: the cases would test nothing.
  for (const a of articles) assert.equal(a.language, 'en', `fixture "${a.title}" is read as English`);
  return analyzed(...articles).map(({ article: a, analysis }) => ({ article: a, dates: analysis.dates }));
}

const story = sourcesOf(Object.values(STORY));
const idOf = (key: string): string => {
  const fixture = STORY[key];
  const found = story.find((source) => fixture !== undefined && source.article.title === fixture.title);
  if (found === undefined) throw new Error(`no fixture ${key}`);
  return found.article.id;
};

function assertVerbatim(entries: readonly TimelineEntry[], sources: readonly TimelineSource[]): void {
  const byId = new Map<string, NewArticle | TimelineSource['article']>(sources.map((source) => [source.article.id, source.article]));
  for (const entry of entries) {
    for (const sentence of entry.sentences) {
      const a = byId.get(sentence.articleId);
      const span = a?.segmentation.sentences[sentence.sentenceIndex];
      assert.ok(a !== undefined && span !== undefined, `sentence of ${entry.date} points at a real sentence`);
      assert.equal(sentence.text, a.text.slice(span.start, span.end));
    }
  }
}

describe('buildTimeline', () => {
  it('keeps the days many articles speak of, in date order, with verbatim sentences', () => {
    const timeline = buildTimeline(story, { dates: 3 });
    assert.deepEqual(
      timeline.map((entry) => entry.date),
      ['2026-03-09', '2026-03-10', '2026-03-12'],
    );
    assertVerbatim(timeline, story);
    for (const entry of timeline) {
      assert.equal(entry.sentences.length, 1);
      assert.deepEqual(entry.articleIds, [...entry.articleIds].sort());
    }
    const monday = timeline[0];
    assert.ok(monday !== undefined);
    // Reported that day, recalled the next day and in the inquiry stories: every one of them supports the day.
    for (const key of ['postMonday', 'ledgerMonday', 'heraldTuesday', 'postTuesday', 'heraldInquiry', 'postInquiry']) {
      assert.ok(monday.articleIds.includes(idOf(key)), `${key} supports 2026-03-09`);
    }
    assert.match(monday.sentences[0]?.text ?? '', /evacuat|crack/);
  });

  const cases: { name: string; sources: () => TimelineSource[]; dates: number; check: (timeline: TimelineEntry[], sources: readonly TimelineSource[]) => void }[] = [
    { name: 'no articles', sources: () => [], dates: 5, check: (timeline) => assert.deepEqual(timeline, []) },
    { name: 'zero dates asked for', sources: () => story, dates: 0, check: (timeline) => assert.deepEqual(timeline, []) },
    { name: 'a count that is not a number', sources: () => story, dates: Number.NaN, check: (timeline) => assert.deepEqual(timeline, []) },
    {
      name: 'no dates and no published time',
      sources: () => sourcesOf([{ text: 'The council met to discuss the budget. Members agreed to raise the parking fees in the town centre.' }]),
      dates: 5,
      check: (timeline) => assert.deepEqual(timeline, []),
    },
    {
      name: 'month and year mentions only',
      sources: () =>
        sourcesOf([
          { text: 'The harbour board said in March 2026 that the new ferry terminal would open later this year.' },
          { text: 'Ferry passenger numbers fell sharply in February, the harbour board said in its yearly report for 2025.' },
        ]),
      dates: 5,
      check: (timeline, sources) => {
        assert.deepEqual(
          sources.flatMap((source) => source.dates.map((mention) => mention.granularity)).sort(),
          ['month', 'month', 'year', 'year'],
        );
        assert.deepEqual(timeline, []);
      },
    },
    {
      name: 'a day far after the publication (a plan, not an event)',
      sources: () => story,
      dates: 20,
      check: (timeline, sources) => {
        assert.ok(sources.some((source) => source.dates.some((mention) => mention.date === '2026-06-30')));
        assert.ok(!timeline.some((entry) => entry.date === '2026-06-30'));
      },
    },
    {
      name: 'more dates asked for than the articles support',
      sources: () => story,
      dates: 50,
      check: (timeline) => {
        assert.ok(timeline.length < 50);
        assert.ok(timeline.every((entry) => /^\d{4}-\d{2}-\d{2}$/.test(entry.date) && entry.sentences.length > 0));
        assert.deepEqual(
          timeline.map((entry) => entry.date),
          timeline.map((entry) => entry.date).sort(),
        );
      },
    },
    {
      name: 'a day told only by a dateline: the lead of that day instead',
      sources: () =>
        sourcesOf([
          {
            published: '2026-03-10T19:00:00Z',
            text: [
              'Engineers began pumping water out of Orrin Lake to take pressure off the cracked dam wall near Bellmere.',
              '',
              'The evacuation of the town remains in force, the county said in a short statement.',
              '',
              'Kelby, March 10.',
            ].join('\n'),
          },
        ]),
      dates: 3,
      check: (timeline, sources) => {
        assert.deepEqual(
          sources.flatMap((source) => source.dates.map((mention) => `${mention.date} ${mention.mention}`)),
          ['2026-03-10 March 10'],
        );
        assert.deepEqual(
          timeline.map((entry) => entry.date),
          ['2026-03-10'],
        );
        assert.equal(timeline[0]?.sentences[0]?.text, 'Engineers began pumping water out of Orrin Lake to take pressure off the cracked dam wall near Bellmere.');
      },
    },
    {
      name: 'an article without dates: its publication day, told by its lead',
      sources: () =>
        sourcesOf([
          {
            published: '2026-04-02T10:00:00Z',
            text: 'The ferry company cancelled all crossings to Skell Island because of the storm. Passengers were offered refunds.',
          },
        ]),
      dates: 3,
      check: (timeline) => {
        assert.deepEqual(
          timeline.map((entry) => entry.date),
          ['2026-04-02'],
        );
        assert.equal(timeline[0]?.sentences[0]?.text, 'The ferry company cancelled all crossings to Skell Island because of the storm.');
      },
    },
  ];
  for (const { name, sources, dates, check } of cases) {
    it(`handles ${name}`, () => {
      const built = sources();
      check(buildTimeline(built, { dates }), built);
    });
  }

  it('does not count time stamps (comments, datelines with a clock time) as mentions of their day', () => {
    const comments = sourcesOf(
      ['Corrie', 'Dan', 'Ines'].map((name, i) => ({
        title: `Readers on the dam ${i}`,
        published: '2026-03-14T08:00:00Z',
        text: [
          `At 10:1${i} on 11 March 2026, ${name} wrote: the county should have inspected the dam years ago, everybody in Bellmere knew about it.`,
          '',
          `At 11:2${i} on 11 March 2026, ${name} wrote: the buses to the sports hall in Kelby were late and there was nowhere to sit.`,
        ].join('\n'),
      })),
    );
    assert.ok(comments.every((source) => source.dates.some((mention) => mention.date === '2026-03-11')));
    const dates = buildTimeline([...story, ...comments], { dates: 3 }).map((entry) => entry.date);
    assert.deepEqual(dates, ['2026-03-09', '2026-03-10', '2026-03-12']);
  });

  it('gives several distinct sentences per date when asked', () => {
    const timeline = buildTimeline(story, { dates: 2, sentencesPerDate: 2 });
    const monday = timeline.find((entry) => entry.date === '2026-03-09');
    assert.ok(monday !== undefined);
    assert.equal(monday.sentences.length, 2);
    assert.notEqual(monday.sentences[0]?.text, monday.sentences[1]?.text);
    assertVerbatim(timeline, story);
  });

  it('does not depend on the order of the articles', () => {
    const forward = buildTimeline(story, { dates: 4, sentencesPerDate: 2 });
    const backward = buildTimeline([...story].reverse(), { dates: 4, sentencesPerDate: 2 });
    assert.deepEqual(backward, forward);
  });
});

describe('chronologies and months', () => {
  // An invented list of the dam story's milestones, each line opening with its day.
  const chronology = sourcesOf([
    {
      title: 'Orrin Lake dam: how the crisis unfolded',
      source: 'Kelby Herald',
      published: '2026-03-22T09:00:00Z',
      text: [
        'March 2 - Inspectors begin the yearly survey of the Orrin Lake dam and its spillway.',
        'March 4 - A diver reports loose stones at the foot of the spillway wall.',
        'March 6 - The county asks an engineering firm to look at the wall.',
        'March 9 - Engineers find a long crack and the county evacuates Bellmere.',
        'March 10 - Pumps start lowering the level of Orrin Lake.',
        'March 12 - Residents are allowed to return to their homes in Bellmere.',
        'March 16 - The county council holds an emergency meeting on the dam.',
        'March 18 - Engineers say the lake is back at a safe level for the summer.',
        'March 20 - The county orders an independent inquiry into the crack.',
      ].join('\n'),
    },
  ]);

  it('tells a chronology from an ordinary article', () => {
    const [list] = chronology;
    assert.ok(list !== undefined);
    assert.equal(isChronology(list), true);
    for (const source of story) assert.equal(isChronology(source), false, source.article.title);
  });

  it('counts a chronology more than one article', () => {
    // Two articles recall March 19; the chronology alone names March 2. As one vote each, March 19 would win.
    const recalls = sourcesOf(
      ['Valley Post', 'Northern Ledger'].map((outlet, i) => ({
        title: `Dam inquiry hears from engineers ${i}`,
        source: outlet,
        published: '2026-03-28T09:00:00Z',
        text: 'Engineers told the inquiry on March 19 that the spillway wall had been weakened by years of frost damage.',
      })),
    );
    const dates = buildTimeline([...recalls, ...chronology], { dates: 1 }).map((entry) => entry.date);
    assert.deepEqual(dates, ['2026-03-02']);
  });

  it('multiplies a day by the attention its month gets', () => {
    const day = 20_000; // 2024-10-04
    assert.equal(monthFactor(day, new Map()), 1);
    assert.equal(monthFactor(day, new Map([['2024-11', 4]])), 1);
    assert.equal(monthFactor(day, new Map([['2024-10', 3], ['2024-09', 1]])), 1 + (6 * 3) / 4);
  });

  it('prefers, between two equally mentioned days, the one in the month the story talks about', () => {
    const sources = sourcesOf([
      {
        title: 'Ferry strike called off',
        published: '2026-04-20T10:00:00Z',
        text: 'The ferry workers called off their strike on April 14 after the company raised its pay offer to the union.',
      },
      {
        title: 'Ferry fares to rise',
        published: '2026-04-20T11:00:00Z',
        text: 'The ferry company said on March 30 that fares to Skell Island would rise by a tenth from the summer.',
      },
    ]);
    const without = buildTimeline(sources, { dates: 1 }).map((entry) => entry.date);
    // Ties go to the earlier day.
    assert.deepEqual(without, ['2026-03-30']);
    const withMonth = sourcesOf([
      {
        title: 'A hard month for Skell Island',
        published: '2026-04-21T08:00:00Z',
        text: 'Islanders said April had been the hardest month for the ferry service in years, with the strike and the storm.',
      },
    ]);
    assert.ok(withMonth.some((source) => source.dates.some((mention) => mention.granularity === 'month' && mention.date === '2026-04')));
    const dates = buildTimeline([...sources, ...withMonth], { dates: 1 }).map((entry) => entry.date);
    assert.deepEqual(dates, ['2026-04-14']);
  });
});

describe('language', () => {
  it('tokenises in the article\'s language, English when none is given', () => {
    const unlabelled: TimelineSource[] = story.map((source) => {
      const { language: _language, ...article } = source.article;
      return { ...source, article };
    });
    assert.deepEqual(buildTimeline(unlabelled, { dates: 3 }), buildTimeline(story, { dates: 3 }));
    const other = story.map((source) => ({ ...source, article: { ...source.article, language: 'de' } }));
    const timeline = buildTimeline(other, { dates: 3 });
    assert.deepEqual(
      timeline.map((entry) => entry.date),
      ['2026-03-09', '2026-03-10', '2026-03-12'],
    );
    assertVerbatim(timeline, other);
  });
});

describe('mentionWeight', () => {
  const day = 20_000;
  const table: { name: string; published: number | null; weight: number }[] = [
    { name: 'published the same day', published: day, weight: 1 },
    { name: 'published the next day', published: day + 1, weight: 1 },
    { name: 'recalled a week later', published: day + 7, weight: 2 },
    { name: 'recalled months later', published: day + 200, weight: 2 },
    { name: 'announced two days ahead', published: day - 2, weight: 1 },
    { name: 'planned a month ahead', published: day - 30, weight: 0 },
    { name: 'publication unknown', published: null, weight: 1 },
  ];
  for (const { name, published, weight } of table) {
    it(name, () => assert.equal(mentionWeight(day, published), weight));
  }
});
