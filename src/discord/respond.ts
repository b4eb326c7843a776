import { MessageFlags } from 'discord.js';
import type { ChatInputCommandInteraction, RepliableInteraction } from 'discord.js';
import type { ArticleSummary } from '../domain/article.ts';
import type { Card } from '../render/card.ts';
import { cardToEmbeds, escapeText } from './embeds.ts';
import type { RenderOptions } from './embeds.ts';
import type { PageSessions } from './paging.ts';

/** An ephemeral text reply, whatever state the interaction is in (not yet answered, deferred, or answered). */
export async function replyEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  const text = content.length > 2000 ? `${content.slice(0, 1999)}…` : content;
  const payload = { content: text, allowedMentions: { parse: [] } };
  if (interaction.deferred && !interaction.replied) await interaction.editReply(payload);
  else if (interaction.replied) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

/** Renders a card with its sources as links and sends it, paged when it is long. */
export async function sendCard(
  interaction: ChatInputCommandInteraction,
  pages: PageSessions,
  card: Card,
  options: RenderOptions & { readonly sources: readonly ArticleSummary[] },
): Promise<void> {
  await pages.send(interaction, cardToEmbeds(card, options));
}

/** The helpful, ephemeral answer when nothing stored matches. */
export function noMatchMessage(what: string, searched: string): string {
  const shown = searched.length > 100 ? `${searched.slice(0, 99)}…` : searched;
  return (
    `No stored article matches “${escapeText(shown)}” for ${what}. ` +
    'Try fewer or other words (names and places work well), or use `/search` to see what is stored. ' +
    'Articles are added by the bot’s operator with `newsbot ingest PATH`.'
  );
}
