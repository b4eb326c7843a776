import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Guild, Interaction, RESTOptions } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { Command } from './command.ts';
import type { BotDeps } from './deps.ts';
import { createRouter } from './router.ts';
import type { RouterOptions } from './router.ts';

export interface BotOptions {
  readonly token: string;
  /** e.g. https://discord.com/api (a local double in tests). */
  readonly apiBase: string;
  readonly deps: BotDeps;
  readonly restOptions?: Partial<RESTOptions>;
  readonly commands?: readonly Command[];
  readonly router?: RouterOptions;
  /** How long `stop()` waits for interactions in progress. Default 5 s. */
  readonly drainTimeoutMs?: number;
  /**
   * The bot was removed from a server (kicked, or the server deleted; not an outage). Default: the store deletes
   * everything of that server (`deleteGuildData`).
   */
  readonly onGuildRemoved?: (guildId: string) => Promise<unknown>;
  /** A channel of a server was deleted (what posted there is paused at once, not at its next post). Default: nothing. */
  readonly onChannelDeleted?: (channel: { readonly id: string; readonly guildId: string }) => Promise<unknown>;
}

export interface Bot {
  readonly client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The Discord bot: a real client (Guilds intent only) whose one interaction listener is the router. */
export function createBot(options: BotOptions): Bot {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { ...options.restOptions, api: options.apiBase } });
  const router = createRouter(options.commands ?? commands, options.deps, options.router);
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!accepting) return;
    const work = router.handle(interaction).catch((error: unknown) => options.deps.logger.error({ err: error }, 'router failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  const onGuildRemoved = options.onGuildRemoved ?? ((guildId: string) => options.deps.store.deleteGuildData(guildId));
  client.on(Events.GuildDelete, (guild: Guild) => {
    // discord.js emits GuildDelete only when the bot left or was removed; an outage is GuildUnavailable.
    const work = onGuildRemoved(guild.id).then(
      (removed) => options.deps.logger.info({ guild: guild.id, removed }, 'removed from a server; its data was deleted'),
      (error: unknown) => options.deps.logger.error({ err: error, guild: guild.id }, 'could not delete the data of a server the bot was removed from'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  const onChannelDeleted = options.onChannelDeleted;
  if (onChannelDeleted !== undefined) {
    client.on(Events.ChannelDelete, (channel) => {
      if (channel.isDMBased()) return;
      const work = onChannelDeleted({ id: channel.id, guildId: channel.guildId }).then(
        () => undefined,
        (error: unknown) => options.deps.logger.error({ err: error, channel: channel.id }, 'could not handle a deleted channel'),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    });
  }

  return {
    client,
    async start() {
      const ready = once(client, Events.ClientReady);
      await client.login(options.token);
      await ready;
      options.deps.logger.info({ user: client.user?.tag }, 'bot ready');
    },
    async stop() {
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.drainTimeoutMs ?? 5_000);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      clearTimeout(timer);
      router.close();
      await client.destroy();
    },
  };
}
