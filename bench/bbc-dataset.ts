import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../src/ingest/decode.ts';

export interface BbcPair {
  /** `category/NNN.txt` */
  readonly id: string;
  readonly category: string;
  /** The article file as ingest decodes it (not yet normalised). */
  readonly article: string;
  /** The reference summary: article sentences concatenated with no separator. */
  readonly summary: string;
}

/** Decoded the way ingest decodes files, so that a stray Latin-1 byte reads as ingest reads it. */
function decode(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  return decoded.ok ? decoded.text : '';
}

/**
 * Every BBC News Summary article with its reference summary, in category and file order; byte-identical duplicate
 * articles are kept once (the dataset has such pairs, which would count twice in every average).
 */
export function readBbcPairs(datasetDir: string, categories?: readonly string[]): BbcPair[] {
  const pairs: BbcPair[] = [];
  const seen = new Set<string>();
  const articlesDir = join(datasetDir, 'articles');
  for (const category of readdirSync(articlesDir).sort()) {
    if (categories !== undefined && !categories.includes(category)) continue;
    const categoryDir = join(articlesDir, category);
    for (const file of readdirSync(categoryDir).sort()) {
      if (!file.endsWith('.txt')) continue;
      const summaryPath = join(datasetDir, 'summaries', category, file);
      if (!existsSync(summaryPath)) continue;
      const bytes = readFileSync(join(categoryDir, file));
      const hash = createHash('md5').update(bytes).digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      pairs.push({ id: `${category}/${file}`, category, article: decode(bytes), summary: decode(readFileSync(summaryPath)) });
    }
  }
  return pairs;
}
