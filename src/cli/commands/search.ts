import type { CliContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';

export interface SearchCommandOptions {
  readonly limit: number;
  readonly json: boolean;
  readonly guild?: string | undefined;
}

/** `newsbot search QUERY`: any text is a query; no match is an empty list, not an error. */
export async function searchCommand(query: string, options: SearchCommandOptions, context: CliContext): Promise<number> {
  const hits = await context.withStore((store) => store.searchArticles(query, { limit: options.limit, guildId: options.guild ?? null }));
  const { stdout } = context.output;
  if (options.json) {
    writeJson(stdout, {
      results: hits.map(({ article, snippet }) => ({
        id: article.id,
        title: article.title,
        url: article.url,
        source: article.source,
        publishedAt: article.publishedAt,
        snippet,
      })),
    });
    return 0;
  }
  if (hits.length === 0) {
    writeLine(stdout, `No stored article matches “${query.length > 80 ? `${query.slice(0, 80)}…` : query}”.`);
    return 0;
  }
  hits.forEach(({ article, snippet }, index) => {
    const meta = [article.source, article.publishedAt.slice(0, 10), article.id].filter((part) => part !== null).join(' · ');
    writeLine(stdout, `${index + 1}. ${article.title}`);
    writeLine(stdout, `   ${meta}`);
    if (article.url !== null) writeLine(stdout, `   ${article.url}`);
    writeLine(stdout, `   ${snippet.replace(/\s+/g, ' ')}`);
    writeLine(stdout);
  });
  return 0;
}
