/**
 * A feed's filter: words of which an item must contain at least one to be posted (every item is still stored).
 * Pure: no I/O.
 *
 * Words are separated by spaces or commas and matched case-insensitively at the start of a word in the title or the
 * text, so "rail" also matches "railway" and "Rail-strike", but not "guardrail".
 */
import { UserFacingError } from '../errors.ts';

export const MAX_FILTER_WORDS = 20;
export const MAX_FILTER_WORD_CHARACTERS = 50;

/** The filter's words, lower-cased, each once, in the order given. */
export function filterWords(filter: string | null): string[] {
  if (filter === null) return [];
  const words = filter
    .split(/[\s,]+/u)
    .map((word) => word.trim().toLocaleLowerCase())
    .filter((word) => word !== '');
  return [...new Set(words)];
}

/**
 * A filter as a person typed it, checked and tidied for storing: null when it has no words (post everything).
 * Refuses more than MAX_FILTER_WORDS words or a word longer than MAX_FILTER_WORD_CHARACTERS.
 */
export function normalizeFilter(filter: string | null): string | null {
  const words = filterWords(filter);
  if (words.length === 0) return null;
  if (words.length > MAX_FILTER_WORDS) {
    throw new UserFacingError(`A filter can have at most ${MAX_FILTER_WORDS} words; this one has ${words.length}.`);
  }
  const long = words.find((word) => word.length > MAX_FILTER_WORD_CHARACTERS);
  if (long !== undefined) {
    throw new UserFacingError(`Filter words can be at most ${MAX_FILTER_WORD_CHARACTERS} characters long (“${long.slice(0, 20)}…” is longer).`);
  }
  return words.join(' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether an item with this title and text passes the filter; a null or empty filter passes everything. */
export function matchesFilter(filter: string | null, title: string, text: string): boolean {
  const words = filterWords(filter);
  if (words.length === 0) return true;
  // A word starts where no letter or digit precedes it; the lookbehind keeps "rail" from matching "guardrail".
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})`, 'iu');
  return pattern.test(title) || pattern.test(text);
}
