// End to end: /feeds and the event poster through the real discord.js client and the Discord double, with a real
// SQLite store and invented RSS feeds of two outlets about one invented story, served on 127.0.0.1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { MessageFlags, REST, Routes } from 'discord.js';
import { pino } from 'pino';
import * as feedsCommand from '../../commands/feeds.ts';
import { createBot } from '../../src/discord/bot.ts';
import type { Bot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { createEventPoster } from '../../src/discord/event-poster.ts';
import { pollDueFeeds } from '../../src/feeds/poller.ts';
import type { FeedPollerDeps } from '../../src/feeds/poller.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import type { Feed } from '../../src/store/feed-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import type { DiscordDouble, StoredMessage } from '../discord-double/index.ts';
import { testBotDeps } from '../helpers/bot-deps.ts';
import { tempDirectory } from '../helpers/temp.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';

const ids = FIXTURE_IDS;
const POSTS_PER_HOUR = 2;
const MINUTE = 60_000;

interface Item {
  readonly title: string;
  readonly slug: string;
  readonly published: string;
  readonly text: string;
}

/** Invented stories; each text is long enough (≥ 600 characters) to be stored as the article itself. */
const STORY = {
  heraldDam: {
    title: 'Floodgates opened at Sorn dam as the Vessa rises',
    slug: 'sorn-dam',
    published: '2026-11-27T09:05:00Z',
    text:
      'Engineers opened the floodgates of the Sorn dam on Tuesday after heavy rain raised the Vessa river to its highest level in forty years. ' +
      'About 1,200 residents of Lindal were told to leave their homes before noon. ' +
      '“The dam is holding, but we will not take chances,” said Kari Holm, the head of the Vessa water authority. ' +
      'Schools in Lindal and Brekke stayed closed, and the ferry from Lindal to Brekke was cancelled. ' +
      'The Vessa water authority said water would be released from the Sorn dam for at least three days. ' +
      'Volunteers filled sandbags along the riverbank in Lindal through the night, and the Lindal sports hall opened as a shelter.',
  },
  courierDam: {
    title: 'Lindal evacuated as Sorn dam releases water',
    slug: 'lindal-evacuated',
    published: '2026-11-27T09:20:00Z',
    text:
      'About 1,200 people left their homes in Lindal on Tuesday as engineers opened the floodgates of the Sorn dam on the swollen Vessa river. ' +
      'Kari Holm, the head of the Vessa water authority, said the Sorn dam was holding and that the release was a precaution. ' +
      'The Vessa reached its highest level in forty years after a week of heavy rain. ' +
      'Schools in Lindal and Brekke were closed and the Brekke ferry was cancelled. ' +
      'Volunteers worked through the night filling sandbags on the riverbank in Lindal. ' +
      'The water authority expects to release water from the Sorn dam for three days, Kari Holm said.',
  },
  heraldBacklog: {
    title: 'Varde library reopens after renovation',
    slug: 'varde-library',
    published: '2026-11-26T08:00:00Z',
    text:
      'The Varde public library reopened on Monday after eighteen months of renovation. ' +
      'The building on Torg street now has a children’s floor, a café and a room for the town’s archive. ' +
      '“People asked for a place to sit and read, and now they have it,” said librarian Sofie Aas. ' +
      'The renovation cost 40 million crowns, shared between the town and the county. ' +
      'About 600 visitors came on the first day, many of them families with young children. ' +
      'The library is open every day except Sunday, from nine in the morning until eight in the evening.',
  },
  courierBacklog: {
    title: 'Lund harbour gets a new crane',
    slug: 'lund-crane',
    published: '2026-11-26T10:00:00Z',
    text:
      'A new container crane arrived at Lund harbour on Monday on a barge from the shipyard in Molde. ' +
      'The crane is fifty metres tall and can lift forty tonnes, twice as much as the old one. ' +
      '“It will let us take the larger ships that now pass us by,” said harbour master Lars Vik. ' +
      'The crane will be tested for two weeks before it starts working in December. ' +
      'The harbour board paid 90 million crowns for it, with a loan from the regional bank. ' +
      'The old crane, built in 1979, will be taken apart and sold for scrap in the spring.',
  },
  heraldStrike: {
    title: 'Tarn rail workers walk out over pay',
    slug: 'tarn-strike',
    published: '2026-11-27T09:40:00Z',
    text:
      'Rail workers in Tarn stopped work on Wednesday morning after pay talks with the Tarn railway company broke down. ' +
      'No trains ran between Tarn and Oster, and about 30,000 commuters had to find other ways to work. ' +
      '“We asked for what inflation took from us, nothing more,” said union leader Nils Berg. ' +
      'The railway company said its offer of four percent was fair and that it was ready to talk again. ' +
      'Buses replaced some trains, but queues at the Tarn bus station were long all morning. ' +
      'The strike is planned to last two days unless the two sides reach an agreement before then.',
  },
  heraldSchool: {
    title: 'Oster opens its first school built of timber',
    slug: 'oster-school',
    published: '2026-11-27T09:45:00Z',
    text:
      'Oster opened its first school built entirely of timber on Wednesday, with 420 pupils moving in after the autumn break. ' +
      'The three-storey building uses wood from forests in the valley and heats itself with solar panels on the roof. ' +
      '“Children learn better in light, quiet rooms, and this school has both,” said headteacher Maja Lunde. ' +
      'The school took two years to build and cost 210 million crowns. ' +
      'Architects from across the country have asked to visit the building in the coming months. ' +
      'The old school on Kirke street will become a music centre for the town.',
  },
  wireBacklog: {
    title: 'Kelm council approves a new cycle path',
    slug: 'kelm-cycle-path',
    published: '2026-11-26T12:00:00Z',
    text:
      'The Kelm council approved a new cycle path along the coast road on Monday evening by 15 votes to 6. ' +
      'The path will run for eleven kilometres from the centre of Kelm to the beach at Sandvik. ' +
      '“This is the road where most of our cyclists were hurt in the last five years,” said councillor Eva Rud. ' +
      'Work will start in April and should be finished before the summer holidays of next year. ' +
      'The path will cost 35 million crowns, most of it paid by the national roads agency. ' +
      'Residents along the coast road will lose some parking places, which several of them opposed.',
  },
  wireBridge: {
    title: 'Kelm bridge closed after cracks are found',
    slug: 'kelm-bridge',
    published: '2026-11-27T09:50:00Z',
    text:
      'The old stone bridge in Kelm was closed to traffic on Thursday after inspectors found cracks in two of its arches. ' +
      'Drivers must take a detour of twelve kilometres through Sandvik until repairs are done. ' +
      '“We could not risk the bridge failing under a lorry,” said road engineer Tor Eng. ' +
      'The bridge, built in 1874, carries about 8,000 vehicles a day. ' +
      'Pedestrians may still cross on the footpath, which the inspectors said was safe. ' +
      'The county will decide next week whether to repair the bridge or build a new one beside it.',
  },
  thirdDam: {
    title: 'Brekke ferry stays in port as Sorn dam keeps releasing water',
    slug: 'brekke-ferry',
    published: '2026-11-27T12:00:00Z',
    text:
      'The Brekke ferry stayed in port for a second day on Wednesday as the Sorn dam kept releasing water into the Vessa river. ' +
      'Kari Holm of the Vessa water authority said the floodgates of the Sorn dam would stay open until Friday. ' +
      'Most of the 1,200 residents evacuated from Lindal are staying with relatives or in the Lindal sports hall. ' +
      'Schools in Lindal and Brekke will stay closed for the rest of the week. ' +
      '“The river is falling slowly, and that is what we want,” Kari Holm said of the Vessa. ' +
      'Volunteers are still filling sandbags on the riverbank in Lindal.',
  },
  gazetteBacklog: {
    title: 'Molde shipyard hires two hundred workers',
    slug: 'molde-shipyard',
    published: '2026-11-26T07:00:00Z',
    text:
      'The Molde shipyard will hire two hundred workers next year after winning an order for four ferries. ' +
      'The ferries will run on batteries and sail between the islands of the northern coast. ' +
      '“This order keeps the yard busy until 2030,” said the yard’s director Hanne Strand. ' +
      'The first ferry should be delivered in the autumn of next year, the last two years later. ' +
      'The yard will train some of the new workers itself, with courses starting in January. ' +
      'Molde’s mayor called the order the best news for the town in a decade.',
  },
} satisfies Record<string, Item>;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function rss(origin: string, outlet: string, path: string, items: readonly Item[]): string {
  const entries = items
    .map(
      (item) => `<item><title>${escapeXml(item.title)}</title><link>${origin}/${path}/${item.slug}</link><guid>${origin}/${path}/${item.slug}</guid>` +
        `<pubDate>${new Date(item.published).toUTCString()}</pubDate><description>${escapeXml(item.text)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(outlet)}</title><link>${origin}/${path}/</link>` +
    `<description>News from ${escapeXml(outlet)}</description>\n${entries}\n</channel></rss>`;
}

let double: DiscordDouble;
let bot: Bot;
let store: ArticleStore;
let server: LocalServer;
let now = new Date('2026-11-27T09:00:00Z');
const clock = () => now;
/** What each invented feed lists now, newest first. */
const feedItems: Record<string, Item[]> = {
  herald: [STORY.heraldBacklog],
  courier: [STORY.courierBacklog],
  wire: [STORY.wireBacklog],
  gazette: [STORY.gazetteBacklog],
  third: [],
};
const OUTLETS: Record<string, string> = { herald: 'Varde Herald', courier: 'Lund Courier', wire: 'Kelm Wire', gazette: 'Molde Gazette', third: 'Brekke Tidende' };
let pollerDeps: FeedPollerDeps;

function url(name: string): string {
  return `${server.origin}/${name}.xml`;
}

function text(message: StoredMessage): string {
  return [message.content, ...message.embeds.map((embed) => [embed.title, embed.description, embed.footer?.text].join('\n'))].join('\n');
}

/** Messages the bot posted in a channel itself (not interaction answers). */
function botPosts(channelId: string): StoredMessage[] {
  return double.messages(channelId).filter((message) => message.authorId === ids.bot && message.webhookId === null);
}

async function feedsCommandReply(subcommand: string, options: Record<string, unknown> = {}, userId: string = ids.users.olivia): Promise<StoredMessage> {
  const reply = await double.sendSlashCommand({ commandName: 'feeds', subcommand, options: options as never, userId }).reply();
  assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral, 'every /feeds answer is private');
  return reply;
}

async function pollAfter(minutes: number) {
  now = new Date(now.getTime() + minutes * MINUTE);
  return pollDueFeeds(pollerDeps);
}

async function feedByName(name: string): Promise<Feed> {
  const feed = (await store.feeds.listFeeds(ids.guild)).find((candidate) => candidate.url === url(name));
  assert.ok(feed, `feed ${name} is followed`);
  return feed;
}

describe('/feeds and event posts on Discord (double + real discord.js client)', () => {
  before(async () => {
    server = await startServer();
    for (const name of Object.keys(feedItems)) {
      server.route(`/${name}.xml`, (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(rss(server.origin, OUTLETS[name] ?? name, name, feedItems[name] ?? []));
      });
    }
    server.route('/page.html', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><html><head><title>Varde Herald</title></head><body><p>Welcome</p></body></html>');
    });
    store = openSqliteStore(join(tempDirectory('newsbot-feeds-'), 'feeds.db'));
    double = await startDiscordDouble();
    await deployCommands({ token: double.token, clientId: double.applicationId, guildId: null, apiBase: double.restOptions.api, restOptions: { globalRequestsPerSecond: 10_000 } });
    const logger = pino({ level: 'silent' });
    const deps = testBotDeps(double.restOptions.api, { store, logger, clock });
    bot = createBot({
      token: double.token,
      apiBase: double.restOptions.api,
      deps,
      restOptions: { cdn: double.restOptions.cdn, globalRequestsPerSecond: 10_000 },
      router: { rateLimit: { limit: 1_000, windowMs: 1_000 } },
    });
    await bot.start();
    const publisher = createEventPoster(bot.client, { store, clock, logger, postsPerChannelPerHour: POSTS_PER_HOUR });
    pollerDeps = { store, fetchPage: deps.fetchPage, clock, limits: { maxArticleBytes: 200_000 }, publisher, logger };
  });

  afterEach(() => double.assertNoViolations());

  after(async () => {
    await bot?.stop();
    await double?.close();
    await store?.close();
    await server?.close();
  });

  test('/feeds is for Manage Server: hidden by default, and refused at run time when a server lets others see it', async () => {
    assert.throws(
      () => double.sendSlashCommand({ commandName: 'feeds', subcommand: 'list', userId: ids.users.alice }),
      /would not show \/feeds/,
      'Discord hides it from members without Manage Server',
    );
    // A server admin can open a command to everyone in its Integrations settings: modelled as a guild override.
    const open = { ...feedsCommand.data.toJSON(), default_member_permissions: null };
    await new REST({ api: double.restOptions.api }).setToken(double.token).put(Routes.applicationGuildCommands(double.applicationId, ids.guild), { body: [open] });
    const reply = await feedsCommandReply('add', { url: url('herald'), channel: ids.channels.news }, ids.users.alice);
    assert.match(reply.content, /Manage Server permission/);
    assert.equal((await store.feeds.listFeeds(ids.guild)).length, 0);
  });

  test('add refuses a web page that is not a feed, and a channel the bot cannot post in', async () => {
    const page = await feedsCommandReply('add', { url: `${server.origin}/page.html`, channel: ids.channels.news });
    assert.match(page.content, /web page, not a feed/);
    const hidden = await feedsCommandReply('add', { url: url('herald'), channel: ids.channels.staff });
    assert.match(hidden.content, new RegExp(`I can’t .*<#${ids.channels.staff}>.*View Channel`));
    assert.equal((await store.feeds.listFeeds(ids.guild)).length, 0);
  });

  test('add follows feeds; the first poll stores their items silently', async () => {
    const herald = await feedsCommandReply('add', { url: url('herald'), channel: ids.channels.news });
    assert.match(herald.content, new RegExp(`^Following Varde Herald .*<#${ids.channels.news}>`));
    assert.match((await feedsCommandReply('add', { url: url('courier'), channel: ids.channels.news })).content, /^Following Lund Courier/);
    assert.match((await feedsCommandReply('add', { url: url('wire'), channel: ids.channels.digests })).content, /^Following Kelm Wire/);
    const again = await feedsCommandReply('add', { url: url('herald'), channel: ids.channels.digests });
    assert.match(again.content, /already followed/);

    const reports = await pollDueFeeds(pollerDeps);
    assert.equal(reports.length, 3);
    assert.ok(reports.every((report) => report.status === 'ok' && report.added === 1 && report.posted === 0), JSON.stringify(reports));
    assert.equal(botPosts(ids.channels.news).length, 0, 'the backlog is not posted');
    assert.equal(botPosts(ids.channels.digests).length, 0);
  });

  test('a new item posts its event once; the same story from a second outlet edits that message', async () => {
    feedItems['herald'] = [STORY.heraldDam, STORY.heraldBacklog];
    const first = await pollAfter(16);
    const posts = botPosts(ids.channels.news);
    assert.equal(posts.length, 1, JSON.stringify(first));
    const [post] = posts as [StoredMessage];
    const embed = post.embeds[0];
    assert.ok(embed);
    assert.match(embed.title ?? '', /Sorn dam|Vessa|Lindal/);
    assert.match(embed.description ?? '', /Varde Herald: \[Floodgates opened at Sorn dam as the Vessa rises\]\(http:\/\/127\.0\.0\.1:\d+\/herald\/sorn-dam\)/);
    assert.match(embed.description ?? '', /Sorn dam|Lindal|Vessa/, 'two summary sentences');
    assert.equal(embed.footer?.text, '1 outlet · first reported by Varde Herald');
    assert.deepEqual(post.history, []);

    feedItems['courier'] = [STORY.courierDam, STORY.courierBacklog];
    await pollAfter(16);
    const after = botPosts(ids.channels.news);
    assert.equal(after.length, 1, 'no second message for the same event');
    const edited = after[0] as StoredMessage;
    assert.equal(edited.id, post.id);
    assert.match(edited.embeds[0]?.footer?.text ?? '', /^2 outlets · updated 09:32 UTC$/);
    assert.match(edited.embeds[0]?.description ?? '', /Lund Courier: \[Lindal evacuated as Sorn dam releases water\]/);
    assert.equal(edited.history.length, 1, 'edited once, in place');
    assert.equal(edited.history[0]?.embeds[0]?.footer?.text, '1 outlet · first reported by Varde Herald');

    const unchanged = await pollAfter(16);
    assert.ok(unchanged.every((report) => report.posted === 0));
    assert.equal((double.message(post.id) as StoredMessage).history.length, 1, 'nothing new: not edited again');
  });

  test('a channel gets at most the hourly cap of new messages', async () => {
    const heraldId = (await feedByName('herald')).id;
    feedItems['herald'] = [STORY.heraldSchool, STORY.heraldStrike, STORY.heraldDam, STORY.heraldBacklog];
    const reports = await pollAfter(16); // 10:04: the dam story's message (09:16) is within the hour
    const herald = reports.find((report) => report.feedId === heraldId);
    assert.equal(herald?.added, 2);
    assert.equal(herald?.posted, 1);
    const posts = botPosts(ids.channels.news);
    assert.equal(posts.length, POSTS_PER_HOUR, 'the dam story and the strike; the school story waits');
    assert.match(text(posts[1] as StoredMessage), /Tarn/);
    assert.equal((await feedByName('herald')).poll.pausedReason, null, 'the cap does not pause anything');
  });

  test('a deleted channel pauses its feed, and the server is told in another channel', async () => {
    feedItems['wire'] = [STORY.wireBridge, STORY.wireBacklog];
    const before = botPosts(ids.channels.news).length;
    double.deleteChannel(ids.channels.digests);
    const reports = await pollAfter(16);
    const wire = await feedByName('wire');
    const report = reports.find((candidate) => candidate.feedId === wire.id);
    assert.equal(report?.status, 'paused', JSON.stringify(reports));
    assert.match(wire.poll.pausedReason ?? '', /channel was deleted/);
    assert.equal(wire.poll.nextPollAt, null);
    const notices = botPosts(ids.channels.news).slice(before);
    assert.equal(notices.length, 1);
    assert.match(notices[0]?.content ?? '', new RegExp(`^Paused feed \`${url('wire').replace(/[.]/g, '\\.')}\` \\(for <#${ids.channels.digests}>\\): its channel was deleted\\. Use \`/feeds remove id:${wire.id}\``));
    assert.equal((await pollAfter(16)).some((candidate) => candidate.feedId === wire.id), false, 'a paused feed is not polled');
  });

  test('list shows every feed with its channel and state', async () => {
    const reply = await feedsCommandReply('list');
    const shown = text(reply);
    for (const name of ['Varde Herald', 'Lund Courier', 'Kelm Wire']) assert.match(shown, new RegExp(name));
    assert.match(shown, new RegExp(`<#${ids.channels.news}>`));
    assert.match(shown, /paused: its channel was deleted/);
    assert.match(reply.embeds[0]?.footer?.text ?? '', /^3 feeds/);
  });

  test('export answers with an OPML file of the server’s feeds', async () => {
    const reply = await feedsCommandReply('export');
    assert.equal(reply.attachments.length, 1);
    const [file] = reply.attachments;
    assert.match(file?.filename ?? '', /\.opml$/);
    const opml = file?.data.toString('utf8') ?? '';
    assert.match(opml, /<opml/);
    for (const name of ['herald', 'courier', 'wire']) assert.ok(opml.includes(url(name)), `${name} in ${opml}`);
  });

  test('import follows the new feeds of an OPML file and says which it skipped', async () => {
    const opml =
      '<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>' +
      `<outline text="Molde Gazette" type="rss" xmlUrl="${url('gazette')}"/>` +
      `<outline text="Varde Herald" type="rss" xmlUrl="${url('herald')}"/>` +
      `<outline text="Gone" type="rss" xmlUrl="${url('missing')}"/>` +
      '</body></opml>';
    const reply = await feedsCommandReply('import', { file: { filename: 'subscriptions.opml', data: opml }, channel: ids.channels.news });
    assert.match(reply.content, new RegExp(`^Following 1 new feed in <#${ids.channels.news}>\\.`));
    assert.match(reply.content, /Skipped 2:/);
    assert.ok(reply.content.includes(url('herald')) && reply.content.includes(url('missing')));
    assert.equal((await feedByName('gazette')).channelId, ids.channels.news);
    const wrongFile = await feedsCommandReply('import', { file: { filename: 'notes.txt', data: 'hello' }, channel: ids.channels.news });
    assert.match(wrongFile.content, /\.opml file/);
  });

  test('remove offers the server’s feeds as you type, and stops following the one picked', async () => {
    const gazette = await feedByName('gazette');
    const choices = await double.sendAutocomplete({ commandName: 'feeds', subcommand: 'remove', focused: 'id', value: 'gazette', userId: ids.users.olivia }).choices();
    assert.deepEqual(choices.map((choice) => choice.value), [gazette.id]);
    assert.match(choices[0]?.name ?? '', /Molde Gazette · #news/);
    const reply = await feedsCommandReply('remove', { id: gazette.id });
    assert.match(reply.content, new RegExp(`^Stopped following Molde Gazette .*id \`${gazette.id}\``));
    assert.equal((await store.feeds.listFeeds(ids.guild)).some((feed) => feed.id === gazette.id), false);
    const unknown = await feedsCommandReply('remove', { id: 'nosuchfeed' });
    assert.match(unknown.content, /No feed nosuchfeed/);
  });

  test('an event message someone deleted is posted again when its event grows', async () => {
    const [damPost] = botPosts(ids.channels.news);
    assert.ok(damPost);
    await bot.client.rest.delete(Routes.channelMessage(ids.channels.news, damPost.id));
    feedItems['third'] = [STORY.gazetteBacklog];
    await feedsCommandReply('add', { url: url('third'), channel: ids.channels.news });
    await pollAfter(1); // primes it
    feedItems['third'] = [STORY.thirdDam, STORY.gazetteBacklog];
    const reports = await pollAfter(2 * 60); // a new hour: the cap has room again
    const live = botPosts(ids.channels.news);
    const repost = live.find((message) => /Brekke Tidende/.test(text(message)));
    assert.ok(repost, `${JSON.stringify(reports)}\n${live.map(text).join('\n---\n')}`);
    assert.notEqual(repost.id, damPost.id);
    assert.match(repost.embeds[0]?.footer?.text ?? '', /^3 outlets · first reported by Varde Herald$/);
  });

  test('two feeds reporting one event at the same moment make one message', async () => {
    // The school story was held back by the cap; an hour later both of the channel's feeds bring it at once.
    const [hit] = await store.searchArticles('Oster timber school', { limit: 1, guildId: ids.guild });
    assert.ok(hit);
    const event = await store.events.eventOfArticle(hit.article.id, ids.guild);
    assert.ok(event);
    const before = botPosts(ids.channels.news).length;
    const heraldId = (await feedByName('herald')).id;
    const courierId = (await feedByName('courier')).id;
    const request = { guildId: ids.guild, channelId: ids.channels.news, eventId: event.id, articleId: hit.article.id };
    const outcomes = await Promise.all([
      pollerDeps.publisher?.publish({ ...request, feedId: heraldId }),
      pollerDeps.publisher?.publish({ ...request, feedId: courierId }),
    ]);
    assert.deepEqual(outcomes.map((outcome) => outcome?.kind), ['posted', 'skipped']);
    assert.equal(botPosts(ids.channels.news).length, before + 1);
  });

  test('a server that removes the bot has its feeds and data deleted', async () => {
    assert.ok((await store.feeds.listFeeds(ids.guild)).length > 0);
    double.gateway.dispatch('GUILD_DELETE', { id: ids.guild });
    const start = Date.now();
    while ((await store.feeds.listFeeds(ids.guild)).length > 0) {
      assert.ok(Date.now() - start < 2_000, 'the guild’s feeds were not deleted');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
