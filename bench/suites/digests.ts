/**
 * 1,000 daily digests due in the same minute, posted through the real discord.js client (with Discord's own global
 * limit of 50 requests a second) to the local Discord double, which enforces Discord's per-channel limit of 5
 * messages per 5 seconds. newsbot's round posts 25 digests at a time; the baseline posts them one after another.
 * Both rounds run on copies of one database of stored articles, the same minute, in the same process.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import { pino } from 'pino';
import { SAMPLES_DIRECTORY } from '../../src/cli/commands/demo.ts';
import { createBot } from '../../src/discord/bot.ts';
import { createDigestPoster } from '../../src/discord/digest-poster.ts';
import { runDigestRound, DIGEST_CONCURRENCY } from '../../src/digest/run-digests.ts';
import type { DigestRoundReport } from '../../src/digest/run-digests.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { defaultFixture, FIXTURE_IDS, startDiscordDouble } from '../../test/discord-double/index.ts';
import { createPictureRenderer } from '../../src/pictures/renderer.ts';
import { benchBotDeps } from '../bot-deps.ts';
import { DATASETS_DIR } from '../paths.ts';
import { rowsOf, type Suite } from '../types.ts';

const SUITE = 'digests';
const row = rowsOf(SUITE);
const SUBSCRIPTIONS = 1_000;
const TARGET_SECONDS = 60;
/** Articles of the BBC set stored behind the digests (all of the bundled samples when the dataset is missing). */
const ARTICLES = 400;
const INGESTED_AT = new Date('2026-11-26T12:00:00Z');
/** 08:00 on 27 November in every zone below (all at UTC+0 in November): one minute for all 1,000. */
const DUE_AT = new Date('2026-11-27T08:00:05Z');
const ZONES = ['UTC', 'Europe/London', 'Africa/Abidjan', 'Atlantic/Reykjavik', 'Europe/Lisbon'];
const TOPICS = [null, null, null, 'economy', 'election, minister', 'film', 'football, match'];

function articleSources(): string[] {
  const bbc = join(DATASETS_DIR, 'bbc-news-summary', 'articles');
  if (!existsSync(bbc)) return [SAMPLES_DIRECTORY];
  return readdirSync(bbc, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .filter((_, index) => index % 5 === 0)
    .slice(0, ARTICLES)
    .map((name) => join(bbc, name));
}

async function subscribeAll(store: ArticleStore, channels: readonly string[]): Promise<void> {
  for (const [index, channelId] of channels.entries()) {
    await store.digests.saveSubscription(
      {
        guildId: FIXTURE_IDS.guild,
        channelId,
        minutes: 8 * 60,
        timeZone: ZONES[index % ZONES.length] as string,
        topics: TOPICS[index % TOPICS.length] ?? null,
        size: 5,
        pingRoleId: index % 10 === 0 ? FIXTURE_IDS.roles.editors : null,
        whenEmpty: 'line',
        chart: false,
        createdBy: FIXTURE_IDS.users.olivia,
      },
      INGESTED_AT.getTime(),
    );
  }
}

export const digestsSuite: Suite = {
  name: SUITE,
  aliases: ['digest'],
  async run({ note }) {
    const directory = mkdtempSync(join(tmpdir(), 'newsbot-bench-digests-'));
    const fixture = defaultFixture();
    const guild = fixture.guilds[0];
    if (guild === undefined) throw new Error('the double’s fixture has no guild');
    const channels = Array.from({ length: 2 * SUBSCRIPTIONS }, (_, index) => `1250000000000${String(index).padStart(6, '0')}`);
    for (const [index, id] of channels.entries()) guild.channels.push({ id, type: ChannelType.GuildText, name: `digest-${index}`, position: 100 + index });
    const double = await startDiscordDouble({ fixture, channelRateLimit: { limit: 5, windowMs: 5_000 }, waitTimeoutMs: 10_000 });
    const logger = pino({ level: 'silent' });
    const store = openSqliteStore(join(directory, 'digests.db'));
    const bot = createBot({
      token: double.token,
      apiBase: double.restOptions.api,
      deps: benchBotDeps(double.restOptions.api, { store, logger, clock: () => DUE_AT }),
      // Discord's global limit for a bot, as discord.js applies it by default.
      restOptions: { cdn: double.restOptions.cdn, globalRequestsPerSecond: 50 },
    });
    try {
      const report = await ingestPaths(articleSources(), { store, clock: () => INGESTED_AT, limits: { maxArticleBytes: 2_000_000 } }, { guildId: null });
      note(`${SUITE}: ${report.added} articles behind the digests`);
      await bot.start();
      const sender = createDigestPoster(bot.client, { logger, pictures: createPictureRenderer() });
      // Two sets of channels, so both rounds post into channels with fresh per-channel buckets.
      const round = async (subscribed: readonly string[], concurrency: number): Promise<{ seconds: number; report: DigestRoundReport }> => {
        await subscribeAll(store, subscribed);
        const started = performance.now();
        const outcome = await runDigestRound({ store, sender, clock: () => DUE_AT, logger, concurrency });
        return { seconds: (performance.now() - started) / 1000, report: outcome };
      };
      const baseline = await round(channels.slice(SUBSCRIPTIONS), 1);
      const measured = await round(channels.slice(0, SUBSCRIPTIONS), DIGEST_CONCURRENCY);
      const posted = channels.slice(0, SUBSCRIPTIONS).map((channelId) => double.messages(channelId).length);
      const twice = posted.filter((count) => count > 1).length;
      const missing = posted.filter((count) => count === 0).length;
      double.assertNoViolations();
      note(`${SUITE}: newsbot ${JSON.stringify(measured.report.outcomes)}, baseline ${JSON.stringify(baseline.report.outcomes)}; ${missing} channels without their digest, ${twice} with two`);
      return [
        row(`${SUBSCRIPTIONS.toLocaleString('en-US')} digests due in one minute, all posted (${DIGEST_CONCURRENCY} at a time; baseline one at a time)`, measured.seconds, 's', {
          baseline: baseline.seconds,
          target: `< ${TARGET_SECONDS}`,
        }),
        row('digests posted of those due', measured.report.outcomes.posted, 'digests', { target: `≥ ${SUBSCRIPTIONS}` }),
        row('channels with a digest posted twice', twice, 'channels', { target: '< 1' }),
      ];
    } finally {
      await bot.stop();
      await double.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  },
};
