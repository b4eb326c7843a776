// End-to-end checks of the Discord double with the real discord.js Client: login and cache, command registration,
// interactions of every kind, and the Discord rules and failure modes the double reproduces.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  HTTPError,
  InteractionResponseType,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { Interaction, Message, TextChannel } from 'discord.js';
import { FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import type { DiscordDouble } from '../discord-double/index.ts';

const ids = FIXTURE_IDS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise the bot's handler settles, so a test can await what happened inside it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let double: DiscordDouble;
let client: Client;
/** What the bot under test does with an interaction; each test installs its own. */
let onInteraction: ((interaction: Interaction) => Promise<void>) | null = null;
const handlerErrors: unknown[] = [];

async function textChannel(id: string): Promise<TextChannel> {
  const channel = await client.channels.fetch(id);
  assert.ok(channel?.isSendable(), `channel ${id} is sendable`);
  return channel as TextChannel;
}

function isApiError(code: number, status?: number) {
  return (error: unknown) => {
    assert.ok(error instanceof DiscordAPIError, `expected DiscordAPIError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (status !== undefined) assert.equal(error.status, status);
    return true;
  };
}

describe('Discord double with the real discord.js client', () => {
  before(async () => {
    double = await startDiscordDouble();
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      rest: double.restOptions,
    });
    client.on(Events.InteractionCreate, (interaction) => {
      const handler = onInteraction;
      if (!handler) return;
      handler(interaction).catch((error: unknown) => handlerErrors.push(error));
    });
    const ready = once(client, Events.ClientReady);
    await client.login(double.token);
    await ready;
  });

  afterEach(() => {
    onInteraction = null;
    const errors = handlerErrors.splice(0);
    assert.deepEqual(errors, [], 'interaction handlers threw');
    double.assertNoViolations();
  });

  after(async () => {
    await client?.destroy();
    await double?.close();
  });

  test('logs in over the gateway and caches the fixture guild, channels, roles and members', () => {
    assert.equal(client.user?.id, ids.bot);
    assert.equal(client.application?.id, ids.application);
    const guild = client.guilds.cache.get(ids.guild);
    assert.ok(guild, 'guild cached');
    assert.equal(guild.name, 'Newsroom');
    assert.equal(guild.available, true);
    for (const id of [ids.channels.news, ids.channels.digests, ids.channels.forum, ids.channels.newsThread, ids.channels.forumPost]) {
      assert.ok(client.channels.cache.has(id), `channel ${id} cached`);
    }
    assert.equal(guild.channels.cache.get(ids.channels.news)?.name, 'news');
    assert.ok(guild.roles.cache.has(ids.roles.editors));
    const me = guild.members.me;
    assert.ok(me, 'bot member cached');
    assert.equal(me.permissionsIn(ids.channels.news).has(PermissionFlagsBits.SendMessages), true);
    assert.equal(me.permissionsIn(ids.channels.staff).has(PermissionFlagsBits.ViewChannel), false);
    // discord.js asked for JSON, API v10 and no compression.
    const url = new URL(double.gateway.connectionUrls[0] ?? '', 'ws://x');
    assert.equal(url.searchParams.get('v'), '10');
    assert.equal(url.searchParams.get('encoding'), 'json');
    assert.equal(url.searchParams.get('compress'), null);
    assert.equal(double.gateway.identifyCount, 1);
    assert.equal(double.requestsTo('/gateway/bot', 'GET').length, 1);
  });

  test('registers slash commands through REST (bulk overwrite) and reads them back', async () => {
    const app = client.application;
    assert.ok(app);
    const commands = [
      new SlashCommandBuilder()
        .setName('digest')
        .setDescription('Daily digest')
        .addStringOption((o) => o.setName('topic').setDescription('Topic').setRequired(true).setAutocomplete(true))
        .addIntegerOption((o) => o.setName('days').setDescription('Days back').setMinValue(1).setMaxValue(7)),
      new SlashCommandBuilder().setName('headlines').setDescription('Latest headlines'),
      new SlashCommandBuilder().setName('feedback').setDescription('Send feedback'),
    ];
    const registered = await app.commands.set(commands.map((c) => c.toJSON()));
    assert.equal(registered.size, 3);
    const stored = double.commands();
    assert.deepEqual(stored.map((c) => c.name).sort(), ['digest', 'feedback', 'headlines']);
    const fetched = (await client.rest.get(Routes.applicationCommands(ids.application))) as { id: string; name: string }[];
    assert.deepEqual(fetched.map((c) => c.id).sort(), stored.map((c) => c.id).sort());
    // A second overwrite keeps the ids of commands with the same name, as Discord does.
    const again = await app.commands.set(commands.map((c) => c.toJSON()));
    assert.deepEqual([...again.keys()].sort(), [...registered.keys()].sort());
    // Guild commands live apart from global ones.
    const guild = client.guilds.cache.get(ids.guild);
    await guild?.commands.set([{ name: 'admin-only', description: 'Editors only', defaultMemberPermissions: PermissionFlagsBits.ManageMessages }]);
    assert.deepEqual(double.commands(ids.guild).map((c) => c.name), ['admin-only']);
    // Discord's validation: names are lower case.
    await assert.rejects(app.commands.create({ name: 'Digest', description: 'bad name' }), isApiError(50035, 400));
    const violations = double.takeViolations();
    assert.equal(violations.length, 1);
    assert.match(violations[0]?.details.join() ?? '', /APPLICATION_COMMAND_INVALID_NAME/);
  });

  test('chat-input command: ephemeral deferReply, then editReply with an embed', async () => {
    let seenTopic: string | null = null;
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seenTopic = interaction.options.getString('topic');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({
        embeds: [new EmbedBuilder().setTitle('Digest: elections').setDescription('Three stories').addFields({ name: 'Top', value: 'Story A' })],
      });
    };
    const handle = double.sendSlashCommand({ commandName: 'digest', options: { topic: 'elections', days: 2 } });
    const callback = await handle.callback();
    assert.equal(callback.type, InteractionResponseType.DeferredChannelMessageWithSource);
    assert.equal(callback.flags, MessageFlags.Ephemeral);
    const reply = await handle.reply();
    assert.equal(reply.embeds[0]?.title, 'Digest: elections');
    assert.equal(reply.embeds[0]?.fields?.[0]?.value, 'Story A');
    assert.equal(reply.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.equal(seenTopic, 'elections');
    assert.deepEqual(handle.events.map((e) => e.kind), ['callback', 'edit']);
    // Ephemeral replies are not part of the channel's visible history.
    assert.equal(double.messages(ids.channels.news).some((m) => m.id === reply.id), false);
    // The interaction carried the registered command's id and typed options.
    const data = handle.payload['data'] as { id: string; options: { name: string; type: number }[] };
    assert.equal(data.id, double.commands().find((c) => c.name === 'digest')?.id);
    assert.deepEqual(data.options.map((o) => [o.name, o.type]), [['topic', 3], ['days', 4]]);
  });

  test('autocomplete round trip', async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused().toLowerCase();
      const topics = ['economy', 'elections', 'energy', 'sports'];
      await interaction.respond(topics.filter((t) => t.startsWith(typed)).map((t) => ({ name: t, value: t })));
    };
    const handle = double.sendAutocomplete({ commandName: 'digest', focused: 'topic', value: 'el' });
    assert.deepEqual(await handle.choices(), [{ name: 'elections', value: 'elections' }]);
    assert.equal(handle.callbackRecord?.type, InteractionResponseType.ApplicationCommandAutocompleteResult);
  });

  test('button click on a reply with components, answered by updating the message', async () => {
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('headlines:more').setLabel('More').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'Top 3 headlines', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `Top 10 headlines (asked by ${interaction.user.username})`, components: [] });
      }
    };
    const command = double.sendSlashCommand({ commandName: 'headlines' });
    const reply = await command.reply();
    assert.equal(reply.content, 'Top 3 headlines');
    assert.equal(double.lastMessage(ids.channels.news)?.id, reply.id, 'a public reply is in the channel');

    const click = double.clickButton({ messageId: reply.id, customId: 'headlines:more', userId: ids.users.bob });
    const callback = await click.callback();
    assert.equal(callback.type, InteractionResponseType.UpdateMessage);
    const updated = double.message(reply.id);
    assert.equal(updated?.content, 'Top 10 headlines (asked by bob)');
    assert.deepEqual(updated?.components, []);
    assert.equal(updated?.history.length, 1);
    assert.throws(() => double.clickButton({ messageId: reply.id, customId: 'headlines:more' }), /no component/);
  });

  test('modal: shown in answer to a command, submitted, answered with an ephemeral reply', async () => {
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const modal = new ModalBuilder()
          .setCustomId('feedback-modal')
          .setTitle('Feedback')
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('text').setLabel('What should we cover?').setStyle(TextInputStyle.Paragraph).setMaxLength(500),
            ),
          );
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({ content: `Thanks: ${interaction.fields.getTextInputValue('text')}`, flags: MessageFlags.Ephemeral });
      }
    };
    const command = double.sendSlashCommand({ commandName: 'feedback' });
    const modal = await command.modal();
    assert.equal(modal['custom_id'], 'feedback-modal');
    assert.throws(() => double.submitModal({ from: command, fields: { nope: 'x' } }), /no field "nope"/);
    const submit = double.submitModal({ from: command, fields: { text: 'More local news' } });
    const reply = await submit.reply();
    assert.equal(reply.content, 'Thanks: More local news');
    assert.equal(submit.callbackRecord?.flags, MessageFlags.Ephemeral);
  });

  test('follow-ups, fetching and deleting the original response', async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('part 1');
      await interaction.followUp({ content: 'part 2', files: [{ attachment: Buffer.from('story,url\n'), name: 'stories.csv' }] });
      const original = await interaction.fetchReply();
      assert.equal(original.content, 'part 1');
      await interaction.deleteReply();
    };
    const handle = double.sendSlashCommand({ commandName: 'headlines' });
    const followUp = await handle.followUp();
    assert.equal(followUp.content, 'part 2');
    assert.equal(followUp.attachments[0]?.filename, 'stories.csv');
    assert.equal(followUp.attachments[0]?.data.toString(), 'story,url\n');
    await handle.waitFor((h) => h.events.find((e) => e.kind === 'delete'), 'the deletion');
    assert.equal(handle.original?.deleted, true);
  });

  test('same nonce with enforce_nonce twice stores one message, even across a lost answer and a retry', async () => {
    const channel = await textChannel(ids.channels.digests);
    const first = await channel.send({ content: 'Digest for Monday', nonce: 'digest-monday', enforceNonce: true });
    const second = await channel.send({ content: 'Digest for Monday', nonce: 'digest-monday', enforceNonce: true });
    assert.equal(second.id, first.id);
    // The next POST is carried out but its answer is a 500; discord.js retries by itself and gets the same message.
    double.failNext(1, { status: 500, afterCommit: true, target: { method: 'POST', route: '/channels/:channelId/messages' } });
    const third = await channel.send({ content: 'Digest for Tuesday', nonce: 'digest-tuesday', enforceNonce: true });
    const stored = double.messages(ids.channels.digests);
    assert.equal(stored.filter((m) => m.nonce === 'digest-monday').length, 1);
    assert.equal(stored.filter((m) => m.nonce === 'digest-tuesday').length, 1);
    assert.equal(stored.find((m) => m.nonce === 'digest-tuesday')?.id, third.id);
  });

  test('a 429 makes discord.js wait retry_after and the message is stored once', async () => {
    const channel = await textChannel(ids.channels.digests);
    const rateLimited: unknown[] = [];
    const listener = (info: unknown) => rateLimited.push(info);
    client.rest.on('rateLimited', listener);
    double.rateLimitNext(ids.channels.digests, 0.3);
    const started = Date.now();
    const message = await channel.send('Rate-limited digest');
    const waited = Date.now() - started;
    client.rest.off('rateLimited', listener);
    assert.ok(waited >= 300, `waited ${waited} ms`);
    assert.equal(double.messages(ids.channels.digests).filter((m) => m.content === 'Rate-limited digest').length, 1);
    assert.equal(double.lastMessage(ids.channels.digests)?.id, message.id);
    assert.deepEqual(double.rest.rateLimitAnswers.map((a) => a.reason), ['forced']);
    assert.ok(rateLimited.length >= 1, 'discord.js reported the rate limit');
  });

  test('a per-channel bucket paces discord.js through x-ratelimit headers without a single early retry', async () => {
    double.setChannelRateLimit({ limit: 2, windowMs: 300 });
    try {
      const channel = await textChannel(ids.channels.newsThread);
      const started = Date.now();
      await Promise.all([1, 2, 3, 4, 5].map((n) => channel.send(`thread update ${n}`)));
      const elapsed = Date.now() - started;
      assert.equal(double.messages(ids.channels.newsThread).length, 5);
      assert.deepEqual(double.messages(ids.channels.newsThread).map((m) => m.content), [1, 2, 3, 4, 5].map((n) => `thread update ${n}`));
      assert.ok(elapsed >= 550, `5 messages at 2 per 300 ms took ${elapsed} ms`);
      assert.equal(double.rest.rateLimitAnswers.filter((a) => a.reason === 'ignored').length, 0);
    } finally {
      double.setChannelRateLimit(null);
    }
  });

  test('a deleted channel answers 404 Unknown Channel (10003) and the client is told', async () => {
    const staff = client.channels.cache.get(ids.channels.staff);
    assert.ok(staff);
    const deleted = once(client, Events.ChannelDelete);
    double.deleteChannel(ids.channels.staff);
    await deleted;
    assert.equal(client.channels.cache.has(ids.channels.staff), false);

    // A bot holding a stale channel object (no CHANNEL_DELETE received yet) gets the API error.
    const forum = await client.channels.fetch(ids.channels.forum);
    assert.ok(forum);
    double.deleteChannel(ids.channels.forum, { notify: false });
    await assert.rejects(client.channels.fetch(ids.channels.forum, { force: true }), isApiError(10003, 404));
    await assert.rejects(client.rest.post(Routes.channelMessages(ids.channels.forumPost), { body: { content: 'x' } }), isApiError(10003, 404));
  });

  test('a channel where the bot lacks Send Messages answers 403 Missing Permissions (50013)', async () => {
    const channel = await textChannel(ids.channels.news);
    const updated = once(client, Events.ChannelUpdate);
    double.denyPermission(ids.channels.news);
    await updated;
    assert.equal(channel.permissionsFor(client.user?.id ?? '')?.has(PermissionFlagsBits.SendMessages), false);
    await assert.rejects(channel.send('should fail'), isApiError(50013, 403));
    double.restorePermission(ids.channels.news);
    const ok = await channel.send('works again');
    assert.equal(ok.content, 'works again');
  });

  test('answering after 3 seconds fails with Unknown interaction (10062)', async () => {
    const failure = deferred<unknown>();
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await sleep(250);
      await interaction.deferReply().then(() => failure.resolve(null), failure.resolve);
    };
    // The deadline is shortened for this interaction so the test does not sit out three real seconds.
    const handle = double.sendSlashCommand({ commandName: 'headlines', ackDeadlineMs: 150 });
    const rejection = await handle.rejection();
    assert.equal(rejection.code, 10062);
    assert.equal(rejection.status, 404);
    const error = await failure.promise;
    assert.ok(error instanceof DiscordAPIError && error.code === 10062, 'discord.js surfaced DiscordAPIError 10062');
    assert.equal(handle.callbackRecord, null);
    assert.deepEqual(double.takeViolations().map((v) => v.code), [10062]);
  });

  test('a second initial response is refused with 40060 "already acknowledged"', async () => {
    const failure = deferred<unknown>();
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('first');
      // discord.js refuses a second reply itself, so go around it with a raw callback.
      await client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'second' } }, auth: false })
        .then(() => failure.resolve(null), failure.resolve);
    };
    const handle = double.sendSlashCommand({ commandName: 'headlines' });
    assert.equal((await handle.rejection()).code, 40060);
    const error = await failure.promise;
    assert.ok(error instanceof DiscordAPIError && error.code === 40060 && error.status === 400);
    assert.equal((await handle.reply()).content, 'first');
    assert.deepEqual(double.takeViolations().map((v) => v.code), [40060]);
  });

  test('message limits: content over 2000, embed title over 256, more than 10 embeds, total over 6000 → 50035', async () => {
    const channel = await textChannel(ids.channels.digests);
    const before = double.messages(ids.channels.digests).length;
    await assert.rejects(channel.send('x'.repeat(2001)), (error: unknown) => {
      assert.ok(error instanceof DiscordAPIError);
      assert.equal(error.code, 50035);
      assert.match(error.message, /content\[BASE_TYPE_MAX_LENGTH\]/);
      return true;
    });
    await assert.rejects(channel.send({ embeds: [{ title: 't'.repeat(257) }] }), isApiError(50035));
    await assert.rejects(channel.send({ embeds: Array.from({ length: 11 }, (_, i) => ({ title: `e${i}` })) }), isApiError(50035));
    await assert.rejects(
      channel.send({ embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] }),
      (error: unknown) => error instanceof DiscordAPIError && /MAX_EMBED_SIZE_EXCEEDED/.test(error.message),
    );
    await assert.rejects(
      channel.send({ embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] }),
      isApiError(50035),
    );
    await assert.rejects(channel.send({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }), isApiError(50035));
    assert.equal(double.messages(ids.channels.digests).length, before, 'nothing was stored');
    assert.equal(double.takeViolations().length, 6);
  });

  test('files are sent as multipart (payload_json + files[n]) and stored with their bytes', async () => {
    const channel = await textChannel(ids.channels.digests);
    const sent: Message = await channel.send({
      content: 'Attached digest',
      files: [{ attachment: Buffer.from('# Digest\n'), name: 'digest.md', description: 'Markdown digest' }],
    });
    const stored = double.message(sent.id);
    assert.equal(stored?.attachments[0]?.filename, 'digest.md');
    assert.equal(stored?.attachments[0]?.description, 'Markdown digest');
    assert.equal(stored?.attachments[0]?.data.toString(), '# Digest\n');
    assert.equal(sent.attachments.first()?.name, 'digest.md');
    const request = double.requestsTo('/channels/:channelId/messages', 'POST').at(-1);
    assert.equal(request?.files[0]?.field, 'files[0]');
  });

  test('an outage longer than discord.js retries surfaces as HTTPError', async () => {
    const channel = await textChannel(ids.channels.digests);
    const before = double.requestsTo('/channels/:channelId/messages', 'POST').length;
    double.failNext(4, { status: 502, target: { method: 'POST', route: '/channels/:channelId/messages' } });
    await assert.rejects(channel.send('during the outage'), (error: unknown) => error instanceof HTTPError && error.status === 502);
    assert.equal(double.requestsTo('/channels/:channelId/messages', 'POST').length - before, 4, 'one try and three retries');
    assert.equal(double.messages(ids.channels.digests).some((m) => m.content === 'during the outage'), false);
  });

  test('the gateway resumes after an op 7 reconnect and keeps delivering interactions', async () => {
    const resumed = once(client, Events.ShardResume);
    double.gateway.requestReconnect();
    await resumed;
    assert.equal(double.gateway.resumeCount, 1);
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    };
    assert.equal((await double.sendSlashCommand({ commandName: 'headlines' }).reply()).content, 'still here');
  });

  test('a user message reaches the bot as MESSAGE_CREATE, without content lacking the MESSAGE_CONTENT intent', async () => {
    const received = deferred<Message>();
    const listener = (message: Message) => {
      if (message.author.id === ids.users.bob) received.resolve(message);
    };
    client.on(Events.MessageCreate, listener);
    const posted = double.postUserMessage({ channelId: ids.channels.digests, userId: ids.users.bob, content: 'hello bot' });
    const message = await received.promise;
    client.off(Events.MessageCreate, listener);
    assert.equal(message.id, posted.id);
    assert.equal(message.author.id, ids.users.bob);
    assert.equal(message.content, '');
  });
});
