import { fileURLToPath } from 'node:url';
import { quotesForTopic, summaryForTopic, timelineForTopic } from '../../answers/topic-answers.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { quotesCard, summaryCard, timelineCard } from '../../render/answer-cards.ts';
import { renderPlainText } from '../../render/card.ts';
import type { CliContext } from '../context.ts';
import { plural, writeLine } from '../output.ts';

/** The invented sample articles shipped with newsbot, in every format it reads. */
export const SAMPLES_DIRECTORY = fileURLToPath(new URL('../../../samples/', import.meta.url));

const DEMO_TOPIC = 'rail strike';
const DEMO_TIMELINE_TOPIC = 'Kelmsford flood';

/**
 * `newsbot demo`: the main job on the embedded defaults — ingest the samples, then answer as the bot will (the
 * same cards, rendered as plain text) — to see newsbot work without Discord.
 */
export async function demoCommand(context: CliContext): Promise<number> {
  const out = context.output.stdout;
  return context.withStore(async (store) => {
    writeLine(out, `newsbot demo — database ${context.config.dbPath}`);
    writeLine(out);
    const report = await ingestPaths(
      [SAMPLES_DIRECTORY],
      { store, clock: context.clock, limits: { maxArticleBytes: context.config.maxArticleBytes } },
      { guildId: null },
    );
    writeLine(
      out,
      `Ingested the sample articles: ${plural(report.added, 'new article')}, ${plural(report.duplicates, 'already stored', 'already stored')}, ` +
        `${report.rejected.length} rejected. The store holds ${plural(await store.countArticles(), 'article')}.`,
    );
    for (const rejection of report.rejected) writeLine(out, `  rejected ${rejection.path}: ${rejection.reason} (${rejection.detail})`);

    const scope = { guildId: null };
    writeLine(out);
    writeLine(out, `$ newsbot summary --topic "${DEMO_TOPIC}"`);
    out.write(renderPlainText(summaryCard(await summaryForTopic(store, DEMO_TOPIC, { ...scope, sentences: 3 }))));
    writeLine(out);
    writeLine(out, `$ newsbot quotes --topic "${DEMO_TOPIC}" --limit 4`);
    out.write(renderPlainText(quotesCard(await quotesForTopic(store, DEMO_TOPIC, { ...scope, limit: 4 }))));
    writeLine(out);
    writeLine(out, `$ newsbot timeline --topic "${DEMO_TIMELINE_TOPIC}" --limit 6`);
    out.write(renderPlainText(timelineCard(await timelineForTopic(store, DEMO_TIMELINE_TOPIC, { ...scope, limit: 6 }))));
    writeLine(out);
    writeLine(out, 'Next: `npx newsbot ingest PATH` to add your own articles; `npx newsbot --help` lists every command.');
    return 0;
  });
}
