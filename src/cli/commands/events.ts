import { currentEvents, eventOverview } from '../../answers/event-answers.ts';
import { renderPlainText } from '../../render/card.ts';
import { eventOverviewCard, eventsListCard } from '../../render/event-cards.ts';
import type { CliContext } from '../context.ts';
import { writePicture } from '../picture-file.ts';
import { coveragePicture } from '../../pictures/event-pictures.ts';
import { writeJson, writeLine } from '../output.ts';
import { articleJson, timelineEntriesJson } from './topic.ts';

/** `newsbot events [--all]`: current events (or every event), each with its articles. */
export async function eventsCommand(options: { readonly all: boolean; readonly json: boolean; readonly guild?: string | undefined }, context: CliContext): Promise<number> {
  const viewer = options.guild ?? null;
  return context.withStore(async (store) => {
    const events = options.all
      ? await store.events.listEvents({ guildId: viewer, limit: Number.MAX_SAFE_INTEGER })
      : await currentEvents(store, viewer, Number.MAX_SAFE_INTEGER);
    if (!options.json) {
      context.output.stdout.write(renderPlainText(eventsListCard(events, options.all ? 'All events' : 'Current events')));
      return 0;
    }
    const out = [];
    for (const event of events) {
      const articles = await store.events.eventArticles(event.id, viewer);
      out.push({ id: event.id, title: event.title, articles: articles.map(({ id, url, title }) => ({ id, url, title })) });
    }
    writeJson(context.output.stdout, { events: out });
    return 0;
  });
}

/** `newsbot event ID`: one event's overview. */
export async function eventCommand(
  id: string,
  options: {
    readonly json: boolean;
    readonly guild?: string | undefined;
    readonly sentences: number;
    readonly limit: number;
    readonly dates: number;
    readonly png?: string | undefined;
  },
  context: CliContext,
): Promise<number> {
  const viewer = options.guild ?? null;
  return context.withStore(async (store) => {
    const event = await store.events.getEvent(id, viewer);
    if (event === null) {
      writeLine(context.output.stderr, `newsbot: no event with id ${id}; \`newsbot events --all\` lists them`);
      return 1;
    }
    const overview = await eventOverview(store, event, viewer, { sentences: options.sentences, quotes: options.limit, dates: options.dates });
    if (options.png !== undefined) writePicture(options.png, context.pictures().coverage(coveragePicture(event, overview.articles, context.clock())), context.output.stderr);
    if (!options.json) {
      context.output.stdout.write(renderPlainText(eventOverviewCard(overview)));
      return 0;
    }
    writeJson(context.output.stdout, {
      id: event.id,
      title: event.title,
      articleCount: event.articleCount,
      outlets: overview.outlets,
      firstSeen: event.firstSeen,
      lastSeen: event.lastSeen,
      firstReport: articleJson(event.firstReport),
      summary: overview.summary.items,
      quotes: overview.quotes.items,
      timeline: timelineEntriesJson(overview.timeline.items),
      articles: (await store.events.eventArticles(event.id, viewer)).map(articleJson),
    });
    return 0;
  });
}
