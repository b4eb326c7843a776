import type { BaseInteraction } from 'discord.js';
import type { GuildScope } from '../domain/article.ts';

/** The articles an interaction may see: shared ones plus its guild's own; in DMs, shared only. */
export function scopeOf(interaction: BaseInteraction): { readonly guildId: GuildScope } {
  return { guildId: interaction.guildId ?? null };
}
