/**
 * Cuts text to at most `limit` characters, ending with "…": at the last space when one is in the second half of the
 * limit (so words stay whole), without a dangling comma or dash before the ellipsis.
 */
export function shortenAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf(' ', limit - 1);
  return `${text.slice(0, cut > limit / 2 ? cut : limit - 1).replace(/[\s,;:–—-]+$/, '')}…`;
}
