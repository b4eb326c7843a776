import { MessageFlags } from 'discord.js';
import type { AttachmentBuilder, RepliableInteraction } from 'discord.js';
import type { ArticleSummary } from '../domain/article.ts';
import type { Card } from '../render/card.ts';
import { cardToEmbeds, escapeText } from './embeds.ts';
import type { RenderOptions } from './embeds.ts';
import type { AnswerableInteraction, PageSessions } from './paging.ts';

/**
 * An ephemeral text reply, whatever state the interaction is in: not yet answered (an ephemeral reply), deferred
 * ephemerally (the private "thinking…" message is filled), deferred publicly (the public "thinking…" message is
 * deleted and the text follows up ephemerally: filling it would make the text public), deferred as a component
 * update, or answered (an ephemeral follow-up). Only the person who ran the interaction sees the text.
 */
export async function replyEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  const text = content.length > 2000 ? `${content.slice(0, 1999)}…` : content;
  const payload = { content: text, allowedMentions: { parse: [] } };
  const ephemeral = { ...payload, flags: MessageFlags.Ephemeral } as const;
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(ephemeral);
  } else if (interaction.deferred && !interaction.replied && interaction.ephemeral === true) {
    await interaction.editReply(payload);
  } else if (interaction.deferred && !interaction.replied && interaction.ephemeral === false) {
    // Discord fills a deferred response with the first follow-up and keeps the deferral's visibility, so the public
    // "thinking…" message goes first. If deleting it fails, nothing is sent: a follow-up would then be public.
    await interaction.deleteReply();
    await interaction.followUp(ephemeral);
  } else {
    // Answered already, or deferUpdate (ephemeral is null: the original is the component's message, left as it is).
    await interaction.followUp(ephemeral);
  }
}

/** Renders a card with its sources as links and sends it, paged when it is long. */
export async function sendCard(
  interaction: AnswerableInteraction,
  pages: PageSessions,
  card: Card,
  options: RenderOptions & { readonly sources: readonly ArticleSummary[]; readonly files?: readonly AttachmentBuilder[] },
): Promise<void> {
  await pages.send(interaction, cardToEmbeds(card, options), options.files ?? []);
}

/** The helpful, ephemeral answer when nothing stored matches. */
export function noMatchMessage(what: string, searched: string): string {
  const shown = searched.length > 100 ? `${searched.slice(0, 99)}…` : searched;
  return (
    `No stored article matches “${escapeText(shown)}” for ${what}. ` +
    'Try fewer or other words (names and places work well), or use `/search` to see what is stored. ' +
    'Articles are added with `/article add` (paste one, or attach a file), or by the bot’s operator with `newsbot ingest PATH`.'
  );
}
