import { REST, Routes } from 'discord.js';
import type { RESTOptions } from 'discord.js';
import { commands } from '../../commands/index.ts';

export interface DeployOptions {
  readonly token: string;
  /** The application id. */
  readonly clientId: string;
  /** A guild to register in (instant, for development); without it, global. */
  readonly guildId?: string | null | undefined;
  readonly apiBase: string;
  readonly restOptions?: Partial<RESTOptions>;
}

/** Registers every command in `commands/index.ts` with one PUT that replaces the whole set; returns how many. */
export async function deployCommands(options: DeployOptions): Promise<number> {
  const rest = new REST({ ...options.restOptions, api: options.apiBase }).setToken(options.token);
  const body = commands.map((command) => command.data.toJSON());
  const route = options.guildId ? Routes.applicationGuildCommands(options.clientId, options.guildId) : Routes.applicationCommands(options.clientId);
  const registered = (await rest.put(route, { body })) as unknown[];
  return registered.length;
}
