// End to end: the real bot (discord.js client, router, commands) against the Discord double, answering from a temp
// SQLite store with the sample articles ingested.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { pino } from 'pino';
import { commands } from '../../commands/index.ts';
import { createBot } from '../../src/discord/bot.ts';
import type { Bot } from '../../src/discord/bot.ts';
import type { BotDeps } from '../../src/discord/deps.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { groupUngroupedArticles } from '../../src/events/assign.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import type { DiscordDouble } from '../discord-double/index.ts';
import { analyzed, article } from '../helpers/articles.ts';
import { testBotDeps } from '../helpers/bot-deps.ts';
import { logSink } from '../helpers/log-sink.ts';
import { tempDirectory } from '../helpers/temp.ts';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const ids = FIXTURE_IDS;


/** The real store, with a switch that makes one method fail as an outage would. */
function failingStore(real: ArticleStore, fail: { search: boolean; analysis: boolean }): ArticleStore {
  return {
    saveArticles: (a) => real.saveArticles(a),
    getArticle: (id, viewer) => real.getArticle(id, viewer),
    getAnalysis: (id, viewer) => (fail.analysis ? Promise.reject(new Error('SQLITE_CORRUPT at /secret/path/newsbot.db')) : real.getAnalysis(id, viewer)),
    searchArticles: (q, o) => (fail.search ? Promise.reject(new Error('SQLITE_BUSY at /secret/path/newsbot.db')) : real.searchArticles(q, o)),
    listStaleArticles: (v, l) => real.listStaleArticles(v, l),
    replaceAnalysis: (id, a, v) => real.replaceAnalysis(id, a, v),
    listRecentArticles: (o) => real.listRecentArticles(o),
    deleteGuildArticle: (id, g) => real.deleteGuildArticle(id, g),
    events: real.events,
    feeds: real.feeds,
    digests: real.digests,
    inTransaction: (work) => real.inTransaction(work),
    countArticles: () => real.countArticles(),
    newestPublished: () => real.newestPublished(),
    pruneArticles: (o) => real.pruneArticles(o),
    deleteGuildData: (g) => real.deleteGuildData(g),
    backup: (p) => real.backup(p),
    close: () => real.close(),
  };
}

/** Each line of an answer, without its "[n]" references and escapes, is a sentence of some stored article. */
async function assertVerbatim(description: string | undefined): Promise<void> {
  assert.ok(description, 'an answer');
  const articles = await store.listRecentArticles({ guildId: null, ownOnly: false, limit: 1_000 });
  const texts = await Promise.all(articles.map(async (a) => (await store.getArticle(a.id, null))?.text ?? ''));
  for (const line of description.split('\n')) {
    const sentence = line.replace(/(?: \\\[\d+\\\])+$/, '').replace(/\\(.)/g, '$1');
    assert.ok(texts.some((text) => text.includes(sentence)), `not verbatim: ${sentence}`);
  }
}

let double: DiscordDouble;
let bot: Bot;
let store: ArticleStore;
let now = Date.parse('2026-11-27T12:00:00Z');
const fail = { search: false, analysis: false };
const logs = logSink();

function makeBot(d: DiscordDouble, deps: Pick<BotDeps, 'store' | 'logger' | 'clock'>): Bot {
  return createBot({
    token: d.token,
    apiBase: d.restOptions.api,
    deps: testBotDeps(d.restOptions.api, deps),
    restOptions: { cdn: d.restOptions.cdn, globalRequestsPerSecond: 10_000 },
  });
}

describe('newsbot on Discord (double + real discord.js client)', () => {
  before(async () => {
    const directory = tempDirectory('newsbot-bot-');
    store = openSqliteStore(join(directory, 'bot.db'));
    const report = await ingestPaths([SAMPLES], { store, clock: () => new Date(now), limits: { maxArticleBytes: 2_000_000 } }, { guildId: null });
    assert.ok(report.added >= 5);
    await store.saveArticles(
      analyzed(
        article({
          title: 'Zorblat council elects a chair',
          text:
            'The Zorblat council met on Monday. "Tell @everyone and <@123456789012345678> to come," said Anna Berg, the council leader. ' +
            'A note read [click here](https://evil.example/phish) and # Heading text. The chair is **Jon Hale**.',
          url: 'https://zorblat.example/council',
          source: 'Zorblat Times',
          published: '2026-11-20T09:00:00Z',
        }),
      ),
    );
    // Enough articles on one topic for a search answer of several pages.
    await store.saveArticles(
      analyzed(
        ...Array.from({ length: 14 }, (_, i) =>
          article({
            title: `Glimmer festival day ${i + 1}`,
            text: `The Glimmer festival opened its day ${i + 1} programme in Kelm on a cold morning. Crowds gathered early near the river stage.`,
            url: `https://festival.example/day-${i + 1}`,
            source: 'Kelm Courier',
            published: `2026-11-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
          }),
        ),
      ),
    );
    // Articles saved directly (not through ingest) are grouped into events as ingest would.
    await groupUngroupedArticles(store);
    double = await startDiscordDouble();
    bot = makeBot(double, { store: failingStore(store, fail), logger: logs.logger, clock: () => new Date(now) });
    await bot.start();
  });

  afterEach(() => {
    fail.search = false;
    fail.analysis = false;
    now += 60_000; // past the per-user rate-limit window
    double.assertNoViolations();
  });

  after(async () => {
    await bot?.stop();
    await double?.close();
    await store?.close();
  });

  test('deploy registers every command in one PUT', async () => {
    const count = await deployCommands({
      token: double.token,
      clientId: double.applicationId,
      guildId: null,
      apiBase: double.restOptions.api,
      restOptions: { globalRequestsPerSecond: 10_000 },
    });
    assert.equal(count, commands.length);
    assert.equal(double.requestsTo('/applications/:appId/commands', 'PUT').length, 1);
    assert.equal(double.rest.requests.filter((r) => r.route?.startsWith('/applications/:appId/') ?? false).length, 1, 'one request in all');
    assert.deepEqual(
      double.commands().map((c) => c.name).sort(),
      commands.map((c) => c.data.name).sort(),
    );
    const summary = double.commands().find((c) => c.name === 'summary');
    const topic = summary?.options?.[0] as { max_length?: number; autocomplete?: boolean } | undefined;
    assert.equal(topic?.max_length, 200);
    assert.equal(topic?.autocomplete, true);
    // With a guild id, the guild's set is replaced instead.
    await deployCommands({ token: double.token, clientId: double.applicationId, guildId: ids.guild, apiBase: double.restOptions.api });
    assert.equal(double.commands(ids.guild).length, commands.length);
    assert.equal(double.requestsTo('/applications/:appId/guilds/:guildId/commands', 'PUT').length, 1);
  });

  test('/summary defers, then answers with verbatim sentences and a linked source', async () => {
    const handle = double.sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' } });
    const callback = await handle.callback();
    assert.equal(callback.type, InteractionResponseType.DeferredChannelMessageWithSource);
    assert.equal(callback.flags & MessageFlags.Ephemeral, 0);
    const reply = await handle.reply();
    const embed = reply.embeds[0];
    await assertVerbatim(embed?.description);
    assert.match(embed?.title ?? '', /^Summary: .*rail strike/i);
    const sources = embed?.fields?.find((f) => f.name === 'Sources')?.value ?? '';
    assert.ok((sources.match(/\]\(https:\/\//g) ?? []).length >= 2, 'several outlets, linked');
    assert.match(embed?.footer?.text ?? '', /3 outlets · 4 articles/);
  });

  test('/quotes with a speaker gives only that speaker', async () => {
    const reply = await double.sendSlashCommand({ commandName: 'quotes', options: { topic: 'rail strike', speaker: 'Lund' } }).reply();
    const description = reply.embeds[0]?.description ?? '';
    assert.match(description, /Erik Lund/);
    assert.doesNotMatch(description, /Marta Kovač/);
    assert.match(reply.embeds[0]?.title ?? '', /^Quotes: .*rail strike/i);
  });

  test('/timeline lists dated statements in date order, with the timeline as a picture beside them', async () => {
    const reply = await double.sendSlashCommand({ commandName: 'timeline', options: { topic: 'Kelmsford flood' } }).reply();
    const dates = (reply.embeds[0]?.description ?? '').split('\n').map((line) => line.slice(0, 10));
    assert.ok(dates.length >= 2);
    assert.deepEqual([...dates].sort(), dates);
    const [picture, ...others] = reply.attachments;
    assert.equal(others.length, 0);
    assert.equal(picture?.filename, 'timeline.png');
    assert.ok(picture.data.subarray(1, 4).equals(Buffer.from('PNG')), 'a PNG file');
    assert.ok(picture.size > 5_000 && picture.size < 1_000_000, `${picture.size} bytes`);
  });

  test('/events lists current events, most outlets first, with counts', async () => {
    const reply = await double.sendSlashCommand({ commandName: 'events' }).reply();
    const lines = (reply.embeds[0]?.description ?? '').split('\n');
    assert.match(lines[0] ?? '', /^1\\?\. .*rail strike.* — 3 outlets · 4 articles · 2026-11-20 → 2026-11-26 \(event [0-9a-f]{12}\)$/i);
    // The festival's last article is 12 days older than the newest stored one: no longer current.
    assert.ok(lines.every((line) => !/Glimmer festival/.test(line)), lines.join('\n'));
  });

  test('/event shows the first report, outlets, summary, quotes and timeline; an unknown id is a private hint', async () => {
    const choices = await double.sendAutocomplete({ commandName: 'event', options: { id: 'flood' }, focused: 'id', value: 'flood' }).choices();
    const flood = choices[0];
    assert.ok(flood && /^[0-9a-f]{12}$/.test(String(flood.value)));
    const reply = await double.sendSlashCommand({ commandName: 'event', options: { id: String(flood.value) } }).reply();
    const embed = reply.embeds[0];
    assert.match(embed?.description ?? '', /^First reported by Kelmsford Gazette on 2026-11-18\./);
    const fields = new Map((embed?.fields ?? []).map((field) => [field.name, field.value]));
    assert.equal(fields.get('Outlets'), 'Kelmsford Gazette, Northern Wire');
    assert.match(fields.get('Timeline') ?? '', /^2026-11-1\d {2}/);
    assert.ok(fields.has('Sources'));
    assert.deepEqual(reply.attachments.map((attachment) => attachment.filename), ['coverage.png'], 'the coverage chart is attached');
    const unknown = await double.sendSlashCommand({ commandName: 'event', options: { id: 'ffffffffffff' } }).reply();
    assert.equal(unknown.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match(unknown.content, /No event with id/);
  });

  test('/search lists matching articles newest first, as links', async () => {
    const reply = await double.sendSlashCommand({ commandName: 'search', options: { query: 'rail strike' } }).reply();
    const sources = reply.embeds[0]?.fields?.[0]?.value ?? '';
    const dates = [...sources.matchAll(/\((?:[^()]*, )?(\d{4}-\d{2}-\d{2})\)$/gm)].map((m) => m[1] ?? '');
    assert.ok(dates.length >= 2, sources);
    assert.deepEqual([...dates].sort().reverse(), dates);
    assert.match(sources, /\]\(https:\/\//);
  });

  test('/help answers ephemerally', async () => {
    const handle = double.sendSlashCommand({ commandName: 'help' });
    const callback = await handle.callback();
    assert.equal(callback.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match((await handle.reply()).embeds[0]?.description ?? '', /\/summary/);
  });

  test('no match: an immediate, ephemeral, helpful message', async () => {
    const handle = double.sendSlashCommand({ commandName: 'summary', options: { topic: 'quantum hamsters' } });
    const callback = await handle.callback();
    assert.equal(callback.type, InteractionResponseType.ChannelMessageWithSource);
    assert.equal(callback.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    const reply = await handle.reply();
    assert.match(reply.content, /quantum hamsters/);
    assert.match(reply.content, /newsbot ingest/);
  });

  test('DMs see shared articles only, and answers work there', async () => {
    const reply = await double
      .sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' }, channelId: ids.channels.dmAlice })
      .reply();
    await assertVerbatim(reply.embeds[0]?.description);
  });

  test('answers in a thread and in a forum post, where the channel is a thread of a parent', async () => {
    for (const channelId of [ids.channels.newsThread, ids.channels.forumPost]) {
      const handle = double.sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' }, channelId });
      const reply = await handle.reply();
      assert.equal(reply.channelId, channelId);
      await assertVerbatim(reply.embeds[0]?.description);
    }
  });

  test('a topic over the maximum length is refused by Discord (the option has max_length)', () => {
    assert.throws(() => double.sendSlashCommand({ commandName: 'summary', options: { topic: 'x '.repeat(2500) } }));
    double.takeViolations();
  });

  test('autocomplete suggests events (at most 25, names of at most 100 characters) that name the event exactly', async () => {
    const choices = await double.sendAutocomplete({ commandName: 'summary', options: { topic: 'strike' }, focused: 'topic', value: 'strike' }).choices();
    assert.ok(choices.length > 0 && choices.length <= 25);
    for (const choice of choices) assert.ok(choice.name.length <= 100 && String(choice.value).length <= 100);
    assert.equal(new Set(choices.map((c) => c.value)).size, choices.length);
    const strike = choices.find((choice) => / · 3 outlets$/.test(choice.name));
    assert.ok(strike, 'the rail strike event, with its outlet count');
    assert.match(String(strike.value), /^event:[0-9a-f]{12}$/);
    // Picking the suggestion answers about that very event.
    const reply = await double.sendSlashCommand({ commandName: 'summary', options: { topic: String(strike.value) } }).reply();
    assert.equal(reply.embeds[0]?.title, `Summary: ${strike.name.replace(/ · 3 outlets$/, '')}`);
    // Before anything is typed: the current events, most outlets first.
    const empty = await double.sendAutocomplete({ commandName: 'summary', options: { topic: '' }, focused: 'topic', value: '' }).choices();
    assert.ok(empty.length >= 3 && empty.length <= 25, String(empty.length));
    assert.equal(empty[0]?.name, strike.name);
  });

  test('autocomplete answers with no choices when the store fails', async () => {
    fail.search = true;
    const choices = await double.sendAutocomplete({ commandName: 'quotes', options: { topic: 'rail' }, focused: 'topic', value: 'rail' }).choices();
    assert.deepEqual(choices, []);
  });

  test('an unexpected failure before deferring: ephemeral apology with an error id, logged, nothing leaked', async () => {
    fail.search = true;
    const handle = double.sendSlashCommand({ commandName: 'timeline', options: { topic: 'rail strike' } });
    const callback = await handle.callback();
    assert.equal(callback.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    const reply = await handle.reply();
    const match = /error id ([0-9A-F]{8})/.exec(reply.content);
    assert.ok(match, reply.content);
    assert.doesNotMatch(reply.content, /SQLITE|secret|\n\s+at /);
    const logged = logs.lines.find((line) => line['errorId'] === match[1]);
    assert.ok(logged, 'the error is logged with its id');
    assert.equal(logged['command'], 'timeline');
    assert.equal(logged['user'], ids.users.alice);
    assert.match(String(logged['stack']), /SQLITE_BUSY/);
  });

  test('an unexpected failure after deferring still answers with an apology', async () => {
    fail.analysis = true;
    const handle = double.sendSlashCommand({ commandName: 'summary', options: { topic: 'rail strike' } });
    assert.equal((await handle.callback()).type, InteractionResponseType.DeferredChannelMessageWithSource);
    const apology = await handle.followUp();
    assert.match(apology.content, /^Sorry, something went wrong \(error id [0-9A-F]{8}\)/);
    assert.doesNotMatch(apology.content, /SQLITE|secret/);
    assert.equal(apology.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.deepEqual(double.messages(ids.channels.news).filter((m) => m.interaction?.id === handle.id), [], 'no public apology');
  });

  test('mentions and markdown in article text neither ping nor render', async () => {
    const handle = double.sendSlashCommand({ commandName: 'quotes', options: { topic: 'Zorblat council' } });
    const reply = await handle.reply();
    const text = reply.embeds[0]?.description ?? '';
    assert.match(text, /Anna Berg/);
    assert.doesNotMatch(text, /(?<!\u200b)@everyone/);
    assert.doesNotMatch(text, /<@\d/);
    const summary = await double.sendSlashCommand({ commandName: 'summary', options: { topic: 'Zorblat council' } }).reply();
    const body = summary.embeds[0]?.description ?? '';
    assert.doesNotMatch(body, /(?<!\\)\[click here(?<!\\)\]\(/);
    assert.doesNotMatch(body, /(?<!\\)\*\*Jon/);
    const edits = double.rest.requests.filter((r) => r.route === '/webhooks/:appId/:token/messages/:messageId' && r.method === 'PATCH');
    assert.ok(edits.length > 0);
    for (const edit of edits) assert.deepEqual((edit.body as { allowed_mentions?: unknown }).allowed_mentions, { parse: [] });
  });

  test('expensive commands are rate limited per user, with a friendly ephemeral reply', async () => {
    for (let i = 0; i < 5; i += 1) {
      const reply = await double.sendSlashCommand({ commandName: 'search', options: { query: 'flood' }, userId: ids.users.bob }).reply();
      assert.ok(reply.embeds.length > 0);
    }
    const handle = double.sendSlashCommand({ commandName: 'search', options: { query: 'flood' }, userId: ids.users.bob });
    assert.equal((await handle.callback()).flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match((await handle.reply()).content, /please wait/i);
    // Others are unaffected, and the window passes with the injected clock.
    assert.ok((await double.sendSlashCommand({ commandName: 'search', options: { query: 'flood' } }).reply()).embeds.length > 0);
    now += 31_000;
    assert.ok((await double.sendSlashCommand({ commandName: 'search', options: { query: 'flood' }, userId: ids.users.bob }).reply()).embeds.length > 0);
  });

  test('long answers are paged with buttons only the requester can press, which expire after 10 minutes', async () => {
    const handle = double.sendSlashCommand({ commandName: 'search', options: { query: 'Glimmer festival' } });
    const first = await handle.reply();
    assert.match(first.embeds[0]?.footer?.text ?? '', /page 1\/2/);
    assert.match(first.embeds[0]?.fields?.[0]?.value ?? '', /festival\.example\/day-14\)/, 'newest first');
    const row = first.components[0] as { components: { custom_id: string; disabled?: boolean }[] } | undefined;
    const [prev, next] = row?.components ?? [];
    assert.ok(prev && next);
    assert.equal(prev.disabled, true);

    const paged = double.clickButton({ messageId: first.id, customId: next.custom_id, userId: ids.users.alice });
    const second = await paged.reply();
    assert.match(second.embeds[0]?.footer?.text ?? '', /page 2\/2/);
    assert.match(second.embeds[0]?.fields?.[0]?.value ?? '', /^\\\[11\\\]/);

    const intruder = double.clickButton({ messageId: first.id, customId: prev.custom_id, userId: ids.users.bob });
    assert.equal((await intruder.callback()).flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match((await intruder.reply()).content, /^Only alice can page/);
    assert.match(double.message(first.id)?.embeds[0]?.footer?.text ?? '', /page 2\/2/, 'unchanged by bob');

    now += 10 * 60_000 + 1;
    const late = double.clickButton({ messageId: first.id, customId: prev.custom_id, userId: ids.users.alice });
    assert.match((await late.followUp()).content, /expired/);
    assert.deepEqual(double.message(first.id)?.components, []);
  });

  test('one structured log line per interaction, with its latency', () => {
    const lines = logs.lines.filter((line) => line['msg'] === 'interaction');
    assert.ok(lines.length >= 10);
    for (const line of lines) {
      assert.equal(typeof line['latencyMs'], 'number');
      assert.ok(typeof line['outcome'] === 'string');
    }
  });
});

describe('server-side guard (commands not registered, so nothing checks option lengths)', () => {
  test('a 5,000-character topic gets an ephemeral explanation, not an error', async () => {
    const directory = tempDirectory('newsbot-guard-');
    const guardStore = openSqliteStore(join(directory, 'guard.db'));
    const guardDouble = await startDiscordDouble();
    const guardBot = makeBot(guardDouble, { store: guardStore, logger: pino({ level: 'silent' }), clock: () => new Date() });
    try {
      await guardBot.start();
      const handle = guardDouble.sendSlashCommand({ commandName: 'summary', options: { topic: 'x'.repeat(5000) } });
      const callback = await handle.callback();
      assert.equal(callback.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
      assert.match((await handle.reply()).content, /5000 characters long; please use at most 200/);
      guardDouble.assertNoViolations();
    } finally {
      await guardBot.stop();
      await guardDouble.close();
      await guardStore.close();
    }
  });
});

describe('shutdown', () => {
  test('stop() lets an interaction in progress finish, then takes no new ones', async () => {
    const directory = tempDirectory('newsbot-stop-');
    const real = openSqliteStore(join(directory, 'stop.db'));
    await real.saveArticles(analyzed(article({ title: 'Slow news', text: 'Slow news arrived in Kelm today. Nobody was surprised.' })));
    let started!: () => void;
    const searching = new Promise<void>((resolve) => (started = resolve));
    const slow: ArticleStore = {
      ...failingStore(real, { search: false, analysis: false }),
      searchArticles: async (q, o) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return real.searchArticles(q, o);
      },
    };
    const stopDouble = await startDiscordDouble();
    const stopBot = makeBot(stopDouble, { store: slow, logger: pino({ level: 'silent' }), clock: () => new Date() });
    await stopBot.start();
    const handle = stopDouble.sendSlashCommand({ commandName: 'search', options: { query: 'slow news' } });
    await searching;
    await stopBot.stop();
    assert.match((await handle.reply()).embeds[0]?.title ?? '', /^Search: slow news/);
    stopDouble.assertNoViolations();
    await stopDouble.close();
    await real.close();
  });
});
