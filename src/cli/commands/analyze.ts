import { readFile, stat } from 'node:fs/promises';
import { analyzeText, type TextAnalysis } from '../../analysis/analyze-text.ts';
import { UserFacingError } from '../../errors.ts';
import { decodeText } from '../../ingest/decode.ts';
import type { Card } from '../../render/card.ts';
import { renderPlainText } from '../../render/card.ts';
import type { CliContext } from '../context.ts';
import { writeJson } from '../output.ts';

export interface AnalyzeCommandOptions {
  readonly json: boolean;
  readonly published?: string | undefined;
  readonly title?: string | undefined;
  readonly sentences: number;
}

async function readStream(stream: NodeJS.ReadableStream, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new UserFacingError(`standard input is larger than the ${limit.toLocaleString('en-US')}-byte limit`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function readInput(path: string, context: CliContext): Promise<string> {
  const limit = context.config.maxArticleBytes;
  let bytes: Uint8Array;
  if (path === '-') {
    bytes = await readStream(context.stdin, limit);
  } else {
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile()) throw new UserFacingError(`${path}: no such file`);
    if (info.size > limit) throw new UserFacingError(`${path}: too large (${info.size.toLocaleString('en-US')} bytes; the limit is ${limit.toLocaleString('en-US')})`);
    bytes = await readFile(path);
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new UserFacingError(`${path}: ${decoded.reason} (${decoded.detail})`);
  // The byte order mark is not part of the text: offsets are counted after it.
  return decoded.text.startsWith('\uFEFF') ? decoded.text.slice(1) : decoded.text;
}

function analysisCard(analysis: TextAnalysis): Card {
  const skipped = analysis.skipped.map((skip) => `${skip.stage}: ${skip.detail}`);
  return {
    title: `Analysis (${analysis.language}, published ${analysis.publishedAt})`,
    lines: [],
    fields: [
      { name: 'Summary', value: analysis.summary.map((sentence) => sentence.text) },
      {
        name: 'Quotes',
        value: analysis.quotes.map(
          (quote) => `${quote.key ? '★ ' : ''}“${quote.text}” — ${quote.speaker ?? 'unattributed'}${quote.fragment ? ' (fragment)' : ''}`,
        ),
      },
      { name: 'Timeline', value: analysis.timeline.map((entry) => `${entry.date.padEnd(10)}  ${entry.mention}: ${entry.text}`) },
      { name: 'Entities', value: analysis.entities.map((entity) => `${entity.name} (${entity.type}, ${entity.mentions}×)`) },
      ...(skipped.length > 0 ? [{ name: 'Skipped', value: skipped }] : []),
    ],
  };
}

/** `newsbot analyze FILE|-`: one text analysed as given; touches no database. */
export async function analyzeCommand(path: string, options: AnalyzeCommandOptions, context: CliContext): Promise<number> {
  const text = await readInput(path, context);
  const analysis = analyzeText(text, {
    published: options.published ?? null,
    title: options.title ?? null,
    sentences: options.sentences,
    now: context.clock(),
  });
  if (options.json) writeJson(context.output.stdout, analysis);
  else context.output.stdout.write(renderPlainText(analysisCard(analysis)));
  return 0;
}
