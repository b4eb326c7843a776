/**
 * Detail conflicts (src/events/grouping.ts, `EventFeatures.details`): two events of one kind share their main names
 * and vocabulary but differ on the other people, the places and the years they name. Every name here is invented.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventFeatures, leadWeekday, writtenYears, type DetailKind, type EventDateInput, type EventFeatures } from '../../src/events/features.ts';
import {
  assignToEvent,
  InMemoryCorpusStats,
  newProfile,
  profileFromJson,
  profileToJson,
  scoreCandidate,
  type EventProfileJson,
} from '../../src/events/grouping.ts';
import { analyzed, article } from '../helpers/articles.ts';

interface Report {
  readonly title: string;
  readonly text: string;
}

/** Undated, like the articles of a feed without publication times: time cannot tell these apart. */
const REPORTS = {
  'tolvary-fight': {
    title: 'Mirko Sallen stops Dario Venn in Tolvary',
    text: 'Heavyweight champion Mirko Sallen stopped Dario Venn in the seventh round in Tolvary on Saturday to keep his title. Sallen, who won the belt in 2014, dropped Venn twice before the referee waved the fight off. Sallen said Venn had been a brave replacement. The crowd in Tolvary cheered Sallen.',
  },
  'tolvary-fight-other-outlet': {
    title: 'Sallen beats Venn to retain heavyweight belt',
    text: 'Mirko Sallen retained his heavyweight belt by stopping Dario Venn in seven rounds in Tolvary. The champion, titleholder since 2014, knocked Venn down twice. Venn, a late substitute, could not beat the count in the seventh.',
  },
  'tolvary-fight-no-place': {
    title: 'Champion Sallen too strong for Venn',
    text: 'Mirko Sallen kept his heavyweight title by stopping Dario Venn in the seventh round. Sallen knocked Venn down twice, and the referee stopped the fight. Venn, a late replacement, said the champion hit harder than he expected.',
  },
  'tolvary-fight-region': {
    title: 'Sallen keeps heavyweight title in Estria',
    text: 'Mirko Sallen stopped Dario Venn in the seventh round in Tolvary to keep his heavyweight title, the biggest fight Estria has hosted. Venn went down twice. Promoters in Estria said the arena was sold out.',
  },
  'brenmoor-fight': {
    title: 'Mirko Sallen stops Pavel Ostrik in Brenmoor',
    text: 'Heavyweight champion Mirko Sallen stopped Pavel Ostrik in the sixth round in Brenmoor on Friday to keep his title. Sallen, who lost the belt in 2017, dropped Ostrik twice before the referee waved the fight off. Sallen said Ostrik had been a brave replacement. The crowd in Brenmoor cheered Sallen.',
  },
} as const satisfies Record<string, Report>;

type ReportName = keyof typeof REPORTS;

const featureCache = new Map<ReportName, EventFeatures>();

function features(name: ReportName): EventFeatures {
  let found = featureCache.get(name);
  if (found === undefined) {
    const [entry] = analyzed(article({ ...REPORTS[name], published: null }));
    if (entry === undefined) throw new Error('unreachable');
    found = eventFeatures(entry.article, entry.analysis);
    featureCache.set(name, found);
  }
  return found;
}

function corpusStats(): InMemoryCorpusStats {
  const stats = new InMemoryCorpusStats();
  for (const name of Object.keys(REPORTS) as ReportName[]) stats.add(features(name));
  return stats;
}

describe('eventFeatures details', () => {
  it('holds the people (by surname) and places named twice or in the headline, the years written out and the lead weekday', () => {
    const details = features('tolvary-fight').details;
    assert.deepEqual(
      new Map([...(details ?? [])].sort()),
      new Map([
        ['#2014', 'year'],
        ['%saturday', 'weekday'],
        ['@sallen', 'person'],
        ['@tolvary', 'place'],
        ['@venn', 'person'],
      ]),
    );
  });

  it('takes the lead weekday only from an article without a published time: a dated one has its time compared', () => {
    const text = 'Floodwater reached the town hall in Kessin on Tuesday night as the river rose. Kessin residents moved to higher ground.';
    const [undated, dated] = analyzed(
      article({ title: 'Kessin floods', text, published: null }),
      article({ title: 'Kessin floods', text, published: '2026-11-17T20:00:00Z' }),
    );
    if (undated === undefined || dated === undefined) throw new Error('unreachable');
    assert.equal(eventFeatures(undated.article, undated.analysis).details?.get('%tuesday'), 'weekday');
    assert.equal(eventFeatures(dated.article, dated.analysis).details?.has('%tuesday'), false);
  });

  it('leaves out a place named once and organisations', () => {
    const [entry] = analyzed(
      article({
        title: 'Harbour board approves new ferry terminal',
        text: 'The Kessin Harbour Authority approved a new ferry terminal on Monday. The Kessin Harbour Authority said work would start in spring, with ferries to Varnholt from the summer.',
        published: null,
      }),
    );
    if (entry === undefined) throw new Error('unreachable');
    const details = eventFeatures(entry.article, entry.analysis).details ?? new Map();
    assert.ok(![...details.values()].includes('organization'));
    assert.equal(details.has('@varnholt'), false, 'one passing mention');
  });

  describe('leadWeekday', () => {
    const cases: readonly [string, string, string | null][] = [
      ['one weekday in the first sentence', 'The ferry Morrow ran aground off Kessin on Tuesday. Nobody was hurt.', 'tuesday'],
      ['a possessive', "Tuesday's grounding of the ferry Morrow closed the port of Kessin. Nobody was hurt.", 'tuesday'],
      ['one weekday named twice', 'The ferry Morrow ran aground on Tuesday. Divers inspected the hull on Tuesday night.', 'tuesday'],
      ['no weekday', 'The ferry Morrow ran aground off Kessin. Nobody was hurt.', null],
      ['two weekdays: the story and its follow-up', 'The ferry Morrow, which ran aground on Tuesday, was refloated on Thursday. Nobody was hurt.', null],
      ['a weekday after the lead', 'The ferry Morrow ran aground off Kessin. Nobody was hurt. The port reopened on Friday.', null],
      ['a named day is an occasion, not the day', 'Black Friday crowds filled the Kessin mall. Police closed two entrances.', null],
    ];
    for (const [label, text, weekday] of cases) {
      it(label, () => {
        const [entry] = analyzed(article({ title: 'Port news', text, published: null }));
        if (entry === undefined) throw new Error('unreachable');
        assert.equal(leadWeekday(entry.article), weekday);
      });
    }
  });

  describe('writtenYears', () => {
    const mention = (date: string, words: string): EventDateInput => ({ date, granularity: 'day', mention: words, sentenceIndex: 5 });
    const cases: readonly [string, readonly EventDateInput[], readonly string[]][] = [
      ['a full date, anywhere in the text', [mention('2012-07-07', 'July 7, 2012')], ['2012']],
      ['a year alone', [{ date: '2009', granularity: 'year', mention: 'in 2009', sentenceIndex: 9 }], ['2009']],
      ['a date resolved against the ingest time', [mention('2026-03-14', 'on Saturday')], []],
      ['one year cited twice', [mention('2012-07-07', 'July 7, 2012'), mention('2012-07-08', '8 July 2012')], ['2012']],
    ];
    for (const [label, dates, years] of cases) it(label, () => assert.deepEqual(writtenYears(dates), years));
  });
});

describe('detail conflicts', () => {
  const cases: readonly { label: string; event: ReportName; article: ReportName; conflicts: number; joins: boolean }[] = [
    // The negative case: one story told twice in other words stays one event.
    { label: 'the same fight, other wording (one names the weekday, the other not)', event: 'tolvary-fight', article: 'tolvary-fight-other-outlet', conflicts: 0, joins: true },
    { label: 'the same fight, a report naming no place (silence is no conflict)', event: 'tolvary-fight', article: 'tolvary-fight-no-place', conflicts: 0, joins: true },
    { label: 'the same fight, a report naming the region more than the city', event: 'tolvary-fight', article: 'tolvary-fight-region', conflicts: 0, joins: true },
    // Same champion, same vocabulary, another city, another year and another weekday: 0.41 without the detail conflicts, so it would join.
    { label: 'another fight of the same champion', event: 'tolvary-fight', article: 'brenmoor-fight', conflicts: 2, joins: false },
    { label: 'another fight of the same champion, a report naming only the year', event: 'brenmoor-fight', article: 'tolvary-fight-other-outlet', conflicts: 1, joins: false },
  ];
  const stats = corpusStats();
  for (const c of cases) {
    it(c.label, () => {
      const event = newProfile('event', features(c.event));
      assert.equal(scoreCandidate(features(c.article), event, stats).detailConflicts, c.conflicts);
      assert.equal(assignToEvent(features(c.article), [event], stats).eventId, c.joins ? 'event' : null);
    });
  }

  it('features without details (made by hand) conflict with nothing', () => {
    const { details: _omitted, ...bare } = features('brenmoor-fight');
    assert.equal(scoreCandidate(bare, newProfile('event', features('tolvary-fight')), stats).detailConflicts, 0);
  });

  it('keeps details through JSON, and reads profiles stored before them', () => {
    const profile = newProfile('event', features('tolvary-fight'));
    assert.deepEqual(profileFromJson(profileToJson(profile)).details, profile.details);
    const { details: _stored, ...old } = profileToJson(profile);
    const restored = profileFromJson(old as EventProfileJson);
    assert.equal(restored.details.size, 0);
    assert.equal(scoreCandidate(features('brenmoor-fight'), restored, stats).detailConflicts, 0);
  });
});

describe('time conflicts: years and weekdays weighed together', () => {
  /** Hand-made features that differ only in their time details (so that nothing else conflicts). */
  const withTime = (...keys: string[]): EventFeatures => ({
    terms: new Map([['fight', 1]]),
    entities: new Map(),
    mainPerson: null,
    publishedAt: null,
    textTime: null,
    details: new Map(keys.map((key): [string, DetailKind] => [key, key.startsWith('#') ? 'year' : 'weekday'])),
  });
  const cases: readonly [string, readonly string[], readonly string[], number][] = [
    // The negative case: two reports of one event, one naming the weekday and one not, do not conflict.
    ['one side names a weekday, the other none', ['%saturday'], [], 0],
    ['the same weekday', ['%saturday'], ['%saturday'], 0],
    ['different weekdays, no years', ['%saturday'], ['%friday'], 1],
    ['different weekdays, a shared year (a follow-up told days later)', ['%saturday', '#2014'], ['%monday', '#2014'], 0],
    ['different years, the same weekday (background years)', ['%saturday', '#2014'], ['%saturday', '#2009'], 0],
    ['different years and weekdays count as one conflict', ['%saturday', '#2014'], ['%friday', '#2017'], 1],
    ['different years, no weekdays', ['#2014'], ['#2017'], 1],
    ['a weekday against a year alone says nothing', ['%saturday'], ['#2017'], 0],
  ];
  for (const [label, articleKeys, eventKeys, conflicts] of cases) {
    it(label, () => {
      const stats = new InMemoryCorpusStats();
      const a = withTime(...articleKeys);
      const b = withTime(...eventKeys);
      stats.add(a);
      stats.add(b);
      assert.equal(scoreCandidate(a, newProfile('event', b), stats).detailConflicts, conflicts);
    });
  }
});
