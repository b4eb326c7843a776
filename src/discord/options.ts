import type { ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../errors.ts';

/** The longest topic or query accepted (also the slash option's max length, so Discord refuses longer ones). */
export const MAX_TOPIC_LENGTH = 200;
export const MAX_SPEAKER_LENGTH = 100;

/** A required text option, trimmed and checked server-side too (a client may not enforce the option's limits). */
export function textOption(interaction: ChatInputCommandInteraction, name: string, maxLength = MAX_TOPIC_LENGTH): string {
  const value = (interaction.options.getString(name) ?? '').trim();
  if (value.length === 0) throw new UserFacingError(`Please give a ${name} to look for, e.g. \`/${interaction.commandName} ${name}:rail strike\`.`);
  if (value.length > maxLength) {
    throw new UserFacingError(`That ${name} is ${value.length} characters long; please use at most ${maxLength} (a few key words work best).`);
  }
  return value;
}

export function optionalTextOption(interaction: ChatInputCommandInteraction, name: string, maxLength: number): string | undefined {
  const value = interaction.options.getString(name)?.trim();
  if (value === undefined || value.length === 0) return undefined;
  if (value.length > maxLength) throw new UserFacingError(`That ${name} is too long; please use at most ${maxLength} characters.`);
  return value;
}
