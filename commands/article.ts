import {
  ActionRowBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import { addArticle, OVERVIEW_SIZE } from '../src/articles/add-article.ts';
import type { ArticleDocument } from '../src/articles/add-article.ts';
import { removeArticle } from '../src/articles/remove-article.ts';
import { articleOverview } from '../src/answers/article-overview.ts';
import { articleIdAutocomplete } from '../src/discord/autocomplete.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { requireGuild, scopeOf } from '../src/discord/scope.ts';
import { escapeText } from '../src/discord/embeds.ts';
import { UserFacingError } from '../src/errors.ts';
import { articleCard } from '../src/render/article-card.ts';

/** Discord's longest text input: longer articles come as a file. */
const MAX_PASTED_CHARACTERS = 4000;
const ID_LENGTH = 40;
const MODAL_ID = 'article:add';
const MAX_LINK_LENGTH = 2000;

export const data = new SlashCommandBuilder()
  .setName('article')
  .setDescription('Add an article to this server, show one, or remove one')
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add an article: paste it in a form, attach a .txt, .md or .html file, or give its link')
      .addAttachmentOption((o) => o.setName('file').setDescription('A .txt, .md or .html file holding one article'))
      .addStringOption((o) => o.setName('url').setDescription('The address of the article’s web page').setMaxLength(MAX_LINK_LENGTH)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('show')
      .setDescription('One article: its summary, key quotes and dates')
      .addStringOption((o) => o.setName('id').setDescription('The article (type words of its title)').setRequired(true).setMaxLength(ID_LENGTH).setAutocomplete(true)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Remove an article you added (Manage Server: any of this server’s articles)')
      .addStringOption((o) => o.setName('id').setDescription('The article (type words of its title)').setRequired(true).setMaxLength(ID_LENGTH).setAutocomplete(true)),
  );

export const expensive = true;

function pasteForm(): ModalBuilder {
  const input = (id: string, label: string, style: TextInputStyle, required: boolean, maxLength: number, placeholder: string) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder().setCustomId(id).setLabel(label).setStyle(style).setRequired(required).setMaxLength(maxLength).setPlaceholder(placeholder),
    );
  return new ModalBuilder()
    .setCustomId(MODAL_ID)
    .setTitle('Add an article')
    .addComponents(
      input('title', 'Headline', TextInputStyle.Short, true, 200, 'Rail strike ends after 48 hours'),
      input('text', 'Article text', TextInputStyle.Paragraph, true, MAX_PASTED_CHARACTERS, 'Paste the article here. Longer than 4,000 characters? Attach a file instead.'),
      input('source', 'Outlet (optional)', TextInputStyle.Short, false, 100, 'Norland Herald'),
      input('url', 'Link (optional)', TextInputStyle.Short, false, 500, 'https://…'),
      input('published', 'Published (optional)', TextInputStyle.Short, false, 40, '2026-11-27 or 2026-11-27T08:30Z'),
    );
}

async function add(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const guildId = requireGuild(interaction, 'Adding articles');
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url')?.trim() ?? '';
  let document: ArticleDocument;
  if (file !== null && url !== '') {
    return replyEphemeral(interaction, 'Give either a file or a link, not both: one article at a time.');
  } else if (file !== null) {
    document = { kind: 'file', filename: file.name, size: file.size, read: (maxBytes) => deps.attachments.read(file.url, maxBytes) };
  } else if (url !== '') {
    document = { kind: 'link', url, fetchPage: deps.fetchPage };
  } else {
    await interaction.showModal(pasteForm());
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await replyWithAdded(interaction, deps, pages, document, guildId);
}

async function replyWithAdded(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  deps: BotDeps,
  pages: PageSessions,
  document: ArticleDocument,
  guildId: string,
): Promise<void> {
  const added = await addArticle(deps, document, { guildId, userId: interaction.user.id });
  const card = articleCard(added.overview, added.status === 'added' ? 'Added' : 'Already stored');
  await sendCard(interaction, pages, added.warnings.length > 0 ? { ...card, fields: [...card.fields, { name: 'Ignored', value: added.warnings }] } : card, {
    sources: [added.article],
  });
}

async function show(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const id = interaction.options.getString('id', true);
  const overview = await articleOverview(deps.store, id, scopeOf(interaction).guildId, OVERVIEW_SIZE);
  if (overview === null) {
    return replyEphemeral(interaction, `No article with id \`${escapeText(id.trim().slice(0, ID_LENGTH))}\` here. Type words of its title to pick one, or use \`/search\`.`);
  }
  await interaction.deferReply();
  await sendCard(interaction, pages, articleCard(overview), { sources: [overview.article] });
}

async function remove(interaction: ChatInputCommandInteraction, deps: BotDeps): Promise<void> {
  const guildId = requireGuild(interaction, 'Removing articles');
  const canManageServer = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const removed = await removeArticle(deps.store, interaction.options.getString('id', true), { guildId, userId: interaction.user.id, canManageServer });
  await replyEphemeral(interaction, `Removed “${escapeText(removed.title)}” (id ${removed.id}) and everything derived from it.`);
}

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  switch (interaction.options.getSubcommand()) {
    case 'add':
      return add(interaction, deps, pages);
    case 'show':
      return show(interaction, deps, pages);
    case 'remove':
      return remove(interaction, deps);
    default:
      throw new UserFacingError('Unknown /article action; try `/help`.');
  }
}

/** The pasted-article form, submitted. */
export async function modalSubmit(interaction: ModalSubmitInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const guildId = requireGuild(interaction, 'Adding articles');
  const field = (id: string): string | null => {
    const value = interaction.fields.getTextInputValue(id).trim();
    return value === '' ? null : value;
  };
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const document: ArticleDocument = {
    kind: 'pasted',
    title: field('title') ?? '',
    text: interaction.fields.getTextInputValue('text'),
    source: field('source'),
    url: field('url'),
    published: field('published'),
  };
  await replyWithAdded(interaction, deps, pages, document, guildId);
}

export function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return articleIdAutocomplete(interaction, deps, { ownOnly: interaction.options.getSubcommand() === 'remove' });
}
