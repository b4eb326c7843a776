// End to end: how the real bot (discord.js client, router, commands) copes when Discord misbehaves — rate limits,
// gateway reconnects, 5xx outages — and how it apologises for its own failures, against the Discord double with a
// temp SQLite store of the sample articles.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InteractionResponseType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { pino } from 'pino';
import { createBot } from '../../src/discord/bot.ts';
import type { Bot } from '../../src/discord/bot.ts';
import type { Command } from '../../src/discord/command.ts';
import type { BotDeps } from '../../src/discord/deps.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import type { DiscordDouble, InteractionHandle } from '../discord-double/index.ts';
import { testBotDeps } from '../helpers/bot-deps.ts';
import { logSink } from '../helpers/log-sink.ts';
import { tempDirectory } from '../helpers/temp.ts';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const ids = FIXTURE_IDS;
const CALLBACK = '/interactions/:interactionId/:token/callback';
const WEBHOOK_MESSAGE = '/webhooks/:appId/:token/messages/:messageId';
const FOLLOW_UP = '/webhooks/:appId/:token';
const APOLOGY = /^Sorry, something went wrong \(error id ([0-9A-F]{8})\)/;


/** The real store, except that reading an analysis fails (as a corrupt database would) while `fail.analysis` is set. */
function switchableStore(real: ArticleStore, fail: { analysis: boolean }): ArticleStore {
  return new Proxy(real, {
    get(target, property) {
      if (property === 'getAnalysis' && fail.analysis) return () => Promise.reject(new Error('SQLITE_CORRUPT at /secret/path/newsbot.db'));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function makeBot(d: DiscordDouble, deps: Pick<BotDeps, 'store' | 'logger' | 'clock'>, commands?: readonly Command[]): Bot {
  return createBot({
    token: d.token,
    apiBase: d.restOptions.api,
    deps: testBotDeps(d.restOptions.api, deps),
    restOptions: { cdn: d.restOptions.cdn, globalRequestsPerSecond: 10_000 },
    ...(commands ? { commands } : {}),
  });
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs` saying what it waited for. */
async function eventually(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The double's requests for one interaction (its token is in every path), optionally on one route and method. A
 * request's status is recorded when its answer is written, after the handle has seen the effect: `answered` waits
 * for those.
 */
async function answered(d: DiscordDouble, handle: InteractionHandle, route?: string, method?: string) {
  await eventually(() => requestsFor(d, handle).every((r) => r.status !== 0), `the double to answer every request of interaction ${handle.id}`);
  return requestsFor(d, handle, route, method);
}

function requestsFor(d: DiscordDouble, handle: InteractionHandle, route?: string, method?: string) {
  return d.rest.requests.filter(
    (r) => r.path.includes(handle.token) && (route === undefined || r.route === route) && (method === undefined || r.method === method),
  );
}

describe('newsbot when Discord misbehaves (double + real discord.js client)', () => {
  let double: DiscordDouble;
  let bot: Bot;
  let store: ArticleStore;
  let now = Date.parse('2026-11-27T12:00:00Z');
  const fail = { analysis: false };
  const logs = logSink();

  before(async () => {
    const directory = tempDirectory('newsbot-resilience-');
    store = openSqliteStore(join(directory, 'resilience.db'));
    const report = await ingestPaths([SAMPLES], { store, clock: () => new Date(now), limits: { maxArticleBytes: 2_000_000 } }, { guildId: null });
    assert.ok(report.added >= 5);
    double = await startDiscordDouble();
    bot = makeBot(double, { store: switchableStore(store, fail), logger: logs.logger, clock: () => new Date(now) });
    await bot.start();
  });

  afterEach(() => {
    fail.analysis = false;
    double.rest.clearSwitches(); // an outage or rate limit a test did not use up does not leak into the next
    now += 60_000; // past the per-user rate-limit window
    double.assertNoViolations();
  });

  after(async () => {
    await bot?.stop();
    await double?.close();
    await store?.close();
  });

  test('a 429 on the deferred reply’s edit: the answer arrives once, after the wait, with no early retry', async () => {
    double.rateLimitNext({ method: 'PATCH', route: WEBHOOK_MESSAGE }, 1);
    const handle = double.sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' } });
    assert.equal((await handle.callback()).type, InteractionResponseType.DeferredChannelMessageWithSource);
    const reply = await handle.reply(5000);
    assert.match(reply.embeds[0]?.title ?? '', /rail strike/i);

    const edits = await answered(double, handle, WEBHOOK_MESSAGE, 'PATCH');
    assert.deepEqual(edits.map((e) => e.status), [429, 200], 'limited once, then one successful edit');
    const [limited, retried] = edits;
    assert.ok(limited && retried);
    assert.ok(retried.at - limited.at >= 1000, `retried after ${retried.at - limited.at} ms, before the 1 s reset`);
    assert.equal(handle.events.filter((e) => e.kind === 'edit').length, 1, 'the answer is written once');
    assert.equal(handle.events.filter((e) => e.kind === 'followup').length, 0);
    assert.deepEqual(
      double.rest.rateLimitAnswers.filter((a) => a.path.includes(handle.token)).map((a) => a.reason),
      ['forced'],
      'no request came back before the reset',
    );
    double.assertNoViolations();
  });

  test('op 7 RECONNECT: the client resumes its session and answers the next command', async () => {
    const identified = double.gateway.identifyCount;
    const resumed = double.gateway.resumeCount;
    double.gateway.requestReconnect();
    await eventually(() => double.gateway.resumeCount === resumed + 1 && double.gateway.liveSessions().length === 1, 'the client to RESUME');
    assert.equal(double.gateway.identifyCount, identified, 'resumed, not identified again');

    const reply = await double.sendSlashCommand({ commandName: 'search', options: { query: 'rail strike' } }).reply();
    assert.match(reply.embeds[0]?.title ?? '', /^Search: rail strike/);
  });

  test('an interaction sent while the client is reconnecting is replayed on RESUME and answered', async () => {
    const identified = double.gateway.identifyCount;
    const resumed = double.gateway.resumeCount;
    double.gateway.requestReconnect();
    // discord.js closes with 4200 and waits 500 ms before resuming: the interaction is created in that gap.
    await eventually(() => double.gateway.liveSessions().length === 0, 'the client to close its connection');
    const before = new Set(double.interactions.keys());
    assert.throws(
      () => double.sendSlashCommand({ commandName: 'search', options: { query: 'flood' } }),
      /no discord\.js client is connected/,
      'nothing is connected at that moment; the double keeps the event for the session',
    );
    const id = [...double.interactions.keys()].find((key) => !before.has(key));
    assert.ok(id, 'the double recorded the interaction');
    const handle = double.interaction(id);
    assert.ok(handle);

    const reply = await handle.reply(5000);
    assert.match(reply.embeds[0]?.title ?? '', /^Search: flood/);
    assert.equal(double.gateway.resumeCount, resumed + 1);
    assert.equal(double.gateway.identifyCount, identified);
    assert.equal(handle.events.filter((e) => e.kind === 'callback').length, 1, 'answered once');
    assert.deepEqual(handle.rejections, []);
  });

  test('a brief 5xx on the interaction callback is retried by discord.js: one answer', async () => {
    double.failNext(1, { status: 502, target: { method: 'POST', route: CALLBACK } });
    const handle = double.sendSlashCommand({ commandName: 'search', options: { query: 'rail strike' } });
    const reply = await handle.reply();
    assert.match(reply.embeds[0]?.title ?? '', /^Search: rail strike/);
    assert.deepEqual((await answered(double, handle, CALLBACK)).map((r) => r.status), [502, 204]);
    assert.equal(double.messages(ids.channels.news).filter((m) => m.interaction?.id === handle.id).length, 1, 'one message in the channel');
    assert.deepEqual(handle.rejections, []);
  });

  test('a longer outage: the failure is logged with an error id, the bot stays up, and the next command works', async () => {
    // discord.js tries each request 4 times (3 retries): 4 for the answer, 4 for the apology.
    double.failNext(8, { status: 500, target: { method: 'POST', route: CALLBACK } });
    const handle = double.sendSlashCommand({ commandName: 'search', options: { query: 'rail strike' } });
    await eventually(() => logs.lines.some((l) => l['msg'] === 'interaction' && l['interaction'] === handle.id), 'the interaction to end');

    assert.deepEqual((await answered(double, handle, CALLBACK)).map((r) => r.status), Array(8).fill(500));
    assert.equal(handle.callbackRecord, null, 'Discord never got an answer');
    const failed = logs.lines.find((l) => l['msg'] === 'interaction failed' && l['interaction'] === handle.id);
    assert.ok(failed, 'the failure is logged');
    assert.match(String(failed['errorId']), /^[0-9A-F]{8}$/);
    assert.equal(failed['command'], 'search');
    assert.match(String(failed['stack']), /Internal Server Error/);
    const untold = logs.lines.find((l) => l['msg'] === 'could not tell the user about the failure' && l['interaction'] === handle.id);
    assert.equal(untold?.['errorId'], failed['errorId'], 'the failed apology carries the same error id');
    const summary = logs.lines.find((l) => l['msg'] === 'interaction' && l['interaction'] === handle.id);
    assert.equal(summary?.['outcome'], 'error');

    assert.ok(bot.client.isReady(), 'the client is still connected');
    const next = await double.sendSlashCommand({ commandName: 'search', options: { query: 'flood' } }).reply();
    assert.match(next.embeds[0]?.title ?? '', /^Search: flood/);
  });

  test('a failure after a public deferral: no public apology; the user gets an ephemeral one with an error id', async () => {
    fail.analysis = true;
    const handle = double.sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' } });
    const callback = await handle.callback();
    assert.equal(callback.type, InteractionResponseType.DeferredChannelMessageWithSource);
    assert.equal(callback.flags & MessageFlags.Ephemeral, 0, 'the deferral was public');

    const apology = await handle.followUp();
    const match = APOLOGY.exec(apology.content);
    assert.ok(match, apology.content);
    assert.doesNotMatch(apology.content, /SQLITE|secret|\n\s+at /);

    // What the bot asked of Discord: delete the public "thinking…" message, then follow up ephemerally.
    const deletes = await answered(double, handle, WEBHOOK_MESSAGE, 'DELETE');
    const followUps = requestsFor(double, handle, FOLLOW_UP, 'POST');
    assert.equal(deletes.length, 1);
    assert.match(deletes[0]?.path ?? '', /\/messages\/(@|%40)original$/);
    assert.equal(followUps.length, 1);
    assert.ok((deletes[0]?.at ?? Infinity) <= (followUps[0]?.at ?? -Infinity), 'the deferred message is deleted before the follow-up');
    const body = followUps[0]?.body as { flags?: number; allowed_mentions?: unknown } | undefined;
    assert.equal((body?.flags ?? 0) & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.deepEqual(body?.allowed_mentions, { parse: [] });
    assert.equal(requestsFor(double, handle, WEBHOOK_MESSAGE, 'PATCH').length, 0, 'the deferred message is never filled');

    // What people see: nothing in the channel; the apology only for the user who ran the command.
    const visible = double.messages(ids.channels.news).filter((m) => m.interaction?.id === handle.id || APOLOGY.test(m.content));
    assert.deepEqual(visible, [], 'no public trace of the interaction');

    const logged = logs.lines.find((l) => l['msg'] === 'interaction failed' && l['errorId'] === match[1]);
    assert.ok(logged, 'the error is logged with the id the user was given');
    assert.equal(logged['command'], 'summary');
    assert.equal(logged['user'], ids.users.alice);
    assert.match(String(logged['stack']), /SQLITE_CORRUPT[\s\S]*\n\s+at /);
  });
});

describe('apologies after a public deferral, as the double stores them', () => {
  // Once the deferred "thinking…" message is deleted, Discord creates a new message for the follow-up.
  test('the apology is a new, live, ephemeral message', async () => {
    const directory = tempDirectory('newsbot-resilience-stored-');
    const real = openSqliteStore(join(directory, 'stored.db'));
    await ingestPaths([SAMPLES], { store: real, clock: () => new Date(), limits: { maxArticleBytes: 2_000_000 } }, { guildId: null });
    const storedDouble = await startDiscordDouble();
    const storedBot = makeBot(storedDouble, { store: switchableStore(real, { analysis: true }), logger: pino({ level: 'silent' }), clock: () => new Date() });
    try {
      await storedBot.start();
      const handle = storedDouble.sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' } });
      const apology = await handle.followUp();
      assert.match(apology.content, APOLOGY);
      assert.notEqual(apology.id, handle.original?.id, 'not the deleted "thinking…" message');
      assert.equal(apology.deleted, false);
      assert.equal(apology.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
      assert.ok(
        storedDouble.messages(ids.channels.news, { includeEphemeral: true }).some((m) => m.id === apology.id),
        'the user sees it',
      );
      storedDouble.assertNoViolations();
    } finally {
      await storedBot.stop();
      await storedDouble.close();
      await real.close();
    }
  });
});

describe('apologies after an ephemeral deferral (a test command)', () => {
  test('the private "thinking…" message is filled with the apology', async () => {
    const privateFailure: Command = {
      data: new SlashCommandBuilder().setName('private-failure').setDescription('Defers ephemerally, then fails'),
      async execute(interaction) {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        throw new Error('boom after an ephemeral deferral');
      },
    };
    const directory = tempDirectory('newsbot-resilience-private-');
    const privateStore = openSqliteStore(join(directory, 'private.db'));
    const privateDouble = await startDiscordDouble();
    const privateLogs = logSink();
    const privateBot = makeBot(privateDouble, { store: privateStore, logger: privateLogs.logger, clock: () => new Date() }, [privateFailure]);
    try {
      await privateBot.start();
      const handle = privateDouble.sendSlashCommand({ commandName: 'private-failure' });
      const callback = await handle.callback();
      assert.equal(callback.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
      const reply = await handle.reply();
      const match = APOLOGY.exec(reply.content);
      assert.ok(match, reply.content);
      assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
      assert.equal(requestsFor(privateDouble, handle, WEBHOOK_MESSAGE, 'DELETE').length, 0, 'nothing to delete');
      assert.equal(requestsFor(privateDouble, handle, FOLLOW_UP, 'POST').length, 0);
      assert.ok(privateLogs.lines.some((l) => l['msg'] === 'interaction failed' && l['errorId'] === match[1]));
      privateDouble.assertNoViolations();
    } finally {
      await privateBot.stop();
      await privateDouble.close();
      await privateStore.close();
    }
  });
});
