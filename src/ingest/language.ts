import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';

/** Enough text to tell a language apart reliably; more only costs time at ingest. */
const SAMPLE_CHARACTERS = 600;
const MIN_CHARACTERS = 20;
export const UNDETERMINED_LANGUAGE = 'und';

/**
 * English function words that other languages written in Latin script do not use as words. Where a fifth of a
 * sample's words are among them, the text is English: franc is not asked, which saves most of the cost of
 * detection at ingest (English is the common case).
 */
const ENGLISH_FUNCTION_WORDS = new Set([
  'the', 'and', 'of', 'to', 'is', 'that', 'for', 'was', 'with', 'said', 'it', 'as', 'by', 'at', 'from', 'have', 'has',
  'be', 'are', 'this', 'which', 'were', 'will', 'would', 'not', 'but', 'its', 'been', 'they', 'he', 'she', 'his', 'her',
]);
const MIN_SAMPLE_WORDS = 20;
const ENGLISH_SHARE = 0.2;

function looksEnglish(sample: string): boolean {
  const words = sample.toLowerCase().match(/[a-z\u00C0-\u024F]+/g) ?? [];
  if (words.length < MIN_SAMPLE_WORDS) return false;
  let hits = 0;
  for (const word of words) if (ENGLISH_FUNCTION_WORDS.has(word)) hits += 1;
  return hits / words.length >= ENGLISH_SHARE;
}

function toTwoLetterCode(code: string): string {
  return iso6393To1[code] ?? code;
}

/** The text's language as an ISO 639-1 code (ISO 639-3 where no two-letter code exists), or `und`. */
export function detectLanguage(text: string): string {
  // Past the first line, which is often a headline in title case and a weaker sample.
  const firstBreak = text.indexOf('\n');
  const body = firstBreak > 0 && text.length - firstBreak > SAMPLE_CHARACTERS / 2 ? text.slice(firstBreak + 1) : text;
  const sample = body.slice(0, SAMPLE_CHARACTERS);
  if (looksEnglish(sample)) return 'en';
  const code = franc(sample, { minLength: MIN_CHARACTERS });
  return code === 'und' ? UNDETERMINED_LANGUAGE : toTwoLetterCode(code);
}
