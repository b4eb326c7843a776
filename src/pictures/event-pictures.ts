/** An event's answers as picture data: which dates, labels and outlets a timeline shows; which articles a chart counts. */
import type { EventAnswer, EventTimelineItem } from '../answers/event-answers.ts';
import type { ArticleSummary } from '../domain/article.ts';
import type { EventSummary } from '../store/event-store.ts';
import type { CoveragePictureInput, TimelinePictureInput } from './picture.ts';
import { plural } from '../text/plural.ts';

const UNNAMED_OUTLET = 'unnamed outlet';

function outletOf(article: ArticleSummary | undefined): string {
  return article?.source ?? UNNAMED_OUTLET;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** How many outlets and articles tell the story. */
function subtitleOf(event: EventSummary): string {
  return `${plural(event.outletCount, 'outlet')} · ${plural(event.articleCount, 'article')}`;
}

/** An event's timeline, or (without an event) the timeline of every stored article, as `newsbot timeline --all` makes. */
export function timelinePicture(
  answer: Pick<EventAnswer<EventTimelineItem>, 'articles' | 'items'> & { readonly event: EventSummary | null },
  today: Date,
): TimelinePictureInput {
  const byId = new Map(answer.articles.map((article) => [article.id, article]));
  return {
    title: answer.event?.title ?? 'Every stored article',
    subtitle: answer.event === null ? null : subtitleOf(answer.event),
    today: today.toISOString().slice(0, 10),
    entries: answer.items.map((item) => ({
      date: item.date,
      label: item.sentences[0]?.text ?? '',
      outlets: [...new Set([...item.sentences.map((sentence) => sentence.articleId), ...item.articleIds].map((id) => outletOf(byId.get(id))))],
    })),
  };
}

/** Articles per day per outlet, by publication day; the first report is the event's. */
export function coveragePicture(event: EventSummary, articles: readonly ArticleSummary[], today: Date): CoveragePictureInput {
  return {
    title: event.title,
    articles: articles.map((article) => ({ date: day(article.publishedAt), outlet: outletOf(article) })),
    firstReport: { date: day(event.firstReport.publishedAt), outlet: outletOf(event.firstReport) },
    today: today.toISOString().slice(0, 10),
  };
}
