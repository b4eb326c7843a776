/** "1 outlet", "3 outlets": a count with its word, for English nouns that take an s. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
