import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { NewArticle, RawArticle } from '../../src/domain/article.ts';
import { groupUngroupedArticles } from '../../src/events/assign.ts';
import { prepareArticle } from '../../src/ingest/prepare.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../../src/nlp/pipeline.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import type { ClaimRequest, DigestDelivery, DigestSettings, DigestStore } from '../../src/store/digest-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirectory } from '../helpers/temp.ts';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LEASE = 10 * MINUTE;
const TODAY = '2026-11-27';

const directory = tempDirectory('newsbot-digest-store-');
let databases = 0;

/** A store on a fresh SQLite file, closed when the test file ends. */
function freshStore(): { store: ArticleStore; path: string } {
  databases += 1;
  const path = join(directory, `digest-${databases}.db`);
  const store = openSqliteStore(path);
  after(() => store.close());
  return { store, path };
}

function settings(fields: Partial<DigestSettings> = {}): DigestSettings {
  return {
    guildId: 'guild-1',
    channelId: 'channel-1',
    minutes: 8 * 60,
    timeZone: 'Europe/Paris',
    topics: null,
    size: 5,
    pingRoleId: null,
    whenEmpty: 'line',
    chart: false,
    createdBy: 'user-1',
    ...fields,
  };
}

function request(subscriptionId: string, token: string, now: number, fields: Partial<ClaimRequest> = {}): ClaimRequest {
  return { subscriptionId, localDate: TODAY, scheduledAt: T0, token, now, leaseMs: LEASE, ...fields };
}

async function subscribed(digests: DigestStore, fields: Partial<DigestSettings> = {}): Promise<string> {
  return (await digests.saveSubscription(settings(fields), T0 - HOUR)).subscription.id;
}

/** The ledger row of one subscription and local date. */
async function row(digests: DigestStore, subscriptionId: string, localDate = TODAY): Promise<DigestDelivery | undefined> {
  return (await digests.deliveriesSince(localDate)).find((delivery) => delivery.subscriptionId === subscriptionId && delivery.localDate === localDate);
}

describe('digest subscriptions', () => {
  it('creates a channel’s subscription, then updates the same one', async () => {
    const { digests } = freshStore().store;
    const first = await digests.saveSubscription(settings(), T0);
    assert.equal(first.created, true);
    assert.match(first.subscription.id, /^[0-9a-f]+$/);
    assert.deepEqual(first.subscription, {
      ...settings(),
      id: first.subscription.id,
      createdAt: T0,
      updatedAt: T0,
      pausedReason: null,
      pausedAt: null,
    });

    const changed = settings({ topics: 'rail strike, floods', size: 3, pingRoleId: 'role-9', whenEmpty: 'silent', chart: true, createdBy: 'user-2' });
    const second = await digests.saveSubscription(changed, T0 + HOUR);
    assert.equal(second.created, false);
    assert.equal(second.subscription.id, first.subscription.id);
    assert.equal(second.subscription.topics, 'rail strike, floods');
    assert.equal(second.subscription.size, 3);
    assert.equal(second.subscription.pingRoleId, 'role-9');
    assert.equal(second.subscription.whenEmpty, 'silent');
    assert.equal(second.subscription.chart, true);
    assert.equal(second.subscription.createdAt, T0, 'same time and zone: the schedule keeps counting from its creation');
    assert.equal(second.subscription.updatedAt, T0 + HOUR);
    assert.deepEqual(await digests.getSubscription(first.subscription.id), second.subscription);
    assert.deepEqual(await digests.subscriptionForChannel('guild-1', 'channel-1'), second.subscription);
    assert.equal(await digests.subscriptionForChannel('guild-2', 'channel-1'), null, 'another server never sees it');
    assert.equal(await digests.getSubscription('nope'), null);
    assert.deepEqual(await digests.listSubscriptions('guild-1'), [second.subscription]);
  });

  it('counts from now again when the time or the zone changes', async () => {
    const { digests } = freshStore().store;
    const { subscription } = await digests.saveSubscription(settings(), T0);
    const moved = await digests.saveSubscription(settings({ minutes: 9 * 60 }), T0 + HOUR);
    assert.equal(moved.subscription.minutes, 9 * 60);
    assert.equal(moved.subscription.createdAt, T0 + HOUR);
    const rezoned = await digests.saveSubscription(settings({ minutes: 9 * 60, timeZone: 'America/New_York' }), T0 + 2 * HOUR);
    assert.equal(rezoned.subscription.timeZone, 'America/New_York');
    assert.equal(rezoned.subscription.createdAt, T0 + 2 * HOUR);
    const same = await digests.saveSubscription(settings({ minutes: 9 * 60, timeZone: 'America/New_York', size: 2 }), T0 + 3 * HOUR);
    assert.equal(same.subscription.createdAt, T0 + 2 * HOUR);
    assert.equal(same.subscription.id, subscription.id);
  });

  it('lifts a pause on update, and counts from then', async () => {
    const { digests } = freshStore().store;
    const { subscription } = await digests.saveSubscription(settings(), T0);
    await digests.pauseSubscription(subscription.id, 'the channel is gone', T0 + HOUR);
    const paused = await digests.getSubscription(subscription.id);
    assert.equal(paused?.pausedReason, 'the channel is gone');
    assert.equal(paused?.pausedAt, T0 + HOUR);
    assert.deepEqual(await digests.activeSubscriptions(), []);

    const resumed = await digests.saveSubscription(settings(), T0 + 2 * HOUR);
    assert.equal(resumed.created, false);
    assert.equal(resumed.subscription.pausedReason, null);
    assert.equal(resumed.subscription.pausedAt, null);
    assert.equal(resumed.subscription.createdAt, T0 + 2 * HOUR, 'a paused digest does not owe the days it missed');
    assert.deepEqual(await digests.activeSubscriptions(), [resumed.subscription]);
  });

  it('refuses to move a channel to another server', async () => {
    const { digests } = freshStore().store;
    await digests.saveSubscription(settings(), T0);
    await assert.rejects(digests.saveSubscription(settings({ guildId: 'guild-2' }), T0 + HOUR), /one server/);
    assert.equal((await digests.subscriptionForChannel('guild-1', 'channel-1'))?.updatedAt, T0);
  });

  it('removes a subscription only for its own server', async () => {
    const { digests } = freshStore().store;
    const { subscription } = await digests.saveSubscription(settings(), T0);
    assert.equal(await digests.removeSubscription('guild-2', 'channel-1'), null);
    assert.equal(await digests.removeSubscription('guild-1', 'channel-other'), null);
    assert.deepEqual(await digests.getSubscription(subscription.id), subscription, 'still there');
    assert.deepEqual(await digests.removeSubscription('guild-1', 'channel-1'), subscription);
    assert.equal(await digests.getSubscription(subscription.id), null);
    assert.equal(await digests.removeSubscription('guild-1', 'channel-1'), null, 'nothing twice');
  });

  it('lists each server’s subscriptions; the active ones of every server leave out the paused', async () => {
    const { digests } = freshStore().store;
    const a = (await digests.saveSubscription(settings({ channelId: 'channel-a' }), T0)).subscription;
    const b = (await digests.saveSubscription(settings({ channelId: 'channel-b', minutes: 0 }), T0 + 1)).subscription;
    const c = (await digests.saveSubscription(settings({ guildId: 'guild-2', channelId: 'channel-c' }), T0 + 2)).subscription;
    assert.notEqual(a.id, b.id);
    assert.deepEqual(
      (await digests.listSubscriptions('guild-1')).map((s) => s.channelId),
      ['channel-a', 'channel-b'],
    );
    assert.deepEqual(await digests.listSubscriptions('guild-2'), [c]);
    assert.deepEqual(await digests.listSubscriptions('guild-3'), []);

    await digests.pauseSubscription(b.id, 'missing permission: Send Messages', T0 + HOUR);
    assert.deepEqual(
      (await digests.activeSubscriptions()).map((s) => s.id),
      [a.id, c.id],
    );
    assert.equal((await digests.listSubscriptions('guild-1')).length, 2, 'a paused subscription is still listed');
  });
});

describe('digest ledger', () => {
  it('claims a new digest once: a second run gets nothing', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    const claim = await digests.claim(request(id, 'token-a', T0));
    assert.deepEqual(claim, {
      takenOver: false,
      delivery: {
        subscriptionId: id,
        localDate: TODAY,
        status: 'claimed',
        scheduledAt: T0,
        claimToken: 'token-a',
        claimedAt: T0,
        attempts: 0,
        nextAttemptAt: null,
        messageIds: [],
        throughArticleSeq: null,
        detail: null,
        finishedAt: null,
      },
    });
    assert.equal(await digests.claim(request(id, 'token-b', T0 + 1)), null);
    assert.equal(await digests.claim(request(id, 'token-a', T0 + 2)), null, 'not even the same token claims twice');
    assert.notEqual(await digests.claim(request(id, 'token-b', T0, { localDate: '2026-11-28' })), null, 'another day is another digest');
    assert.equal(await digests.claim(request('no-such-subscription', 'token-c', T0)), null);
  });

  it('records messages in order for the claim holder only, and finishes once', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    assert.ok(await digests.claim(request(id, 'token-a', T0)));
    assert.equal(await digests.recordMessage(id, TODAY, 'token-a', 'message-1', T0 + 1), true);
    assert.equal(await digests.recordMessage(id, TODAY, 'token-a', 'message-2', T0 + 2), true);
    assert.equal(await digests.recordMessage(id, TODAY, 'token-b', 'message-x', T0 + 3), false, 'a wrong token records nothing');
    assert.equal(await digests.recordMessage(id, '2026-11-28', 'token-a', 'message-y', T0 + 3), false, 'no claim on that day');
    assert.equal(await digests.recordMessage('no-such-subscription', TODAY, 'token-a', 'message-z', T0 + 3), false);
    assert.deepEqual((await row(digests, id))?.messageIds, ['message-1', 'message-2']);
    assert.equal((await row(digests, id))?.claimedAt, T0 + 2, 'each message renews the claim');

    assert.equal(await digests.finish(id, TODAY, 'token-b', { status: 'posted', detail: 'posted 3 events', throughArticleSeq: 7 }, T0 + 4), false);
    assert.equal((await row(digests, id))?.status, 'claimed');
    assert.equal(await digests.finish(id, TODAY, 'token-a', { status: 'posted', detail: 'posted 3 events', throughArticleSeq: 7 }, T0 + 5), true);
    assert.deepEqual(await row(digests, id), {
      subscriptionId: id,
      localDate: TODAY,
      status: 'posted',
      scheduledAt: T0,
      claimToken: null,
      claimedAt: T0 + 2,
      attempts: 0,
      nextAttemptAt: null,
      messageIds: ['message-1', 'message-2'],
      throughArticleSeq: 7,
      detail: 'posted 3 events',
      finishedAt: T0 + 5,
    });
    assert.equal(await digests.recordMessage(id, TODAY, 'token-a', 'message-3', T0 + 6), false, 'finished: no more messages');
    assert.equal(await digests.finish(id, TODAY, 'token-a', { status: 'failed', detail: 'again' }, T0 + 6), false, 'finished once');
    assert.equal(await digests.claim(request(id, 'token-c', T0 + 100 * HOUR)), null, 'a posted digest is never claimed again');
    assert.equal((await row(digests, id))?.status, 'posted');
  });

  it('lets a retry be claimed once it is due, counting the attempts', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    assert.ok(await digests.claim(request(id, 'token-a', T0)));
    assert.equal(await digests.finish(id, TODAY, 'token-a', { status: 'retry', detail: 'Discord was down', nextAttemptAt: T0 + 30 * MINUTE }, T0 + 1), true);
    const retry = await row(digests, id);
    assert.equal(retry?.status, 'retry');
    assert.equal(retry?.attempts, 1);
    assert.equal(retry?.nextAttemptAt, T0 + 30 * MINUTE);
    assert.equal(retry?.claimToken, null);
    assert.equal(await digests.recordMessage(id, TODAY, 'token-a', 'message-1', T0 + 2), false, 'the old claim is gone');

    assert.equal(await digests.claim(request(id, 'token-b', T0 + 30 * MINUTE - 1)), null, 'not due yet');
    const again = await digests.claim(request(id, 'token-b', T0 + 30 * MINUTE));
    assert.ok(again);
    assert.equal(again.takenOver, false, 'a due retry is no crashed run');
    assert.equal(again.delivery.status, 'claimed');
    assert.equal(again.delivery.claimToken, 'token-b');
    assert.equal(again.delivery.claimedAt, T0 + 30 * MINUTE);
    assert.equal(again.delivery.attempts, 1);
    assert.equal(await digests.claim(request(id, 'token-c', T0 + 30 * MINUTE)), null, 'claimed once');

    assert.equal(await digests.finish(id, TODAY, 'token-b', { status: 'failed', detail: 'missing permission' }, T0 + HOUR), true);
    const failed = await row(digests, id);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.attempts, 2);
    assert.equal(failed?.nextAttemptAt, null);
    assert.equal(failed?.detail, 'missing permission');
    assert.equal(await digests.claim(request(id, 'token-c', T0 + 100 * HOUR)), null, 'failed is final');
  });

  it('takes over a claim older than the lease, keeping the messages it recorded', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    assert.ok(await digests.claim(request(id, 'token-a', T0)));
    assert.equal(await digests.recordMessage(id, TODAY, 'token-a', 'message-1', T0 + MINUTE), true);

    assert.equal(await digests.claim(request(id, 'token-b', T0 + LEASE)), null, 'the message renewed the lease');
    assert.equal(await digests.claim(request(id, 'token-b', T0 + MINUTE + LEASE - 1)), null);
    const taken = await digests.claim(request(id, 'token-b', T0 + MINUTE + LEASE));
    assert.ok(taken);
    assert.equal(taken.takenOver, true);
    assert.equal(taken.delivery.claimToken, 'token-b');
    assert.equal(taken.delivery.claimedAt, T0 + MINUTE + LEASE);
    assert.deepEqual(taken.delivery.messageIds, ['message-1']);
    assert.equal(taken.delivery.attempts, 0);

    assert.equal(await digests.recordMessage(id, TODAY, 'token-a', 'message-late', T0 + 2 * LEASE), false, 'the crashed run lost its claim');
    assert.equal(await digests.finish(id, TODAY, 'token-a', { status: 'posted', detail: 'x', throughArticleSeq: 1 }, T0 + 2 * LEASE), false);
    assert.equal(await digests.recordMessage(id, TODAY, 'token-b', 'message-2', T0 + 2 * LEASE), true);
    assert.equal(await digests.finish(id, TODAY, 'token-b', { status: 'empty', detail: 'no news', throughArticleSeq: 4 }, T0 + 2 * LEASE), true);
    const done = await row(digests, id);
    assert.deepEqual(done?.messageIds, ['message-1', 'message-2']);
    assert.equal(done?.status, 'empty');
    assert.equal(done?.throughArticleSeq, 4);
  });

  it('records a missed day, never over a day that has a row', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    await digests.recordMissed(id, '2026-11-26', T0 - 24 * HOUR, 'the bot was offline', T0);
    assert.deepEqual(await row(digests, id, '2026-11-26'), {
      subscriptionId: id,
      localDate: '2026-11-26',
      status: 'missed',
      scheduledAt: T0 - 24 * HOUR,
      claimToken: null,
      claimedAt: null,
      attempts: 0,
      nextAttemptAt: null,
      messageIds: [],
      throughArticleSeq: null,
      detail: 'the bot was offline',
      finishedAt: T0,
    });
    await digests.recordMissed(id, '2026-11-26', T0 - 24 * HOUR, 'something else', T0 + 1);
    assert.equal((await row(digests, id, '2026-11-26'))?.detail, 'the bot was offline', 'the first word stays');
    assert.equal(await digests.claim(request(id, 'token-a', T0, { localDate: '2026-11-26' })), null, 'a missed day is not posted late');

    assert.ok(await digests.claim(request(id, 'token-a', T0)));
    await digests.recordMissed(id, TODAY, T0, 'missed', T0 + 1);
    const claimed = await row(digests, id);
    assert.equal(claimed?.status, 'claimed', 'a claimed day is not marked missed');
    assert.equal(claimed?.claimToken, 'token-a');
    await digests.recordMissed('no-such-subscription', TODAY, T0, 'missed', T0);
    assert.equal((await digests.deliveriesSince('2000-01-01')).length, 2);
  });

  it('closes a day that ended waiting for a retry, or held by a dead run, as missed; never a finished day', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    assert.ok(await digests.claim(request(id, 'dead-run', T0)));
    assert.ok(await digests.recordMessage(id, TODAY, 'dead-run', 'message-1', T0 + MINUTE));
    assert.equal(await digests.closeMissedDay(id, TODAY, 'not posted', T0 + 2 * MINUTE, LEASE), false, 'a claim within its lease is a run still going');
    assert.equal(await digests.closeMissedDay(id, TODAY, 'not posted', T0 + MINUTE + LEASE, LEASE), true);
    const closed = await row(digests, id);
    assert.equal(closed?.status, 'missed');
    assert.equal(closed?.detail, 'not posted (1 message(s) had been posted)');
    assert.equal(closed?.claimToken, null);

    const other = await subscribed(digests, { channelId: 'channel-retry' });
    assert.ok(await digests.claim(request(other, 'run', T0)));
    assert.ok(await digests.finish(other, TODAY, 'run', { status: 'retry', detail: 'attempt 1 failed', nextAttemptAt: T0 + HOUR }, T0));
    assert.equal(await digests.closeMissedDay(other, TODAY, 'not posted: Discord failed every try that day', T0 + 2 * HOUR, LEASE), true);
    assert.equal((await row(digests, other))?.detail, 'not posted: Discord failed every try that day');

    const posted = await subscribed(digests, { channelId: 'channel-posted' });
    assert.ok(await digests.claim(request(posted, 'run', T0)));
    assert.ok(await digests.finish(posted, TODAY, 'run', { status: 'posted', detail: 'posted', throughArticleSeq: 0 }, T0));
    assert.equal(await digests.closeMissedDay(posted, TODAY, 'not posted', T0 + 2 * HOUR, LEASE), false);
    assert.equal((await row(digests, posted))?.status, 'posted');
  });

  it('finds the last digest that covered articles, skipping missed and retried days', async () => {
    const { digests } = freshStore().store;
    const id = await subscribed(digests);
    const other = await subscribed(digests, { channelId: 'channel-2' });
    assert.equal(await digests.lastCovered(id), null);
    const finishOn = async (subscriptionId: string, localDate: string, outcome: Parameters<DigestStore['finish']>[3]) => {
      assert.ok(await digests.claim(request(subscriptionId, `token-${localDate}`, T0, { localDate })));
      assert.equal(await digests.finish(subscriptionId, localDate, `token-${localDate}`, outcome, T0 + 1), true);
    };
    await finishOn(id, '2026-11-22', { status: 'posted', detail: 'posted', throughArticleSeq: 2 });
    await finishOn(id, '2026-11-23', { status: 'posted', detail: 'posted', throughArticleSeq: 3 });
    await finishOn(id, '2026-11-24', { status: 'empty', detail: 'nothing new', throughArticleSeq: 5 });
    await finishOn(id, '2026-11-25', { status: 'failed', detail: 'gone' });
    await digests.recordMissed(id, '2026-11-26', T0, 'offline', T0);
    await finishOn(id, TODAY, { status: 'retry', detail: 'down', nextAttemptAt: T0 + HOUR });
    await finishOn(other, TODAY, { status: 'posted', detail: 'posted', throughArticleSeq: 9 });

    const last = await digests.lastCovered(id);
    assert.equal(last?.localDate, '2026-11-24');
    assert.equal(last?.status, 'empty');
    assert.equal(last?.throughArticleSeq, 5);
    assert.equal((await digests.lastCovered(other))?.throughArticleSeq, 9);
    assert.equal(await digests.lastCovered('no-such-subscription'), null);

    await finishOn(id, '2026-11-28', { status: 'posted', detail: 'posted', throughArticleSeq: 11 });
    assert.equal((await digests.lastCovered(id))?.localDate, '2026-11-28');
  });

  it('lists the ledger since a date, and each subscription’s newest row per server', async () => {
    const { digests } = freshStore().store;
    const a = await subscribed(digests, { channelId: 'channel-a' });
    const b = await subscribed(digests, { channelId: 'channel-b' });
    const quiet = await subscribed(digests, { channelId: 'channel-quiet' });
    const elsewhere = await subscribed(digests, { guildId: 'guild-2', channelId: 'channel-c' });
    for (const [id, localDate] of [
      [a, '2026-11-25'],
      [a, '2026-11-26'],
      [a, TODAY],
      [b, '2026-11-25'],
      [elsewhere, '2026-11-26'],
    ] as const) {
      assert.ok(await digests.claim(request(id, `token-${id}-${localDate}`, T0, { localDate })));
    }
    await digests.recordMissed(b, '2026-11-26', T0, 'offline', T0);

    const since = (await digests.deliveriesSince('2026-11-26')).map((d) => `${d.subscriptionId} ${d.localDate} ${d.status}`).sort();
    assert.deepEqual(since, [`${a} 2026-11-26 claimed`, `${a} ${TODAY} claimed`, `${b} 2026-11-26 missed`, `${elsewhere} 2026-11-26 claimed`].sort());
    assert.deepEqual(await digests.deliveriesSince('2026-11-28'), []);

    const latest = await digests.latestDeliveries('guild-1');
    assert.deepEqual([...latest.keys()].sort(), [a, b].sort(), 'a subscription without rows has no entry');
    assert.equal(latest.has(quiet), false);
    assert.equal(latest.get(a)?.localDate, TODAY);
    assert.equal(latest.get(b)?.localDate, '2026-11-26');
    assert.equal(latest.get(b)?.status, 'missed');
    const theirs = await digests.latestDeliveries('guild-2');
    assert.deepEqual([...theirs.keys()], [elsewhere]);
    assert.equal((await digests.latestDeliveries('guild-3')).size, 0);
  });

  it('gives a digest to exactly one of two processes sharing the database', async () => {
    const { store: first, path } = freshStore();
    const second = openSqliteStore(path);
    after(() => second.close());
    const id = await subscribed(first.digests);
    assert.equal((await second.digests.getSubscription(id))?.id, id, 'the other process sees the subscription');

    for (const [day, localDate] of ['2026-11-25', '2026-11-26', TODAY].entries()) {
      const claims = await Promise.all([
        first.digests.claim(request(id, `first-${day}`, T0, { localDate })),
        second.digests.claim(request(id, `second-${day}`, T0, { localDate })),
      ]);
      assert.equal(claims.filter((claim) => claim !== null).length, 1, `one claim on ${localDate}`);
    }
    const rows = await first.digests.deliveriesSince('2026-11-25');
    assert.equal(rows.length, 3);

    // The second process holds nothing on a new day until the first's claim is abandoned.
    assert.ok(await first.digests.claim(request(id, 'first-x', T0, { localDate: '2026-11-28' })));
    assert.equal(await second.digests.claim(request(id, 'second-x', T0 + 1, { localDate: '2026-11-28' })), null);
    const taken = await second.digests.claim(request(id, 'second-x', T0 + LEASE, { localDate: '2026-11-28' }));
    assert.equal(taken?.takenOver, true);
    const outcome = { status: 'posted', detail: 'posted', throughArticleSeq: 0 } as const;
    assert.equal(await first.digests.finish(id, '2026-11-28', 'first-x', outcome, T0 + LEASE + 1), false);
    assert.equal(await second.digests.finish(id, '2026-11-28', 'second-x', outcome, T0 + LEASE + 1), true);
    assert.equal(await first.digests.claim(request(id, 'first-y', T0 + 100 * HOUR, { localDate: '2026-11-28' })), null);
  });
});

/** An article as ingest would prepare it at `ingestedAt`. */
function preparedAt(ingestedAt: number, fields: Partial<RawArticle> & { text: string }, guildId: string | null = null): NewArticle {
  const result = prepareArticle({ title: null, url: null, source: null, published: null, ...fields }, { guildId, now: new Date(ingestedAt) });
  if (!result.ok) throw new Error(`fixture article rejected: ${result.detail}`);
  return result.article;
}

/** Stores the articles one at a time, in the order given (their ingest order), then groups them into events. */
async function storeAndGroup(store: ArticleStore, articles: readonly NewArticle[]): Promise<void> {
  for (const article of articles) {
    const [outcome] = await store.saveArticles([{ article, analysis: analyzeArticle(article), analysisVersion: ANALYSIS_VERSION }]);
    assert.equal(outcome?.status, 'added', `stored ${article.title}`);
  }
  await groupUngroupedArticles(store);
}

describe('article sequence numbers', () => {
  it('are 0 for an empty store', async () => {
    const { digests } = freshStore().store;
    assert.equal(await digests.latestArticleSeq(), 0);
    assert.equal(await digests.articleSeqBefore(T0), 0);
  });

  it('find the window boundary by ingest time', async () => {
    const { store } = freshStore();
    const at = [T0 - 3 * HOUR, T0 - 2 * HOUR, T0 - 2 * HOUR, T0 - HOUR];
    await storeAndGroup(
      store,
      at.map((time, i) => preparedAt(time, { title: `Notice ${i}`, text: `Public notice number ${i} about the ${['east', 'west', 'north', 'south'][i]} quay repairs.` })),
    );
    const { digests } = store;
    assert.equal(await digests.latestArticleSeq(), 4);
    const cases: [string, number, number][] = [
      ['before every article', T0 - 4 * HOUR, 0],
      ['exactly at the first', T0 - 3 * HOUR, 0],
      ['just after the first', T0 - 3 * HOUR + 1, 1],
      ['exactly at two stored together', T0 - 2 * HOUR, 1],
      ['between', T0 - 90 * MINUTE, 3],
      ['exactly at the last', T0 - HOUR, 3],
      ['after every article', T0, 4],
      ['long after', T0 + 1000 * HOUR, 4],
    ];
    for (const [name, time, expected] of cases) assert.equal(await digests.articleSeqBefore(time), expected, name);
  });

  it('skip the gaps deleted articles leave', async () => {
    const { store } = freshStore();
    const articles = [0, 1, 2, 3, 4].map((i) =>
      preparedAt(T0 - (5 - i) * HOUR, { title: `Bulletin ${i}`, text: `Council bulletin ${i}: the ${['library', 'pool', 'park', 'museum', 'market'][i]} opens late.` }, 'guild-1'),
    );
    await storeAndGroup(store, articles);
    for (const gone of [articles[1], articles[2]]) assert.equal(await store.deleteGuildArticle(gone?.id ?? '', 'guild-1'), true);
    const { digests } = store;
    // Left: seq 1 (5 h ago), 4 (2 h ago) and 5 (1 h ago); 2 and 3 were deleted.
    assert.equal(await digests.articleSeqBefore(T0 - 5 * HOUR), 0);
    assert.equal(await digests.articleSeqBefore(T0 - 4 * HOUR), 1);
    assert.equal(await digests.articleSeqBefore(T0 - 3 * HOUR), 1, 'the gap is passed over: the window starts at seq 4');
    assert.equal(await digests.articleSeqBefore(T0 - 2 * HOUR), 1);
    assert.equal(await digests.articleSeqBefore(T0 - 2 * HOUR + 1), 4);
    assert.equal(await digests.articleSeqBefore(T0), 5);
  });
});

describe('event activity', () => {
  // Invented stories, in ingest order: the harbour story began before the window, the rest inside it.
  const harbourText = (detail: string) =>
    `A crane collapsed at Port Aldwick harbour on Tuesday, closing the container terminal. Harbour master Ilse Varga said the Port Aldwick crane collapse injured no one. ${detail}`;
  const harbourFirst = preparedAt(T0 - 3 * HOUR, {
    title: 'Crane collapses at Port Aldwick harbour',
    text: harbourText('Engineers from the port authority inspected the wreckage overnight.'),
    source: 'Coast Times',
    url: 'https://coast.example/crane',
    published: '2026-11-27T08:30:00Z',
  });
  const harbourSecond = preparedAt(T0 - 90 * MINUTE, {
    title: 'Port Aldwick harbour terminal stays shut after crane collapse',
    text: harbourText('The container terminal will stay closed until Friday, the port authority said.'),
    source: 'Harbour Daily',
    url: 'https://harbour.example/terminal-shut',
    published: '2026-11-27T10:00:00Z',
  });
  const harbourThird = preparedAt(T0 - 30 * MINUTE, {
    title: 'Port Aldwick crane collapse: inquiry opens',
    text: harbourText('An inquiry into the Port Aldwick crane collapse opened on Wednesday.'),
    published: '2026-11-27T11:15:00Z',
  });
  const bridge = preparedAt(T0 - 80 * MINUTE, {
    title: 'Lindqvist bridge reopens to cyclists',
    text: 'The Lindqvist footbridge over the river Orre reopened to cyclists after a year of repainting. Mayor Tomas Berg cut the ribbon at dawn.',
    source: 'Coast Times',
    url: 'https://coast.example/bridge',
    published: '2026-11-27T10:20:00Z',
  });
  const council = preparedAt(
    T0 - 70 * MINUTE,
    {
      title: 'Guild council votes on the winter festival budget',
      text: 'The Eastmarch town council voted on the winter festival budget on Thursday. Councillor Mara Holt said the fireworks would go ahead.',
      source: 'Town Crier',
      published: '2026-11-27T10:40:00Z',
    },
    'guild-1',
  );
  const regatta = preparedAt(
    T0 - 60 * MINUTE,
    {
      title: 'Ice regatta postponed on Lake Seld',
      text: 'The annual ice regatta on Lake Seld was postponed because the ice is too thin, organiser Pia Lund said on Thursday.',
      source: 'Lakeside News',
      published: '2026-11-27T10:50:00Z',
    },
    'guild-2',
  );

  async function fixture() {
    const { store } = freshStore();
    await storeAndGroup(store, [harbourFirst, harbourSecond, bridge, council, regatta, harbourThird]);
    const eventOf = async (article: NewArticle) => {
      const event = await store.events.eventOfArticle(article.id, article.guildId);
      assert.ok(event, `${article.title} is in an event`);
      return event.id;
    };
    const ids = {
      harbour: await eventOf(harbourFirst),
      bridge: await eventOf(bridge),
      council: await eventOf(council),
      regatta: await eventOf(regatta),
    };
    assert.equal(await eventOf(harbourSecond), ids.harbour, 'the harbour reports are one story');
    assert.equal(await eventOf(harbourThird), ids.harbour, 'the harbour reports are one story');
    assert.equal(new Set(Object.values(ids)).size, 4, 'four stories');
    const afterSeq = await store.digests.articleSeqBefore(T0 - 2 * HOUR);
    assert.equal(afterSeq, 1, 'the window starts after the first harbour report');
    return { store, ids, afterSeq, throughSeq: await store.digests.latestArticleSeq() };
  }

  it('counts each event’s new articles and outlets, new or updated, shared ones for everybody', async () => {
    const { store, ids, afterSeq, throughSeq } = await fixture();
    assert.equal(throughSeq, 6);
    const shared = await store.digests.eventActivity(null, afterSeq, throughSeq);
    const byId = new Map(shared.map((activity) => [activity.event.id, activity]));
    assert.deepEqual([...byId.keys()].sort(), [ids.harbour, ids.bridge].sort());

    const harbour = byId.get(ids.harbour);
    assert.ok(harbour);
    assert.equal(harbour.isNew, false, 'its first article came before the window: updated');
    assert.equal(harbour.newArticleCount, 2);
    assert.deepEqual(harbour.newOutlets, ['', 'Harbour Daily'], "sorted, '' for the article without a source");
    assert.equal(harbour.newestPublished, Date.parse('2026-11-27T11:15:00Z'));
    assert.equal(harbour.event.articleCount, 3);

    const bridgeActivity = byId.get(ids.bridge);
    assert.equal(bridgeActivity?.isNew, true);
    assert.equal(bridgeActivity?.newArticleCount, 1);
    assert.deepEqual(bridgeActivity?.newOutlets, ['Coast Times']);
    assert.equal(bridgeActivity?.newestPublished, Date.parse('2026-11-27T10:20:00Z'));

    const all = await store.digests.eventActivity(null, 0, throughSeq);
    const harbourFromStart = all.find((activity) => activity.event.id === ids.harbour);
    assert.equal(harbourFromStart?.isNew, true, 'from the beginning every event is new');
    assert.equal(harbourFromStart?.newArticleCount, 3);
    assert.deepEqual(harbourFromStart?.newOutlets, ['', 'Coast Times', 'Harbour Daily']);

    assert.deepEqual(await store.digests.eventActivity(null, throughSeq, throughSeq), [], 'an empty window');
  });

  it('stops at the window’s end', async () => {
    const { store, ids, afterSeq } = await fixture();
    // Seqs in ingest order: 1 harbour, 2 harbour, 3 bridge, 4 council, 5 regatta, 6 harbour.
    const early = await store.digests.eventActivity('guild-1', afterSeq, 3);
    assert.deepEqual(early.map((activity) => activity.event.id).sort(), [ids.harbour, ids.bridge].sort());
    const harbour = early.find((activity) => activity.event.id === ids.harbour);
    assert.equal(harbour?.newArticleCount, 1);
    assert.deepEqual(harbour?.newOutlets, ['Harbour Daily']);
    assert.equal(harbour?.newestPublished, Date.parse('2026-11-27T10:00:00Z'));
  });

  it('shows a server its own articles as well, never another server’s', async () => {
    const { store, ids, afterSeq, throughSeq } = await fixture();
    const events = async (viewer: string | null) => (await store.digests.eventActivity(viewer, afterSeq, throughSeq)).map((a) => a.event.id).sort();
    assert.deepEqual(await events('guild-1'), [ids.harbour, ids.bridge, ids.council].sort());
    assert.deepEqual(await events('guild-2'), [ids.harbour, ids.bridge, ids.regatta].sort());
    assert.deepEqual(await events('guild-3'), [ids.harbour, ids.bridge].sort());
    const council = (await store.digests.eventActivity('guild-1', afterSeq, throughSeq)).find((a) => a.event.id === ids.council);
    assert.equal(council?.isNew, true);
    assert.deepEqual(council?.newOutlets, ['Town Crier']);
    assert.equal(council?.event.guildId, 'guild-1');
  });

  it('lists an event’s new articles newest first, within the window, to those who may see them', async () => {
    const { store, ids, afterSeq, throughSeq } = await fixture();
    const { digests } = store;
    const ofHarbour = await digests.newArticlesOf(ids.harbour, null, afterSeq, throughSeq, 10);
    assert.deepEqual(
      ofHarbour.map((a) => a.id),
      [harbourThird.id, harbourSecond.id],
    );
    assert.equal(ofHarbour[1]?.source, 'Harbour Daily');
    assert.deepEqual(
      (await digests.newArticlesOf(ids.harbour, 'guild-2', afterSeq, throughSeq, 1)).map((a) => a.id),
      [harbourThird.id],
      'at most the limit',
    );
    assert.deepEqual(
      (await digests.newArticlesOf(ids.harbour, null, 0, 5, 10)).map((a) => a.id),
      [harbourSecond.id, harbourFirst.id],
      'the window bounds both ends',
    );
    assert.deepEqual(
      (await digests.newArticlesOf(ids.council, 'guild-1', afterSeq, throughSeq, 10)).map((a) => a.id),
      [council.id],
    );
    assert.deepEqual(await digests.newArticlesOf(ids.council, null, afterSeq, throughSeq, 10), []);
    assert.deepEqual(await digests.newArticlesOf(ids.council, 'guild-2', afterSeq, throughSeq, 10), []);
    assert.deepEqual(await digests.newArticlesOf('no-such-event', null, 0, throughSeq, 10), []);
  });
});
