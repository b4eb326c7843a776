// End to end: /article add|show|remove through the real discord.js client and the Discord double, with attachments
// served by the double and a real SQLite store.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { ComponentType, InteractionResponseType, MessageFlags } from 'discord.js';
import { pino } from 'pino';
import { createBot } from '../../src/discord/bot.ts';
import type { Bot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import type { DiscordDouble, StoredMessage } from '../discord-double/index.ts';
import { analyzed, article } from '../helpers/articles.ts';
import { testBotDeps } from '../helpers/bot-deps.ts';
import { tempDirectory } from '../helpers/temp.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';

const ids = FIXTURE_IDS;
const MAX_ARTICLE_BYTES = 20_000;

const PASTED = {
  title: 'Kelm ferry service returns after storm',
  text:
    'The Kelm ferry service resumed on Thursday after a storm kept boats in harbour for three days.\n\n' +
    '“We are glad to be sailing again,” said Marta Lind, the ferry company’s director.\n\n' +
    'The first crossing left at 7am with 120 passengers on board. Repairs to the north pier will take until March.',
  source: 'Kelm Gazette',
  url: 'https://gazette.example/ferry',
  published: '2026-11-26',
};

const shared = article({
  title: 'Norland budget passes parliament',
  text: 'The Norland parliament passed the budget on Tuesday by 88 votes to 71. “It is a fair budget,” said Finance Minister Eva Strand.',
  source: 'Norland Herald',
  published: '2026-11-24T10:00:00Z',
});

let double: DiscordDouble;
let bot: Bot;
let store: ArticleStore;
/** The web pages `/article add url:` fetches, on 127.0.0.1. */
let site: LocalServer;

const NEWS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Kelm bridge reopens | Kelm Gazette</title>
<meta property="og:site_name" content="Kelm Gazette"><meta property="article:published_time" content="2026-11-25T07:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/weather">Weather</a></nav><article><h1>Kelm bridge reopens</h1>
<p>The Kelm bridge reopened to traffic on Wednesday after eight months of repairs to its steel deck.</p>
<p>“Drivers can finally leave the long detour behind,” said road engineer Sigrid Holm on the first morning.</p></article></body></html>`;

function description(message: StoredMessage): string {
  return message.embeds.map((embed) => [embed.title, embed.description, ...(embed.fields ?? []).map((f) => `${f.name}\n${f.value}`), embed.footer?.text].join('\n')).join('\n');
}

async function addFile(filename: string, data: string | Buffer, userId: string = ids.users.alice): Promise<StoredMessage> {
  const handle = double.sendSlashCommand({ commandName: 'article', subcommand: 'add', options: { file: { filename, data } }, userId });
  const reply = await handle.reply();
  assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral, 'the confirmation is private');
  return reply;
}

function attachmentDownloads(): number {
  return double.state.attachmentDownloads.length;
}

describe('/article on Discord (double + real discord.js client)', () => {
  before(async () => {
    store = openSqliteStore(join(tempDirectory('newsbot-article-'), 'article.db'));
    site = await startServer();
    site.route('/bridge', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(NEWS_PAGE));
    site.route('/gallery', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><head><title>Photos</title></head><body><img src="a.jpg"></body></html>'));
    site.route('/moved', (_req, res) => res.writeHead(301, { Location: 'http://10.0.0.1/admin' }).end());
    site.route('/huge', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<html><body>${'<p>Far too much text. </p>'.repeat(250_000)}</body></html>`));
    await store.saveArticles(analyzed(shared));
    double = await startDiscordDouble();
    await deployCommands({ token: double.token, clientId: double.applicationId, guildId: null, apiBase: double.restOptions.api, restOptions: { globalRequestsPerSecond: 10_000 } });
    bot = createBot({
      token: double.token,
      apiBase: double.restOptions.api,
      deps: testBotDeps(double.restOptions.api, {
        store,
        logger: pino({ level: 'silent' }),
        clock: () => new Date('2026-11-27T12:00:00Z'),
        limits: { maxArticleBytes: MAX_ARTICLE_BYTES },
      }),
      restOptions: { cdn: double.restOptions.cdn, globalRequestsPerSecond: 10_000 },
      router: { rateLimit: { limit: 1_000, windowMs: 1_000 } },
    });
    await bot.start();
  });

  afterEach(() => double.assertNoViolations());

  after(async () => {
    await bot?.stop();
    await double?.close();
    await site?.close();
    await store?.close();
  });

  test('add without a file shows a form; the pasted article is analysed, stored privately and confirmed', async () => {
    const command = double.sendSlashCommand({ commandName: 'article', subcommand: 'add' });
    const modal = await command.modal();
    assert.equal(modal['custom_id'], 'article:add');
    const submitted = double.submitModal({ from: command, fields: PASTED });
    const reply = await submitted.reply();
    assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    const text = description(reply);
    assert.match(text, /^Added: Kelm ferry service returns after storm/);
    assert.match(text, /The Kelm ferry service resumed on Thursday after a storm kept boats in harbour for three days\./);
    assert.match(text, /We are glad to be sailing again.*Marta Lind/s);
    assert.match(text, /2026-11-26 {2}The Kelm ferry service resumed on Thursday/, 'Thursday resolved against the published date');
    assert.match(text, /this server’s own/);

    const found = await double.sendSlashCommand({ commandName: 'search', options: { query: 'ferry' } }).reply();
    assert.match(description(found), /Kelm ferry service/);
    const fromDm = await double.sendSlashCommand({ commandName: 'search', options: { query: 'ferry' }, channelId: ids.channels.dmAlice }).reply();
    assert.doesNotMatch(description(fromDm), /Kelm ferry/, 'another scope never sees it');
    assert.match(fromDm.content, /No stored article matches/);
  });

  test('the same article again is not stored twice', async () => {
    const command = double.sendSlashCommand({ commandName: 'article', subcommand: 'add', userId: ids.users.bob });
    await command.modal();
    const reply = await double.submitModal({ from: command, fields: PASTED }).reply();
    assert.match(description(reply), /^Already stored: Kelm ferry service/);
    const hits = await store.searchArticles('ferry', { limit: 10, guildId: ids.guild });
    assert.equal(hits.length, 1);
  });

  test('attached .txt (with front matter), .md and .html files are added', async () => {
    const txt = await addFile('dam.txt', '---\ntitle: Dovrik dam inspection finds cracks\nsource: Dovrik Post\npublished: 2026-11-25\n---\nInspectors found cracks in the Dovrik dam on Wednesday. “The dam is safe for now,” said engineer Pia Moen.');
    assert.match(description(txt), /^Added: Dovrik dam inspection finds cracks/);
    assert.match(description(txt), /Pia Moen/);
    const md = await addFile('choir.md', '# Kelm choir wins national prize\n\nThe Kelm youth choir won the national prize on Saturday in Ostby.');
    assert.match(description(md), /^Added: Kelm choir wins national prize/);
    const html = await addFile(
      'market.html',
      '<html><head><title>Ostby market reopens</title></head><body><article><h1>Ostby market reopens</h1><p>The Ostby covered market reopened on Monday after a two-year renovation that cost 12 million crowns.</p><p>Traders said the new roof had already made a difference on the first rainy morning.</p></article></body></html>',
    );
    assert.match(description(html), /^Added: Ostby market reopens/);
    assert.equal(attachmentDownloads(), 3);
  });

  test('bad files get a clear, private refusal and nothing is stored', async () => {
    const before = await store.countArticles();
    const downloadsBefore = attachmentDownloads();
    const cases: [string, string | Buffer, RegExp][] = [
      ['report.pdf', '%PDF-1.4 binary', /only add \.txt, \.md, \.markdown, \.html, \.htm files/],
      ['huge.txt', 'word '.repeat(MAX_ARTICLE_BYTES), /too long.*more than/],
    ];
    for (const [filename, data, message] of cases) assert.match((await addFile(filename, data)).content, message, filename);
    assert.equal(attachmentDownloads(), downloadsBefore, 'refused on the declared type and size, never downloaded');
    const downloaded: [string, string | Buffer, RegExp][] = [
      ['empty.txt', '', /no article text/],
      ['blank.md', '   \n\n  ', /no article text/],
      ['binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]), /not text/],
      ['page.html', '<html><head><title>Gallery</title></head><body><img src="photo.png"></body></html>', /no article text/],
    ];
    for (const [filename, data, message] of downloaded) {
      const reply = await addFile(filename, data);
      assert.match(reply.content, message, filename);
      assert.doesNotMatch(reply.content, /Error:|at .*\.ts:\d+/, 'no stack trace');
    }
    assert.equal(await store.countArticles(), before);
  });

  test('add url: fetches the page safely and adds its article, privately confirmed', async () => {
    const link = (url: string, userId: string = ids.users.alice) => double.sendSlashCommand({ commandName: 'article', subcommand: 'add', options: { url }, userId }).reply();
    const reply = await link(`${site.origin}/bridge`);
    assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match(description(reply), /^Added: Kelm bridge reopens/);
    assert.match(description(reply), /Sigrid Holm/);
    const [hit] = await store.searchArticles('bridge detour', { limit: 1, guildId: ids.guild });
    assert.equal(hit?.article.url, `${site.origin}/bridge`);
    assert.equal(hit?.article.addedBy, ids.users.alice);
    assert.doesNotMatch((await store.getArticle(hit?.article.id ?? '', ids.guild))?.text ?? '', /Weather/);
    assert.match(description(await link(`${site.origin}/bridge`, ids.users.bob)), /^Already stored: Kelm bridge reopens/);

    const before = await store.countArticles();
    const refusals: [string, RegExp][] = [
      [`${site.origin}/gallery`, /no article text/],
      [`${site.origin}/nothing-here`, /no such page \(HTTP 404\)/],
      [`${site.origin}/moved`, /10\.0\.0\.1 points to a private network, which newsbot does not fetch from/],
      [`${site.origin}/huge`, /The page is larger than 4\.8 MB/],
      ['ftp://files.example/story.txt', /Only http:\/\/ and https:\/\/ addresses/],
    ];
    for (const [url, message] of refusals) {
      const refused = await link(url);
      assert.equal(refused.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral, url);
      assert.match(refused.content, message, url);
      assert.doesNotMatch(refused.content, /Error:|at .*\.ts:\d+/, 'no stack trace');
    }
    assert.equal(await store.countArticles(), before);
    assert.equal(site.requests.filter((r) => r.path === '/admin').length, 0);
  });

  test('add with both a file and a link asks for one of them', async () => {
    const before = await store.countArticles();
    const downloads = attachmentDownloads();
    const requests = site.requests.length;
    const handle = double.sendSlashCommand({
      commandName: 'article',
      subcommand: 'add',
      options: { file: { filename: 'x.txt', data: 'Some text.' }, url: `${site.origin}/bridge` },
    });
    const reply = await handle.reply();
    assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match(reply.content, /either a file or a link, not both/);
    assert.equal(await store.countArticles(), before);
    assert.equal(attachmentDownloads(), downloads);
    assert.equal(site.requests.length, requests);
  });

  test('a non-English article is added and says which parts were skipped', async () => {
    const reply = await addFile(
      'greve.txt',
      'Grève des cheminots à Norland\n\nLes trains ne circulent plus depuis mardi matin. Le syndicat réclame une hausse des salaires de huit pour cent et promet de poursuivre le mouvement toute la semaine.',
    );
    assert.match(description(reply), /^Added: Grève des cheminots à Norland/);
    assert.match(description(reply), /English articles only \(this one is fr\)/);
  });

  test('show gives one article publicly; an unknown id is a private hint', async () => {
    const [hit] = await store.searchArticles('ferry', { limit: 1, guildId: ids.guild });
    assert.ok(hit);
    const handle = double.sendSlashCommand({ commandName: 'article', subcommand: 'show', options: { id: hit.article.id }, userId: ids.users.bob });
    const reply = await handle.reply();
    assert.equal(reply.flags & MessageFlags.Ephemeral, 0);
    assert.match(description(reply), /^Kelm ferry service returns after storm/);
    assert.match(description(reply), new RegExp(`Article id ${hit.article.id}`));
    const unknown = await double.sendSlashCommand({ commandName: 'article', subcommand: 'show', options: { id: 'ffffffffffff' } }).reply();
    assert.equal(unknown.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match(unknown.content, /No article with id `ffffffffffff`/);
  });

  test('autocomplete offers titles with ids: every visible article for show, own ones only for remove', async () => {
    const showChoices = await double.sendAutocomplete({ commandName: 'article', subcommand: 'show', focused: 'id', value: '' }).choices();
    assert.ok(showChoices.some((c) => c.name.startsWith('Norland budget passes parliament')));
    assert.ok(showChoices.some((c) => c.name.startsWith('Kelm ferry service')));
    for (const choice of showChoices) {
      assert.ok(choice.name.length <= 100);
      assert.match(String(choice.value), /^[0-9a-f]{12}$/);
    }
    const removeChoices = await double.sendAutocomplete({ commandName: 'article', subcommand: 'remove', focused: 'id', value: 'parliament' }).choices();
    assert.deepEqual(removeChoices, [], 'shared articles cannot be removed, so are not offered');
    const typed = await double.sendAutocomplete({ commandName: 'article', subcommand: 'remove', focused: 'id', value: 'ferry' }).choices();
    assert.equal(typed.length, 1);
    assert.match(typed[0]?.name ?? '', /^Kelm ferry service returns after storm \(Kelm Gazette, 2026-11-26\)$/);
  });

  test('remove: the adder or Manage Server may, others and shared articles may not', async () => {
    const [ferry] = await store.searchArticles('ferry', { limit: 1, guildId: ids.guild });
    const [dam] = await store.searchArticles('dam cracks', { limit: 1, guildId: ids.guild });
    assert.ok(ferry && dam);
    const remove = (id: string, userId: string) => double.sendSlashCommand({ commandName: 'article', subcommand: 'remove', options: { id }, userId }).reply();

    const denied = await remove(ferry.article.id, ids.users.bob);
    assert.equal(denied.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.match(denied.content, /Only the person who added that article, or someone with Manage Server/);
    assert.match((await remove(shared.id, ids.users.olivia)).content, /shared by every server/);

    assert.match((await remove(ferry.article.id, ids.users.alice)).content, /^Removed “Kelm ferry service returns after storm”/);
    assert.match((await remove(dam.article.id, ids.users.olivia)).content, /^Removed “Dovrik dam inspection finds cracks”/, 'the owner manages the server');
    assert.deepEqual(await store.searchArticles('ferry', { limit: 5, guildId: ids.guild }), []);
    assert.match((await remove(ferry.article.id, ids.users.alice)).content, /No article with id/);
  });

  test('adding or removing in a DM explains that it needs a server', async () => {
    for (const subcommand of ['add', 'remove'] as const) {
      const handle = double.sendSlashCommand({
        commandName: 'article',
        subcommand,
        ...(subcommand === 'remove' ? { options: { id: 'abcdefabcdef' } } : {}),
        channelId: ids.channels.dmAlice,
      });
      const callback = await handle.callback();
      assert.equal(callback.type, InteractionResponseType.ChannelMessageWithSource);
      assert.equal(callback.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
      assert.match((await handle.reply()).content, /works in a server, not in direct messages/);
    }
  });

  test('the form fits Discord: five short or paragraph inputs, the article up to 4,000 characters', async () => {
    const command = double.sendSlashCommand({ commandName: 'article', subcommand: 'add' });
    const modal = await command.modal();
    const rows = modal['components'] as { components: { type: number; custom_id: string; max_length: number }[] }[];
    assert.equal(rows.length, 5);
    const text = rows.flatMap((row) => row.components).find((input) => input.custom_id === 'text');
    assert.equal(text?.type, ComponentType.TextInput);
    assert.equal(text?.max_length, 4000);
  });
});
