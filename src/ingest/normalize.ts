/** Characters that carry nothing a reader sees: zero-width spaces, the BOM, soft hyphens. */
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/g;
// C0 and C1 controls except tab and line feed (carriage returns are folded into line feeds first).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * The one canonical form of an article's text, which every stored offset refers to: NFC, `\n` line breaks, no
 * control or invisible characters, single spaces, no blank line runs, trimmed.
 */
export function normalizeArticleText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/\t|\f|\v/g, ' ')
    .replace(CONTROL, '')
    .replace(/[ \u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A title, or any one-line field: whitespace folded to single spaces. */
export function normalizeLine(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** The text as compared for duplicates: case, quote style, dashes and spacing do not matter. */
export function duplicateKeyText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
