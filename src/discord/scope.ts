import { PermissionFlagsBits } from 'discord.js';
import type { BaseInteraction } from 'discord.js';
import type { GuildScope } from '../domain/article.ts';
import { UserFacingError } from '../errors.ts';

/** The articles an interaction may see: shared ones plus its guild's own; in DMs, shared only. */
export function scopeOf(interaction: BaseInteraction): { readonly guildId: GuildScope } {
  return { guildId: interaction.guildId ?? null };
}

/** The interaction's server, for what only makes sense in one (adding articles, feeds, digests); DMs are told so. */
export function requireGuild(interaction: BaseInteraction, what: string): string {
  if (interaction.guildId === null) {
    throw new UserFacingError(`${what} works in a server, not in direct messages: what you add there belongs to that server. Run the command in a server channel.`);
  }
  return interaction.guildId;
}

/**
 * Whether the member may manage the server's settings (feeds, digests). Discord hides such commands from others by
 * default, but a server can change that, so handlers check again at run time.
 */
export function canManageServer(interaction: BaseInteraction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}
