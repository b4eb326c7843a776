/**
 * Interaction → reply latency through the real discord.js client and the local Discord API double, with the stored
 * articles of the synthetic corpus behind the bot: from the moment the double dispatches INTERACTION_CREATE to the
 * moment it has stored the bot's answer (deferral plus the edited reply). Discord's deadline is 3 s.
 */
import { pino } from 'pino';
import { createBot } from '../../src/discord/bot.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { startDiscordDouble } from '../../test/discord-double/index.ts';
import { benchBotDeps } from '../bot-deps.ts';
import { percentile } from '../measure.ts';
import { rowsOf, type BenchRow } from '../types.ts';

const row = rowsOf('synthetic');
const TARGET_P99_MS = 50;
const COMMANDS = ['summary', 'quotes', 'timeline'] as const;

export async function interactionLatencyRows(store: ArticleStore, topics: readonly string[]): Promise<BenchRow[]> {
  const double = await startDiscordDouble({ waitTimeoutMs: 10_000 });
  const bot = createBot({
    token: double.token,
    apiBase: double.restOptions.api,
    deps: benchBotDeps(double.restOptions.api, { store, logger: pino({ level: 'silent' }), clock: () => new Date() }),
    // Discord's client-side global limit would pace a benchmark that sends hundreds of interactions a second.
    restOptions: { cdn: double.restOptions.cdn, globalRequestsPerSecond: 100_000 },
    // One benchmark user sends every interaction: the per-user limit is not what is measured.
    router: { rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 1 } },
  });
  try {
    await bot.start();
    const send = async (index: number): Promise<number> => {
      const commandName = COMMANDS[index % COMMANDS.length] ?? 'summary';
      const started = performance.now();
      const handle = double.sendSlashCommand({ commandName, options: { topic: topics[index % topics.length] ?? 'council' } });
      await handle.reply();
      return performance.now() - started;
    };
    for (let index = 0; index < 30; index += 1) await send(index); // warm-up
    const latencies: number[] = [];
    for (let index = 0; index < topics.length; index += 1) latencies.push(await send(index));
    double.assertNoViolations();
    return [
      row(`interaction → reply p50 (${latencies.length}, real client + API double)`, percentile(latencies, 50), 'ms'),
      row(`interaction → reply p95 (${latencies.length}, real client + API double)`, percentile(latencies, 95), 'ms'),
      row(`interaction → reply p99 (${latencies.length}, real client + API double)`, percentile(latencies, 99), 'ms', {
        target: `< ${TARGET_P99_MS}`,
      }),
    ];
  } finally {
    await bot.stop();
    await double.close();
  }
}
