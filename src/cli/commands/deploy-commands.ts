import { requireDeploySettings } from '../../config/config.ts';
import { deployCommands } from '../../discord/deploy.ts';
import type { CliContext } from '../context.ts';
import { writeLine } from '../output.ts';

/** `newsbot deploy-commands`: registers the slash commands (in DISCORD_GUILD_ID if set, else globally) in one request. */
export async function deployCommandsCommand(context: CliContext): Promise<number> {
  const { token, clientId } = requireDeploySettings(context.config);
  const { guildId, apiBase } = context.config.discord;
  const count = await deployCommands({ token, clientId, guildId, apiBase });
  writeLine(
    context.output.stdout,
    guildId === null
      ? `Registered ${count} slash commands globally (Discord may take up to an hour to show them everywhere).`
      : `Registered ${count} slash commands in server ${guildId}.`,
  );
  return 0;
}
