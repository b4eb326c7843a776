import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, ModalSubmitInteraction } from 'discord.js';
import { UserFacingError } from '../errors.ts';
import type { Command } from './command.ts';
import type { BotDeps } from './deps.ts';
import { PageSessions } from './paging.ts';
import { RateLimiter } from './rate-limit.ts';
import { replyEphemeral } from './respond.ts';

export interface RouterOptions {
  /** Expensive commands a user may run per window. Default 5 per 30 s. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
}

export interface Router {
  handle(interaction: Interaction): Promise<void>;
  /** Forgets paging sessions and their timers. */
  close(): void;
}

function errorId(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

function describe(interaction: Interaction) {
  const command = 'commandName' in interaction ? interaction.commandName : 'customId' in interaction ? interaction.customId : null;
  return { interaction: interaction.id, type: interaction.type, command, user: interaction.user.id, guild: interaction.guildId };
}

/** The single `interactionCreate` handler: finds the command, runs it, and is the error boundary. */
export function createRouter(commands: readonly Command[], deps: BotDeps, options: RouterOptions = {}): Router {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const { limit, windowMs } = options.rateLimit ?? { limit: 5, windowMs: 30_000 };
  const limiter = new RateLimiter(limit, windowMs, deps.clock);
  const pages = new PageSessions(deps.clock);

  async function chatInput(interaction: ChatInputCommandInteraction): Promise<string> {
    const command = byName.get(interaction.commandName);
    if (!command) {
      await replyEphemeral(interaction, 'I don’t know that command any more; try `/help`.');
      return 'unknown_command';
    }
    if (command.expensive) {
      const waitMs = limiter.take(interaction.user.id);
      if (waitMs > 0) {
        await replyEphemeral(interaction, `You’re asking quickly! Please wait ${Math.ceil(waitMs / 1000)} s before the next /${command.data.name}.`);
        return 'rate_limited';
      }
    }
    await command.execute(interaction, deps, pages);
    return 'ok';
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<string> {
    const command = byName.get(interaction.commandName);
    if (!command?.autocomplete) {
      await interaction.respond([]);
      return 'no_autocomplete';
    }
    await command.autocomplete(interaction, deps);
    return 'ok';
  }

  async function button(interaction: ButtonInteraction): Promise<string> {
    if (pages.isPagingButton(interaction.customId)) {
      await pages.press(interaction);
      return 'page';
    }
    await replyEphemeral(interaction, 'These buttons have expired; run the command again.');
    return 'stale_button';
  }

  async function modalSubmit(interaction: ModalSubmitInteraction): Promise<string> {
    // A form's custom id is "<command>:<form>", so the command that showed it handles it.
    const command = byName.get(interaction.customId.split(':')[0] ?? '');
    if (!command?.modalSubmit) {
      await replyEphemeral(interaction, 'That form has expired; run the command again.');
      return 'stale_modal';
    }
    await command.modalSubmit(interaction, deps, pages);
    return 'ok';
  }

  async function dispatch(interaction: Interaction): Promise<string> {
    if (interaction.isChatInputCommand()) return chatInput(interaction);
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (interaction.isButton()) return button(interaction);
    if (interaction.isModalSubmit()) return modalSubmit(interaction);
    return 'ignored';
  }

  return {
    close: () => pages.close(),
    async handle(interaction) {
      const started = performance.now();
      const context = describe(interaction);
      let outcome = 'error';
      try {
        outcome = await dispatch(interaction);
      } catch (error) {
        outcome = await recover(interaction, error, context, deps);
      } finally {
        deps.logger.info({ ...context, outcome, latencyMs: Math.round(performance.now() - started) }, 'interaction');
      }
    },
  };
}

/** Answers a failed interaction: a user-facing message as is, anything else as an apology with an error id. */
async function recover(interaction: Interaction, error: unknown, context: ReturnType<typeof describe>, deps: BotDeps): Promise<string> {
  const userFacing = error instanceof UserFacingError;
  const id = errorId();
  if (!userFacing) {
    deps.logger.error({ ...context, errorId: id, err: error, stack: error instanceof Error ? error.stack : undefined }, 'interaction failed');
  }
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      await replyEphemeral(interaction, userFacing ? error.message : `Sorry, something went wrong (error id ${id}). Please try again later.`);
    }
  } catch (replyError) {
    deps.logger.warn({ ...context, errorId: id, err: replyError }, 'could not tell the user about the failure');
  }
  return userFacing ? 'user_error' : 'error';
}
