import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';

/** Enough text to tell a language apart reliably; more only costs time at ingest. */
const SAMPLE_CHARACTERS = 1000;
const MIN_CHARACTERS = 20;
export const UNDETERMINED_LANGUAGE = 'und';

function toTwoLetterCode(code: string): string {
  return iso6393To1[code] ?? code;
}

/** The text's language as an ISO 639-1 code (ISO 639-3 where no two-letter code exists), or `und`. */
export function detectLanguage(text: string): string {
  // Past the first line, which is often a headline in title case and a weaker sample.
  const firstBreak = text.indexOf('\n');
  const body = firstBreak > 0 && text.length - firstBreak > SAMPLE_CHARACTERS / 2 ? text.slice(firstBreak + 1) : text;
  const sample = body.slice(0, SAMPLE_CHARACTERS);
  const code = franc(sample, { minLength: MIN_CHARACTERS });
  return code === 'und' ? UNDETERMINED_LANGUAGE : toTwoLetterCode(code);
}
