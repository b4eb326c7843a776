// End to end: /digest and the minute's digest round through the real discord.js client and the Discord double, with
// a real SQLite file and an injectable clock: the right instant in several zones (DST days included), never twice
// (restart mid-post, two processes, lost answers), downtime, a deleted channel, a lost permission, a 429, an outage.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { pino } from 'pino';
import { createBot } from '../../src/discord/bot.ts';
import type { Bot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { createDigestPoster } from '../../src/discord/digest-poster.ts';
import { createPictureRenderer } from '../../src/pictures/renderer.ts';
import { pauseDigestOfDeletedChannel, runDigestRound } from '../../src/digest/run-digests.ts';
import type { DigestRoundReport } from '../../src/digest/run-digests.ts';
import { subscribeDigest } from '../../src/digest/subscriptions.ts';
import type { SubscribeRequest } from '../../src/digest/subscriptions.ts';
import type { DigestSender } from '../../src/digest/sender.ts';
import { groupUngroupedArticles } from '../../src/events/assign.ts';
import { prepareArticle } from '../../src/ingest/prepare.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../../src/nlp/pipeline.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import type { DigestSubscription } from '../../src/store/digest-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { defaultFixture, FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import type { DiscordDouble, StoredMessage } from '../discord-double/index.ts';
import { testBotDeps } from '../helpers/bot-deps.ts';
import { tempDirectory } from '../helpers/temp.ts';

const ids = FIXTURE_IDS;
const logger = pino({ level: 'silent' });

interface Story {
  readonly title: string;
  readonly source: string;
  readonly url: string;
  readonly published: string;
  readonly text: string;
}

/** Invented reports: two outlets on one dam story, one on a bridge, later a third outlet on the dam and a new story. */
const STORIES = {
  damHerald: {
    title: 'Floodgates opened at Sorn dam as the Vessa rises',
    source: 'Varde Herald',
    url: 'https://herald.example/sorn-dam',
    published: '2026-11-26T09:05:00Z',
    text:
      'Engineers opened the floodgates of the Sorn dam on Tuesday after heavy rain raised the Vessa river to its highest level in forty years. ' +
      'About 1,200 residents of Lindal were told to leave their homes before noon. ' +
      '“The dam is holding, but we will not take chances,” said Kari Holm, the head of the Vessa water authority. ' +
      'Schools in Lindal and Brekke stayed closed, and the ferry from Lindal to Brekke was cancelled. ' +
      'The Vessa water authority said water would be released from the Sorn dam for at least three days.',
  },
  damCourier: {
    title: 'Lindal evacuated as Sorn dam releases water',
    source: 'Lund Courier',
    url: 'https://courier.example/lindal-evacuated',
    published: '2026-11-26T09:20:00Z',
    text:
      'About 1,200 people left their homes in Lindal on Tuesday as engineers opened the floodgates of the Sorn dam on the swollen Vessa river. ' +
      'Kari Holm, the head of the Vessa water authority, said the Sorn dam was holding and that the release was a precaution. ' +
      'The Vessa reached its highest level in forty years after a week of heavy rain. ' +
      'Schools in Lindal and Brekke were closed and the Brekke ferry was cancelled. ' +
      'The water authority expects to release water from the Sorn dam for three days, Kari Holm said.',
  },
  bridge: {
    title: 'Kelm bridge closed after cracks are found',
    source: 'Kelm Wire',
    url: 'https://wire.example/kelm-bridge',
    published: '2026-11-26T10:50:00Z',
    text:
      'The old stone bridge in Kelm was closed to traffic on Thursday after inspectors found cracks in two of its arches. ' +
      'Drivers must take a detour of twelve kilometres through Sandvik until repairs are done. ' +
      '“We could not risk the bridge failing under a lorry,” said road engineer Tor Eng. ' +
      'The bridge, built in 1874, carries about 8,000 vehicles a day. ' +
      'The county will decide next week whether to repair the bridge or build a new one beside it.',
  },
  damTidende: {
    title: 'Brekke ferry stays in port as Sorn dam keeps releasing water',
    source: 'Brekke Tidende',
    url: 'https://tidende.example/brekke-ferry',
    published: '2026-11-27T12:00:00Z',
    text:
      'The Brekke ferry stayed in port for a second day on Wednesday as the Sorn dam kept releasing water into the Vessa river. ' +
      'Kari Holm of the Vessa water authority said the floodgates of the Sorn dam would stay open until Friday. ' +
      'Most of the 1,200 residents evacuated from Lindal are staying with relatives or in the Lindal sports hall. ' +
      'Schools in Lindal and Brekke will stay closed for the rest of the week. ' +
      '“The river is falling slowly, and that is what we want,” Kari Holm said of the Vessa.',
  },
  school: {
    title: 'Oster opens its first school built of timber',
    source: 'Oster Post',
    url: 'https://post.example/oster-school',
    published: '2026-11-27T09:45:00Z',
    text:
      'Oster opened its first school built entirely of timber on Wednesday, with 420 pupils moving in after the autumn break. ' +
      'The three-storey building uses wood from forests in the valley and heats itself with solar panels on the roof. ' +
      '“Children learn better in light, quiet rooms, and this school has both,” said headteacher Maja Lunde. ' +
      'The school took two years to build and cost 210 million crowns. ' +
      'The old school on Kirke street will become a music centre for the town.',
  },
} satisfies Record<string, Story>;

/** Stores invented articles as arriving at `at` (their ingest time) and groups them into events. */
async function arrive(target: ArticleStore, at: Date, ...stories: Story[]): Promise<void> {
  const prepared = stories.map((story) => {
    const result = prepareArticle({ title: story.title, text: story.text, url: story.url, source: story.source, published: story.published }, { guildId: null, now: at });
    if (!result.ok) throw new Error(result.detail);
    return { article: result.article, analysis: analyzeArticle(result.article), analysisVersion: ANALYSIS_VERSION };
  });
  await target.saveArticles(prepared);
  await groupUngroupedArticles(target);
}

let double: DiscordDouble;
let bot: Bot;
let store: ArticleStore;
let sender: DigestSender;
let databasePath: string;
let now = new Date('2026-11-26T12:00:00Z');
const clock = () => now;

/** Extra text channels of the guild, for subscriptions of their own. */
const EXTRA_CHANNELS = Array.from({ length: 15 }, (_, index) => `12300000000000009${String(index).padStart(2, '0')}`);

function round(overrides: Partial<Parameters<typeof runDigestRound>[0]> = {}): Promise<DigestRoundReport> {
  return runDigestRound({ store, sender, clock, logger, ...overrides });
}

function botPosts(channelId: string): StoredMessage[] {
  return double.messages(channelId).filter((message) => message.authorId === ids.bot && message.webhookId === null);
}

async function digestReply(subcommand: string, options: Record<string, unknown> = {}): Promise<StoredMessage> {
  const reply = await double.sendSlashCommand({ commandName: 'digest', subcommand, options: options as never, userId: ids.users.olivia }).reply();
  assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral, 'every /digest answer is private');
  return reply;
}

function subscribe(channelId: string, fields: Partial<SubscribeRequest> = {}): Promise<{ subscription: DigestSubscription }> {
  return subscribeDigest(
    store,
    {
      guildId: ids.guild,
      channelId,
      time: '08:00',
      timeZone: 'UTC',
      topics: null,
      size: null,
      pingRoleId: null,
      whenEmpty: 'line',
      chart: null,
      requestedBy: ids.users.olivia,
      ...fields,
    },
    now,
  );
}

describe('daily digests on Discord (double + real discord.js client)', () => {
  before(async () => {
    const fixture = defaultFixture();
    const guild = fixture.guilds[0];
    assert.ok(guild);
    for (const [index, id] of EXTRA_CHANNELS.entries()) guild.channels.push({ id, type: 0, name: `digest-${index}`, position: 20 + index });
    databasePath = join(tempDirectory('newsbot-digest-'), 'digest.db');
    store = openSqliteStore(databasePath);
    double = await startDiscordDouble({ fixture });
    await deployCommands({ token: double.token, clientId: double.applicationId, guildId: null, apiBase: double.restOptions.api, restOptions: { globalRequestsPerSecond: 10_000 } });
    bot = createBot({
      token: double.token,
      apiBase: double.restOptions.api,
      deps: testBotDeps(double.restOptions.api, { store, logger, clock }),
      restOptions: { cdn: double.restOptions.cdn, globalRequestsPerSecond: 10_000 },
      router: { rateLimit: { limit: 1_000, windowMs: 1_000 } },
      // As the composition root wires it.
      onChannelDeleted: (channel) => pauseDigestOfDeletedChannel({ store, sender, clock, logger }, channel),
    });
    await bot.start();
    sender = createDigestPoster(bot.client, { logger, pictures: createPictureRenderer() });
    await arrive(store, new Date('2026-11-26T11:00:00Z'), STORIES.damHerald, STORIES.damCourier, STORIES.bridge);
  });

  afterEach(() => double.assertNoViolations());

  after(async () => {
    await bot?.stop();
    await double?.close();
    await store?.close();
  });

  test('subscribe checks every setting at once, and the channel', async () => {
    const bad = await digestReply('subscribe', { channel: ids.channels.digests, time: '25:00', timezone: 'Mars/Olympus' });
    assert.match(bad.content, /“25:00” is not a time of day/);
    assert.match(bad.content, /“Mars\/Olympus” is not a time zone/);
    const hidden = await digestReply('subscribe', { channel: ids.channels.staff, time: '08:00', timezone: 'UTC' });
    assert.match(hidden.content, new RegExp(`I can’t post in <#${ids.channels.staff}>: I am missing View Channel`));
    assert.deepEqual(await store.digests.listSubscriptions(ids.guild), []);
  });

  test('unsubscribe stops a channel’s digest; a channel without one gets a hint', async () => {
    const channel = EXTRA_CHANNELS[0] as string;
    await digestReply('subscribe', { channel, time: '06:00', timezone: 'UTC' });
    const stopped = await digestReply('unsubscribe', { channel });
    assert.equal(stopped.content, `Stopped the daily digest in <#${channel}>.`);
    assert.equal(await store.digests.subscriptionForChannel(ids.guild, channel), null);
    const none = await digestReply('unsubscribe', { channel });
    assert.match(none.content, new RegExp(`<#${channel}> has no daily digest\\. \`/digest status\` lists this server’s digests\\.`));
  });

  test('/digest is for Manage Server: others are refused at run time', async () => {
    assert.throws(() => double.sendSlashCommand({ commandName: 'digest', subcommand: 'status', userId: ids.users.alice }), /would not show \/digest/);
  });

  test('the timezone option autocompletes from the zones Node knows', async () => {
    const choices = await double.sendAutocomplete({ commandName: 'digest', subcommand: 'subscribe', focused: 'timezone', value: 'paris', userId: ids.users.olivia }).choices();
    assert.equal(choices[0]?.value, 'Europe/Paris');
    const york = await double.sendAutocomplete({ commandName: 'digest', subcommand: 'subscribe', focused: 'timezone', value: 'new york', userId: ids.users.olivia }).choices();
    assert.ok(york.some((choice) => choice.value === 'America/New_York'));
    const empty = await double.sendAutocomplete({ commandName: 'digest', subcommand: 'subscribe', focused: 'timezone', value: '', userId: ids.users.olivia }).choices();
    assert.ok(empty.length > 5 && empty.length <= 25);
  });

  test('subscribe, then status and preview tell what will happen', async () => {
    const reply = await digestReply('subscribe', {
      channel: ids.channels.digests,
      time: '08:00',
      timezone: 'europe/paris',
      size: 3,
      ping: ids.roles.editors,
    });
    assert.match(reply.content, new RegExp(`^Subscribed <#${ids.channels.digests}>: every day at 08:00 \\(Europe/Paris\\)`));
    assert.match(reply.content, /The next one: Friday 27 November, 08:00/);
    // The double's roles are not mentionable and the bot may not mention every role: the ping would notify no one.
    assert.match(reply.content, /⚠️ @Editors is not mentionable and I may not mention every role/);
    const again = await digestReply('subscribe', { channel: ids.channels.digests, time: '08:00', timezone: 'Europe/Paris', size: 3, ping: ids.roles.editors });
    assert.match(again.content, /^Updated the digest of/);
    assert.equal((await store.digests.listSubscriptions(ids.guild)).length, 1, 'one digest per channel');

    const status = await digestReply('status');
    const description = status.embeds[0]?.description ?? '';
    assert.match(description, /Next: Friday 27 November, 08:00 \(Europe\/Paris\)/);
    assert.match(description, /Last: none yet/);

    const preview = await digestReply('preview', { channel: ids.channels.digests });
    assert.match(preview.content, /Preview of .*nothing is posted, no one is pinged/);
    assert.doesNotMatch(preview.content, /<@&/, 'a preview pings no one');
    const titles = preview.embeds.map((embed) => embed.title ?? '');
    assert.equal(titles.length, 2, titles.join(' | '));
    assert.match(titles[0] ?? '', /Sorn dam|Lindal/, 'the story two outlets told comes first');
    assert.equal(botPosts(ids.channels.digests).length, 0, 'a preview posts nothing');
  });

  test('the digest goes out at 08:00 in its zone, once, with the role pinged and a nonce Discord enforces', async () => {
    now = new Date('2026-11-27T06:59:30Z'); // 07:59:30 in Paris
    assert.equal((await round()).due, 0);
    assert.equal(botPosts(ids.channels.digests).length, 0);
    now = new Date('2026-11-27T07:00:05Z');
    const report = await round();
    assert.equal(report.outcomes.posted, 1, JSON.stringify(report));
    const [message, ...others] = botPosts(ids.channels.digests);
    assert.ok(message);
    assert.equal(others.length, 0);
    assert.match(message.content, new RegExp(`^<@&${ids.roles.editors}> 📰 \\*\\*Daily digest · Friday 27 November 2026\\*\\*`));
    assert.match(message.content, /Since Thursday 26 November, 08:00 \(Europe\/Paris\)/);
    assert.equal(message.embeds.length, 2);
    assert.match(message.embeds[0]?.title ?? '', /^🆕 /);
    assert.match(message.embeds[0]?.description ?? '', /Read: \[(Varde Herald|Lund Courier)\]\(https:\/\/(herald|courier)\.example/);
    assert.match(message.embeds[0]?.description ?? '', /> “.*” — Kari Holm/);
    assert.ok(message.enforceNonce && typeof message.nonce === 'string' && message.nonce.length <= 25);
    const posted = double.requestsTo('/channels/:channelId/messages', 'POST').at(-1);
    assert.deepEqual((posted?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions, { parse: [], roles: [ids.roles.editors] });

    now = new Date('2026-11-27T07:01:05Z');
    await round();
    now = new Date('2026-11-27T15:00:05Z');
    await round();
    assert.equal(botPosts(ids.channels.digests).length, 1, 'never twice the same day');
    const status = await digestReply('status');
    assert.match(status.embeds[0]?.description ?? '', /Last \(2026-11-27\): posted 2 events in 1 message/);
    assert.match(status.embeds[0]?.description ?? '', /Next: Saturday 28 November, 08:00/);
  });

  test('the next digest has only what is new: a new story, and an update saying what changed', async () => {
    await arrive(store, new Date('2026-11-27T13:00:00Z'), STORIES.damTidende, STORIES.school);
    now = new Date('2026-11-28T07:00:05Z');
    await round();
    const message = botPosts(ids.channels.digests).at(-1);
    assert.ok(message && message.content.includes('Saturday 28 November 2026'));
    const titles = message.embeds.map((embed) => embed.title ?? '');
    assert.equal(titles.length, 2, titles.join(' | '));
    const dam = message.embeds.find((embed) => embed.title?.startsWith('🔄 '));
    assert.ok(dam, 'the dam story is an update');
    assert.match(dam.description ?? '', /\*\*Updated:\*\* 1 new article, from Brekke Tidende/);
    assert.match(dam.footer?.text ?? '', /^3 outlets/);
    assert.ok(message.embeds.some((embed) => /^🆕 Oster opens/.test(embed.title ?? '')));
    assert.ok(!titles.some((title) => /Kelm bridge/.test(title)), 'a story without news is left out');
  });

  test('chart: yes attaches the top event’s coverage chart to the digest', async () => {
    const channel = EXTRA_CHANNELS[12] as string;
    now = new Date('2026-11-28T08:30:00Z');
    await subscribe(channel, { time: '09:00', chart: true });
    now = new Date('2026-11-28T09:00:05Z');
    await round();
    const [message, ...others] = botPosts(channel);
    assert.ok(message && others.length === 0);
    assert.ok(message.embeds.length > 0);
    assert.deepEqual(message.attachments.map((attachment) => attachment.filename), ['coverage.png']);
    assert.ok(message.attachments[0]?.data.subarray(1, 4).equals(Buffer.from('PNG')));
  });

  test('without Attach Files a chart digest still goes out, without its chart', async () => {
    const channel = EXTRA_CHANNELS[13] as string;
    double.denyPermission(channel, PermissionFlagsBits.AttachFiles);
    now = new Date('2026-11-28T08:30:00Z');
    await subscribe(channel, { time: '09:00', chart: true });
    now = new Date('2026-11-28T09:00:05Z');
    const report = await round();
    const [message] = botPosts(channel);
    assert.ok(message && message.embeds.length > 0, JSON.stringify({ report, ledger: await store.digests.deliveriesSince('2026-11-28') }));
    assert.deepEqual(message.attachments, []);
    assert.equal((await store.digests.subscriptionForChannel(ids.guild, channel))?.pausedReason, null, 'not paused');
  });

  test('when nothing is new: a short line, or silence when asked', async () => {
    const [loud, quiet] = [EXTRA_CHANNELS[0] as string, EXTRA_CHANNELS[1] as string];
    now = new Date('2026-11-28T09:00:00Z');
    await subscribe(loud, { time: '10:00' });
    await subscribe(quiet, { time: '10:00', whenEmpty: 'silent' });
    // Each first digest covers the day before it; make that day empty by starting the window after every article.
    now = new Date('2026-11-29T10:00:05Z');
    const report = await round();
    assert.ok(report.outcomes.empty >= 1, JSON.stringify(report));
    assert.match(botPosts(loud)[0]?.content ?? '', /No new events since the last digest\./);
    assert.equal(botPosts(loud)[0]?.embeds.length, 0);
    assert.equal(botPosts(quiet).length, 0);
    const status = await digestReply('status');
    assert.match(status.embeds[0]?.description ?? '', /nothing new; stayed silent/);
  });

  test('daylight saving: a time that does not exist fires at the end of the gap, one that happens twice fires once', async () => {
    const [spring, fall] = [EXTRA_CHANNELS[2] as string, EXTRA_CHANNELS[3] as string];
    now = new Date('2027-03-13T12:00:00Z');
    await subscribe(spring, { time: '02:30', timeZone: 'America/New_York' });
    now = new Date('2027-03-14T06:59:05Z'); // 01:59 EST
    await round();
    assert.equal(botPosts(spring).length, 0);
    now = new Date('2027-03-14T07:00:05Z'); // 03:00 EDT: the clocks jumped from 02:00 to 03:00
    await round();
    assert.equal(botPosts(spring).length, 1);
    assert.match(botPosts(spring)[0]?.content ?? '', /Sunday 14 March 2027/);

    now = new Date('2027-11-06T12:00:00Z');
    await subscribe(fall, { time: '01:30', timeZone: 'America/New_York' });
    now = new Date('2027-11-07T05:30:05Z'); // 01:30 EDT, the first time
    await round();
    now = new Date('2027-11-07T06:30:05Z'); // 01:30 EST, the second time
    await round();
    assert.equal(botPosts(fall).length, 1);
    assert.equal(double.messages(fall).length, 1);
  });

  test('a restart in the middle of a post: what the crashed run sent is found, not posted again', async () => {
    const channel = EXTRA_CHANNELS[4] as string;
    now = new Date('2027-12-01T12:00:00Z');
    const { subscription } = await subscribe(channel, { time: '08:00' });
    // A run claims the digest and sends it, then dies before recording the message (the process was killed).
    now = new Date('2027-12-02T08:00:05Z');
    const scheduledAt = Date.parse('2027-12-02T08:00:00Z');
    const claim = await store.digests.claim({ subscriptionId: subscription.id, localDate: '2027-12-02', scheduledAt, token: 'crashed-run', now: now.getTime(), leaseMs: 600_000 });
    assert.ok(claim);
    const crashed = await bot.client.channels.fetch(channel);
    assert.ok(crashed?.isSendable());
    await crashed.send({ content: '📰 **Daily digest · Thursday 2 December 2027**\nNo new events since the last digest.', allowedMentions: { parse: [] } });

    now = new Date('2027-12-02T08:05:05Z');
    await round();
    assert.equal((await store.digests.latestDeliveries(ids.guild)).get(subscription.id)?.status, 'claimed', 'the claim is still held by the crashed run');
    now = new Date('2027-12-02T08:10:05Z');
    await round();
    assert.equal(botPosts(channel).length, 1, 'the restarted run found the message and posted nothing');
    const delivered = (await store.digests.latestDeliveries(ids.guild)).get(subscription.id);
    assert.equal(delivered?.status, 'posted');
    assert.deepEqual(delivered?.messageIds, [botPosts(channel)[0]?.id]);
  });

  test('a crash before anything was sent: posted once when the claim expires', async () => {
    const channel = EXTRA_CHANNELS[5] as string;
    now = new Date('2027-12-01T12:00:00Z');
    const { subscription } = await subscribe(channel, { time: '08:00' });
    now = new Date('2027-12-02T08:00:05Z');
    await store.digests.claim({ subscriptionId: subscription.id, localDate: '2027-12-02', scheduledAt: Date.parse('2027-12-02T08:00:00Z'), token: 'crashed-run', now: now.getTime(), leaseMs: 600_000 });
    now = new Date('2027-12-02T08:11:00Z');
    await round();
    assert.equal(botPosts(channel).length, 1);
  });

  test('two bot processes on one database post a digest once', async () => {
    const channel = EXTRA_CHANNELS[6] as string;
    now = new Date('2027-12-05T12:00:00Z');
    await subscribe(channel, { time: '08:00' });
    now = new Date('2027-12-06T08:00:05Z');
    const second = openSqliteStore(databasePath);
    try {
      const postedBefore = botPosts(channel).length;
      await Promise.all([round(), round({ store: second }), round({ store: second })]);
      assert.equal(postedBefore, 0);
    } finally {
      await second.close();
    }
    assert.equal(botPosts(channel).length, 1);
  });

  test('after downtime: posted once later the same day; skipped and shown when the day is over', async () => {
    const [sameDay, nextDay] = [EXTRA_CHANNELS[7] as string, EXTRA_CHANNELS[8] as string];
    now = new Date('2027-12-10T06:00:00Z');
    await subscribe(sameDay, { time: '08:00' });
    await subscribe(nextDay, { time: '08:00', timeZone: 'Asia/Tokyo' });
    // Down from 06:00 until 14:00 UTC: 08:00 UTC has passed (same day: post now); in Tokyo it is 23:00, same day too.
    now = new Date('2027-12-10T14:00:05Z');
    const first = await round();
    assert.equal(botPosts(sameDay).length, 1, JSON.stringify(first));
    assert.equal(botPosts(nextDay).length, 0, 'in Tokyo 08:00 had passed when it was set up: it starts tomorrow');
    // Down again for more than a day: 11 December's digests are missed, 12 December's go out.
    now = new Date('2027-12-12T09:00:05Z');
    const report = await round();
    assert.ok(report.missed >= 2, JSON.stringify(report));
    assert.equal(botPosts(sameDay).length, 2);
    assert.equal(botPosts(nextDay).length, 1);
    assert.ok(botPosts(sameDay).every((message) => !message.content.includes('11 December')));
    const deliveries = await store.digests.deliveriesSince('2027-12-11');
    assert.ok(deliveries.some((row) => row.localDate === '2027-12-11' && row.status === 'missed'));
  });

  test('a deleted channel pauses its digest and the server is told elsewhere; nothing more is tried', async () => {
    const channel = EXTRA_CHANNELS[9] as string;
    now = new Date('2027-12-14T12:00:00Z');
    const { subscription } = await subscribe(channel, { time: '08:00' });
    // Deleted while the bot was offline: Discord's CHANNEL_DELETE never reached it, the check before posting finds out.
    double.deleteChannel(channel, { notify: false });
    now = new Date('2027-12-15T08:00:05Z');
    const report = await round();
    assert.equal(report.outcomes.failed, 1);
    const paused = await store.digests.getSubscription(subscription.id);
    assert.equal(paused?.pausedReason, 'its channel was deleted');
    const notice = double.messages(ids.channels.news).filter((message) => message.authorId === ids.bot && message.content.startsWith('Paused the daily digest'));
    assert.equal(notice.length, 1);
    assert.match(notice[0]?.content ?? '', new RegExp(`\\(for <#${channel}>\\): its channel was deleted`));
    now = new Date('2027-12-16T08:00:05Z');
    await round();
    assert.equal(double.messages(ids.channels.news).filter((message) => message.content.startsWith('Paused the daily digest')).length, 1, 'told once');
    const status = await digestReply('status');
    assert.match(status.embeds[0]?.description ?? '', /⏸ Paused: its channel was deleted/);
  });

  test('a channel deleted while the bot runs: its digest is paused and the server told at once', async () => {
    const channel = EXTRA_CHANNELS[14] as string;
    now = new Date('2027-12-14T12:00:00Z');
    const { subscription } = await subscribe(channel, { time: '08:00' });
    const notices = () => double.messages(ids.channels.news).filter((message) => message.authorId === ids.bot && message.content.includes(`(for <#${channel}>)`));
    double.deleteChannel(channel);
    await double.waitForMessage(ids.channels.news, (message) => message.content.includes(`(for <#${channel}>)`));
    assert.equal((await store.digests.getSubscription(subscription.id))?.pausedReason, 'its channel was deleted');
    now = new Date('2027-12-15T08:00:05Z');
    await round();
    assert.equal(notices().length, 1, 'told once');
  });

  test('a lost permission pauses the digest, and subscribing again resumes it', async () => {
    const channel = EXTRA_CHANNELS[10] as string;
    now = new Date('2027-12-14T12:00:00Z');
    const { subscription } = await subscribe(channel, { time: '08:00' });
    double.denyPermission(channel);
    now = new Date('2027-12-15T08:00:05Z');
    await round();
    // Whichever comes first: the gateway's channel update (the check before posting) or Discord's 403 on the post.
    assert.match((await store.digests.getSubscription(subscription.id))?.pausedReason ?? '', /missing permissions in its channel: Send Messages|no longer allowed to post in its channel/);
    double.restorePermission(channel);
    now = new Date('2027-12-15T09:00:00Z');
    await digestReply('subscribe', { channel, time: '08:00', timezone: 'UTC' });
    assert.equal((await store.digests.getSubscription(subscription.id))?.pausedReason, null);
    now = new Date('2027-12-16T08:00:05Z');
    await round();
    assert.equal(botPosts(channel).length, 1);
  });

  test('a 429 is waited out; an outage is retried later; a lost answer is not posted twice', async () => {
    const channel = EXTRA_CHANNELS[11] as string;
    now = new Date('2027-12-20T12:00:00Z');
    const { subscription } = await subscribe(channel, { time: '08:00' });
    double.rateLimitNext(channel, 1);
    now = new Date('2027-12-21T08:00:05Z');
    await round();
    assert.equal(botPosts(channel).length, 1);
    assert.ok(double.rest.rateLimitAnswers.length > 0, 'the 429 was answered');

    // discord.js retries a 5xx three times by itself; a fourth failure is an outage: the digest waits for a retry.
    double.failNext(4, { status: 503, target: { method: 'POST', route: '/channels/:channelId/messages', channelId: channel } });
    now = new Date('2027-12-22T08:00:05Z');
    await round();
    assert.equal(botPosts(channel).length, 1);
    const waiting = (await store.digests.latestDeliveries(ids.guild)).get(subscription.id);
    assert.equal(waiting?.status, 'retry');
    assert.match(waiting?.detail ?? '', /Discord was unavailable \(HTTP 503\)/);
    now = new Date('2027-12-22T08:00:50Z');
    await round();
    assert.equal(botPosts(channel).length, 1, 'not before the back-off');
    now = new Date('2027-12-22T08:01:10Z');
    await round();
    assert.equal(botPosts(channel).length, 2);

    // The message is created but its answer is lost: discord.js sends it again with the same nonce.
    double.failNext(1, { status: 502, afterCommit: true, target: { method: 'POST', route: '/channels/:channelId/messages', channelId: channel } });
    now = new Date('2027-12-23T08:00:05Z');
    await round();
    assert.equal(botPosts(channel).length, 3, 'one message for the day, not two');
  });
});

describe('1,000 digests due in the same minute', () => {
  test('all posted, none twice, with Discord’s per-channel limits', async () => {
    const fixture = defaultFixture();
    const guild = fixture.guilds[0];
    assert.ok(guild);
    const channels = Array.from({ length: 1_000 }, (_, index) => `1240000000000${String(index).padStart(6, '0')}`);
    for (const [index, id] of channels.entries()) guild.channels.push({ id, type: 0, name: `d-${index}`, position: 100 + index });
    const manyStore = openSqliteStore(join(tempDirectory('newsbot-digests-1000-'), 'digests.db'));
    const manyDouble = await startDiscordDouble({ fixture, channelRateLimit: { limit: 5, windowMs: 5_000 } });
    let manyNow = new Date('2026-11-26T12:00:00Z');
    const manyBot = createBot({
      token: manyDouble.token,
      apiBase: manyDouble.restOptions.api,
      deps: testBotDeps(manyDouble.restOptions.api, { store: manyStore, logger, clock: () => manyNow }),
      restOptions: { cdn: manyDouble.restOptions.cdn, globalRequestsPerSecond: 10_000 },
    });
    try {
      await manyBot.start();
      await arrive(manyStore, new Date('2026-11-26T11:00:00Z'), STORIES.damHerald, STORIES.damCourier, STORIES.bridge);
      for (const [index, channelId] of channels.entries()) {
        // Straight into the store: the per-server cap of /digest is for people, and these are all in one server.
        await manyStore.digests.saveSubscription(
          {
            guildId: ids.guild,
            channelId,
            minutes: 8 * 60,
            timeZone: index % 2 === 0 ? 'UTC' : 'Europe/London',
            topics: null,
            size: 5,
            pingRoleId: null,
            whenEmpty: 'line',
            chart: false,
            createdBy: ids.users.olivia,
          },
          manyNow.getTime(),
        );
      }
      manyNow = new Date('2026-11-27T08:00:05Z');
      const manySender = createDigestPoster(manyBot.client, { logger, pictures: createPictureRenderer() });
      const report = await runDigestRound({ store: manyStore, sender: manySender, clock: () => manyNow, logger });
      await runDigestRound({ store: manyStore, sender: manySender, clock: () => manyNow, logger });
      assert.equal(report.outcomes.posted, 1_000, JSON.stringify(report));
      for (const channelId of channels) assert.equal(manyDouble.messages(channelId).length, 1, `channel ${channelId}`);
      manyDouble.assertNoViolations();
    } finally {
      await manyBot.stop();
      await manyDouble.close();
      await manyStore.close();
    }
  });
});
