import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotDeps } from './deps.ts';
import type { PageSessions } from './paging.ts';

/** A slash command: its definition for Discord and its handlers. One module per command in `commands/`. */
export interface Command {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Expensive commands count towards the per-user rate limit. */
  readonly expensive?: boolean;
  /** `pages` sends answers of several pages with Previous/Next buttons. */
  execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void>;
  /** A form this command showed, submitted: its custom id starts with the command's name and a colon. */
  modalSubmit?(interaction: ModalSubmitInteraction, deps: BotDeps, pages: PageSessions): Promise<void>;
}
