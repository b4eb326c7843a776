/** More words than this add nothing to a ranking but cost time; a pasted paragraph is cut here. */
const MAX_QUERY_TERMS = 24;

/**
 * Turns any text a person types into a safe FTS5 query: its words, each quoted so that FTS5 operators, quotes,
 * `-`, `*` and column filters are taken literally. Returns null when the text has no searchable word.
 */
export function toFtsQuery(text: string, join: 'AND' | 'OR'): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words) return null;
  const unique = [...new Set(words.map((word) => word.toLowerCase()))].slice(0, MAX_QUERY_TERMS);
  return unique.map((word) => `"${word}"`).join(join === 'AND' ? ' ' : ' OR ');
}
