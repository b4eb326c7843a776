import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentEvents, eventQuotes, eventSummary, eventTimeline, resolveEvent } from '../../answers/event-answers.ts';
import { adHocDigest } from '../../digest/subscriptions.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { coveragePicture, timelinePicture } from '../../pictures/event-pictures.ts';
import { renderPlainText } from '../../render/card.ts';
import { renderDigestText } from '../../render/digest-text.ts';
import { eventQuotesCard, eventSummaryCard, eventsListCard, eventTimelineCard } from '../../render/event-cards.ts';
import type { CliContext } from '../context.ts';
import { plural, writeLine } from '../output.ts';
import { writePicture } from '../picture-file.ts';

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

    writeLine(out);
    writeLine(out, '$ newsbot events');
    out.write(renderPlainText(eventsListCard(await currentEvents(store, null, 10), 'Current events')));
    const strike = await resolveEvent(store, { topic: DEMO_TOPIC }, null);
    const flood = await resolveEvent(store, { topic: DEMO_TIMELINE_TOPIC }, null);
    if (strike) {
      writeLine(out);
      writeLine(out, `$ newsbot summary --topic "${DEMO_TOPIC}"`);
      out.write(renderPlainText(eventSummaryCard(await eventSummary(store, strike, null, { sentences: 4 }))));
      writeLine(out);
      writeLine(out, `$ newsbot quotes --topic "${DEMO_TOPIC}" --limit 4`);
      out.write(renderPlainText(eventQuotesCard(await eventQuotes(store, strike, null, { limit: 4 }))));
    }
    if (flood) {
      const timelinePath = join(dirname(context.config.dbPath), 'demo-timeline.png');
      writeLine(out);
      writeLine(out, `$ newsbot timeline --topic "${DEMO_TIMELINE_TOPIC}" --dates 6 --png ${timelinePath}`);
      const timeline = await eventTimeline(store, flood, null, { dates: 6 });
      out.write(renderPlainText(eventTimelineCard(timeline)));
      writePicture(timelinePath, context.pictures().timeline(timelinePicture(timeline, context.clock())), out);
    }
    if (strike) {
      const chartPath = join(dirname(context.config.dbPath), 'demo-coverage.png');
      writeLine(out);
      writeLine(out, `$ newsbot event ${strike.id} --png ${chartPath}   (the coverage chart: articles per day per outlet)`);
      const articles = await store.events.eventArticles(strike.id, null);
      writePicture(chartPath, context.pictures().coverage(coveragePicture(strike, articles, context.clock())), out);
    }
    writeLine(out);
    writeLine(out, '$ newsbot digest --since all --timezone Europe/London');
    out.write(renderDigestText(await adHocDigest(store, { viewer: null, topics: null, size: 5, timeZone: 'Europe/London', since: null }, context.clock())));
    writeLine(out);
    writeLine(out, 'Next: `npx newsbot ingest PATH` to add your own articles; `npx newsbot --help` lists every command.');
    return 0;
  });
}
