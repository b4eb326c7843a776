import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../ingest/ingest.ts';
import type { CliContext } from '../context.ts';
import { plural, writeLine } from '../output.ts';

/** The invented sample articles shipped with newsbot, in every format it reads. */
export const SAMPLES_DIRECTORY = fileURLToPath(new URL('../../../samples/', import.meta.url));

const DEMO_QUERIES = ['rail strike', 'flood aid'];
const RESULTS_PER_QUERY = 3;

/** `newsbot demo`: the main job on the embedded defaults, to see newsbot work without Discord. */
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

    for (const query of DEMO_QUERIES) {
      writeLine(out);
      writeLine(out, `$ newsbot search "${query}"`);
      const hits = await store.searchArticles(query, { limit: RESULTS_PER_QUERY, guildId: null });
      for (const { article } of hits) {
        writeLine(out, `  ${article.publishedAt.slice(0, 10)}  ${article.title}  — ${article.source ?? 'unknown source'} [${article.id}]`);
      }
    }

    const firstHit = (await store.searchArticles(DEMO_QUERIES[0] ?? '', { limit: 1, guildId: null }))[0];
    const article = firstHit ? await store.getArticle(firstHit.article.id, null) : null;
    if (article) {
      writeLine(out);
      writeLine(out, `“${article.title}” (${article.language}) splits into ${plural(article.segmentation.paragraphs.length, 'paragraph')} and ${plural(article.segmentation.sentences.length, 'sentence')}; the first three:`);
      for (const sentence of article.segmentation.sentences.slice(0, 3)) {
        writeLine(out, `  [${sentence.start}–${sentence.end}] ${article.text.slice(sentence.start, sentence.end)}`);
      }
    }
    writeLine(out);
    writeLine(out, 'Next: `npx newsbot ingest PATH` to add your own articles, `npx newsbot search WORDS` to find them.');
    return 0;
  });
}
