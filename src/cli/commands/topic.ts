import { quotesForTopic, summaryForTopic, timelineForTopic, type TopicAnswer } from '../../answers/topic-answers.ts';
import type { ArticleSummary } from '../../domain/article.ts';
import { quotesCard, summaryCard, timelineCard } from '../../render/answer-cards.ts';
import { renderPlainText } from '../../render/card.ts';
import type { CliContext } from '../context.ts';
import { writeJson } from '../output.ts';

export interface TopicCommandOptions {
  readonly json: boolean;
  readonly guild?: string | undefined;
  readonly sentences: number;
  readonly limit: number;
  readonly speaker?: string | undefined;
}

function articleJson(article: ArticleSummary) {
  return { id: article.id, title: article.title, url: article.url, source: article.source, publishedAt: article.publishedAt };
}

function answerJson(key: string, answer: TopicAnswer<unknown>) {
  return { articles: answer.articles.map(articleJson), [key]: answer.items };
}

/** `newsbot summary|quotes|timeline --topic TEXT`: answers from the best-matching stored articles. */
export async function topicCommand(
  kind: 'summary' | 'quotes' | 'timeline',
  topic: string,
  options: TopicCommandOptions,
  context: CliContext,
): Promise<number> {
  const scope = { guildId: options.guild ?? null };
  const { stdout } = context.output;
  await context.withStore(async (store) => {
    if (kind === 'summary') {
      const answer = await summaryForTopic(store, topic, { ...scope, sentences: options.sentences });
      if (options.json) writeJson(stdout, answerJson('summary', answer));
      else stdout.write(renderPlainText(summaryCard(answer)));
    } else if (kind === 'quotes') {
      const answer = await quotesForTopic(store, topic, { ...scope, limit: options.limit, speaker: options.speaker });
      if (options.json) writeJson(stdout, answerJson('quotes', answer));
      else stdout.write(renderPlainText(quotesCard(answer)));
    } else {
      const answer = await timelineForTopic(store, topic, { ...scope, limit: options.limit });
      if (options.json) writeJson(stdout, answerJson('timeline', answer));
      else stdout.write(renderPlainText(timelineCard(answer)));
    }
  });
  return 0;
}
