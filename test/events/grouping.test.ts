import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import type { EventFeatures } from '../../src/events/features.ts';
import {
  addToProfile,
  assignToEvent,
  DEFAULT_JOIN_THRESHOLD,
  InMemoryCorpusStats,
  mergeProfiles,
  newProfile,
  profileFromJson,
  profileToJson,
  scoreCandidate,
  type EventProfile,
} from '../../src/events/grouping.ts';
import { FIXTURES, fixture, fixtureFeatures } from './fixtures.ts';

const DAY = 86_400_000;

/** Document frequencies over every fixture: a small corpus, as a running system would have. */
function corpusStats(): InMemoryCorpusStats {
  const stats = new InMemoryCorpusStats();
  for (const f of FIXTURES) stats.add(fixtureFeatures(f.name));
  return stats;
}

function eventOf(names: readonly string[], id = 'event'): EventProfile {
  const [first, ...rest] = names;
  if (first === undefined) throw new Error('an event needs an article');
  return rest.reduce((profile, name) => addToProfile(profile, fixtureFeatures(name)), newProfile(id, fixtureFeatures(first)));
}

/** The caller's loop over all events as candidates; returns the event of each article. */
function groupAll(names: readonly string[]): Map<string, string> {
  const stats = new InMemoryCorpusStats();
  const profiles = new Map<string, EventProfile>();
  const eventOfArticle = new Map<string, string>();
  for (const name of names) {
    const features = fixtureFeatures(name);
    stats.add(features);
    const assignment = assignToEvent(features, [...profiles.values()], stats);
    if (assignment.eventId === null) {
      profiles.set(name, newProfile(name, features));
      eventOfArticle.set(name, name);
      continue;
    }
    let profile = addToProfile(profiles.get(assignment.eventId) as EventProfile, features);
    for (const other of assignment.mergeWith) {
      profile = mergeProfiles(profile, profiles.get(other) as EventProfile);
      profiles.delete(other);
      for (const [article, event] of eventOfArticle) if (event === other) eventOfArticle.set(article, assignment.eventId);
    }
    profiles.set(assignment.eventId, profile);
    eventOfArticle.set(name, assignment.eventId);
  }
  return eventOfArticle;
}

/** Same-story pairs: the second joins an event made of the first. */
const POSITIVE: readonly [string, string][] = [
  ['rehab-marlow-1', 'rehab-marlow-2'],
  ['rehab-marlow-2', 'rehab-marlow-3'],
  ['rehab-quill-1', 'rehab-quill-2'],
  ['quake-varnholt-1', 'quake-varnholt-2'],
  ['quake-kessin-1', 'quake-kessin-2'],
  ['merger-1', 'merger-2-undated'],
  ['fight-drazen-2012-a', 'fight-drazen-2012-b'],
];

/** Pairs that must NOT be grouped: same kind of story, different event; or unrelated. */
const NEGATIVE: readonly [string, string, string][] = [
  ['rehab-marlow-1', 'rehab-quill-1', 'two celebrities entering rehab'],
  ['rehab-marlow-2', 'rehab-quill-2', 'two celebrities entering rehab, other wording'],
  ['rehab-marlow-3', 'rehab-quill-1', 'two celebrities entering rehab, short report'],
  ['quake-varnholt-1', 'quake-kessin-1', 'two earthquakes a year apart'],
  ['quake-varnholt-2', 'quake-kessin-2', 'two earthquakes a year apart, follow-ups'],
  ['bridge-undated', 'election-undated', 'two unrelated undated articles'],
  ['merger-1', 'quake-kessin-1', 'a merger and an earthquake'],
  ['election-undated', 'rehab-marlow-1', 'an election and a rehab story'],
  ['fight-drazen-2009', 'fight-drazen-2012-a', 'two undated fights of the same boxers, three years apart by their leads'],
  ['fight-drazen-2009', 'fight-drazen-2012-b', 'two undated fights of the same boxers, other wording'],
];


/** Equal but for weights, which storage keeps to 4 decimals. */
function assertSameProfile(actual: EventProfile, expected: EventProfile): void {
  const { terms, entities, ...rest } = actual;
  const { terms: expectedTerms, entities: expectedEntities, ...expectedRest } = expected;
  assert.deepEqual(rest, expectedRest);
  for (const [got, want] of [[terms, expectedTerms], [entities, expectedEntities]] as const) {
    assert.deepEqual([...got.keys()], [...want.keys()]);
    for (const [key, weight] of want) assert.ok(Math.abs((got.get(key) ?? Number.NaN) - weight) <= 5e-5, key);
  }
}

describe('scoreCandidate and assignToEvent on invented articles', () => {
  const stats = corpusStats();
  for (const [a, b] of POSITIVE) {
    it(`joins ${b} to the event of ${a}`, () => {
      const score = scoreCandidate(fixtureFeatures(b), eventOf([a]), stats);
      assert.ok(score.score >= DEFAULT_JOIN_THRESHOLD, `score ${score.score.toFixed(3)}`);
      assert.equal(assignToEvent(fixtureFeatures(b), [eventOf([a])], stats).eventId, 'event');
    });
  }
  for (const [a, b, why] of NEGATIVE) {
    it(`keeps apart: ${why} (${a} / ${b})`, () => {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const assignment = assignToEvent(fixtureFeatures(y), [eventOf([x])], stats);
        assert.equal(assignment.eventId, null, `${y} joined ${x} with score ${assignment.score.toFixed(3)}`);
      }
    });
  }

  it('flags a different main person', () => {
    const score = scoreCandidate(fixtureFeatures('rehab-quill-1'), eventOf(['rehab-marlow-1', 'rehab-marlow-2']), stats);
    assert.equal(score.personConflict, true);
    assert.equal(scoreCandidate(fixtureFeatures('rehab-marlow-3'), eventOf(['rehab-marlow-1']), stats).personConflict, false);
  });

  it('picks the right event among several candidates', () => {
    const candidates = [eventOf(['rehab-quill-1'], 'quill'), eventOf(['rehab-marlow-1', 'rehab-marlow-2'], 'marlow'), eventOf(['quake-varnholt-1'], 'quake')];
    assert.equal(assignToEvent(fixtureFeatures('rehab-marlow-3'), candidates, stats).eventId, 'marlow');
    assert.equal(assignToEvent(fixtureFeatures('rehab-quill-2'), candidates, stats).eventId, 'quill');
    assert.equal(assignToEvent(fixtureFeatures('quake-kessin-2'), candidates, stats).eventId, null);
  });

  it('starts a new event when there is no candidate', () => {
    assert.deepEqual(assignToEvent(fixtureFeatures('bridge-undated'), [], stats), { eventId: null, score: 0, mergeWith: [] });
  });
});

describe('time', () => {
  const stats = corpusStats();
  const shifted = (features: EventFeatures, days: number): EventFeatures => ({
    ...features,
    publishedAt: features.publishedAt === null ? null : features.publishedAt + days * DAY,
  });

  const cases: readonly { days: number; joins: boolean }[] = [
    { days: 1, joins: true },
    { days: 6, joins: true },
    { days: 365, joins: false },
  ];
  for (const { days, joins } of cases) {
    it(`a same-story article ${days} days later ${joins ? 'joins' : 'does not join'}`, () => {
      const event = eventOf(['quake-varnholt-1']);
      const assignment = assignToEvent(shifted(fixtureFeatures('quake-varnholt-2'), days), [event], stats);
      assert.equal(assignment.eventId !== null, joins, `score ${assignment.score.toFixed(3)}`);
    });
  }

  it('costs more the further apart, and nothing within the grace period', () => {
    const event = eventOf(['quake-varnholt-1']);
    const at = (days: number): number => scoreCandidate(shifted(fixtureFeatures('quake-varnholt-2'), days), event, stats).score;
    assert.equal(at(0), at(5));
    assert.ok(at(30) < at(10));
    assert.ok(at(365) < at(30));
  });

  it('is ignored when either side has no time', () => {
    const undated: EventFeatures = { ...fixtureFeatures('quake-varnholt-2'), publishedAt: null };
    const event = eventOf(['quake-varnholt-1']);
    const score = scoreCandidate(undated, event, stats);
    assert.equal(score.gapDays, null);
    assert.equal(score.score, scoreCandidate(fixtureFeatures('quake-varnholt-2'), event, stats).score);
  });
});

describe('time written in undated articles', () => {
  const stats = corpusStats();
  const undated = (features: EventFeatures): EventFeatures => ({ ...features, textTime: null });

  it('keeps apart what text alone would join', () => {
    const event = eventOf(['fight-drazen-2009']);
    const written = scoreCandidate(fixtureFeatures('fight-drazen-2012-a'), event, stats);
    const textOnly = scoreCandidate(undated(fixtureFeatures('fight-drazen-2012-a')), event, stats);
    assert.ok(textOnly.score >= DEFAULT_JOIN_THRESHOLD, `without the dates they read as one story: ${textOnly.score.toFixed(3)}`);
    assert.ok(written.score < DEFAULT_JOIN_THRESHOLD, `score ${written.score.toFixed(3)}`);
    assert.ok(written.gapDays !== null && written.gapDays > 1000);
  });

  it('costs nothing between two outlets writing the same date', () => {
    const event = eventOf(['fight-drazen-2012-a']);
    const score = scoreCandidate(fixtureFeatures('fight-drazen-2012-b'), event, stats);
    assert.equal(score.gapDays, 0);
    assert.equal(score.score, scoreCandidate(undated(fixtureFeatures('fight-drazen-2012-b')), event, stats).score);
  });

  it('allows follow-ups within the longer grace of written dates', () => {
    const base = fixtureFeatures('fight-drazen-2012-b');
    const later = (days: number): EventFeatures => ({
      ...base,
      textTime: base.textTime === null ? null : { start: base.textTime.start + days * DAY, end: base.textTime.end + days * DAY },
    });
    const event = eventOf(['fight-drazen-2012-a']);
    const at = (days: number): number => scoreCandidate(later(days), event, stats).score;
    assert.equal(at(60), at(0), 'two months is within the grace of a written date');
    assert.ok(at(365) < at(60));
  });

  it('compares a written date with a published time', () => {
    const dated: EventFeatures = { ...fixtureFeatures('fight-drazen-2012-a'), textTime: null, publishedAt: Date.UTC(2009, 2, 15) };
    const event = eventOf(['fight-drazen-2012-b']);
    const score = scoreCandidate(dated, event, stats);
    assert.ok(score.gapDays !== null && score.gapDays > 1000);
  });

  it('keeps the written range in the profile and through JSON, and reads older JSON without it', () => {
    const profile = eventOf(['fight-drazen-2012-a', 'merger-1']);
    assert.equal(profile.firstPublishedAt, Date.parse('2031-05-15T13:00:00Z'));
    assert.equal(profile.firstTime, Date.UTC(2012, 6, 7));
    assert.equal(profile.lastTime, Date.parse('2031-05-15T13:00:00Z'));
    const json = profileToJson(profile);
    assertSameProfile(profileFromJson(JSON.parse(JSON.stringify(json)) as typeof json), profile);
    const { firstTime: _first, lastTime: _last, ...older } = json;
    const back = profileFromJson(older);
    assert.equal(back.firstTime, profile.firstPublishedAt);
    assert.equal(back.lastTime, profile.lastPublishedAt);
  });
});

describe('incremental grouping of all fixtures', () => {
  const gold = new Map(FIXTURES.map((f) => [f.name, f.story]));
  const names = FIXTURES.map((f) => f.name);
  const orders: readonly [string, string[]][] = [
    ['as listed', names],
    ['reversed', [...names].reverse()],
    ['interleaved', names.map((_, i) => names[(i * 5) % names.length] as string)],
  ];
  for (const [label, order] of orders) {
    it(`finds exactly the invented stories (${label})`, () => {
      assert.equal(new Set(order).size, names.length);
      const events = groupAll(order);
      for (const a of names) {
        for (const b of names) {
          if (a >= b) continue;
          const same = events.get(a) === events.get(b);
          assert.equal(same, gold.get(a) === gold.get(b), `${a} and ${b} ${same ? 'grouped' : 'split'}`);
        }
      }
    });
  }
});

describe('mergeWith', () => {
  const stats = corpusStats();
  it('names another event that the article shows to be the same story', () => {
    const split = [eventOf(['rehab-marlow-1'], 'a'), eventOf(['rehab-marlow-2'], 'b'), eventOf(['rehab-quill-1'], 'c')];
    const assignment = assignToEvent(fixtureFeatures('rehab-marlow-3'), split, stats, { mergeThreshold: 0.35 });
    assert.ok(assignment.eventId === 'a' || assignment.eventId === 'b');
    assert.deepEqual(assignment.mergeWith, [assignment.eventId === 'a' ? 'b' : 'a']);
  });

  it('never names an event of a different story', () => {
    const split = [eventOf(['rehab-marlow-1'], 'a'), eventOf(['rehab-quill-1', 'rehab-quill-2'], 'c')];
    assert.deepEqual(assignToEvent(fixtureFeatures('rehab-marlow-2'), split, stats, { mergeThreshold: 0 }).mergeWith, []);
  });
});

describe('profiles', () => {
  it('adds and merges counts, vectors and time ranges', () => {
    const a = eventOf(['quake-varnholt-1'], 'a');
    const b = eventOf(['quake-varnholt-2', 'merger-2-undated'], 'b');
    const merged = mergeProfiles(a, b);
    assert.equal(merged.id, 'a');
    assert.equal(merged.articleCount, 3);
    assert.equal(merged.firstPublishedAt, Date.parse('2031-03-04T06:00:00Z'));
    assert.equal(merged.lastPublishedAt, Date.parse('2031-03-05T12:00:00Z'));
    const term = 'varnholt';
    assert.ok(Math.abs((merged.terms.get(term) ?? 0) - (a.terms.get(term) ?? 0) - (b.terms.get(term) ?? 0)) < 1e-12);
    assert.equal(a.articleCount, 1, 'the arguments are not changed');
  });

  it('has no time when no member has one', () => {
    const profile = eventOf(['bridge-undated', 'election-undated']);
    assert.equal(profile.firstPublishedAt, null);
    assert.equal(profile.lastPublishedAt, null);
    assert.equal(profile.firstTime, null);
    assert.equal(profile.lastTime, null);
  });

  it('stays bounded in size however many articles join', () => {
    const profile = eventOf(FIXTURES.map((f) => f.name));
    assert.ok(profile.terms.size <= 100);
    assert.ok(profile.entities.size <= 40);
  });

  it('survives a JSON round trip', () => {
    const profile = eventOf(['rehab-marlow-1', 'rehab-marlow-2']);
    const back = profileFromJson(JSON.parse(JSON.stringify(profileToJson(profile))) as ReturnType<typeof profileToJson>);
    assertSameProfile(back, profile);
    // Stored weights are rounded once: a second trip changes nothing.
    assert.deepEqual(profileFromJson(JSON.parse(JSON.stringify(profileToJson(back))) as ReturnType<typeof profileToJson>), back);
  });
});

describe('InMemoryCorpusStats', () => {
  it('counts documents and frequencies, and undoes them', () => {
    const stats = new InMemoryCorpusStats();
    stats.add(fixtureFeatures('quake-varnholt-1'));
    stats.add(fixtureFeatures('quake-varnholt-2'));
    assert.equal(stats.documents, 2);
    assert.equal(stats.documentFrequency('varnholt'), 2);
    assert.equal(stats.documentFrequency('@varnholt'), 2);
    stats.remove(fixtureFeatures('quake-varnholt-2'));
    assert.equal(stats.documents, 1);
    assert.equal(stats.documentFrequency('varnholt'), 1);
    assert.equal(stats.documentFrequency('unknown'), 0);
  });
});

describe('speed', () => {
  it('assigns against 30 candidates in well under a millisecond', () => {
    const stats = corpusStats();
    const candidates = Array.from({ length: 30 }, (_, i) => eventOf([FIXTURES[i % FIXTURES.length]?.name ?? '', FIXTURES[(i + 3) % FIXTURES.length]?.name ?? ''], `e${i}`));
    const probe = fixtureFeatures(fixture('rehab-marlow-3').name);
    for (let i = 0; i < 200; i++) assignToEvent(probe, candidates, stats);
    const runs = 500;
    const start = performance.now();
    for (let i = 0; i < runs; i++) assignToEvent(probe, candidates, stats);
    const ms = (performance.now() - start) / runs;
    // Generous against slow CI machines; the bench reports the real figure.
    assert.ok(ms < 2, `${ms.toFixed(3)} ms per assignment`);
  });
});
