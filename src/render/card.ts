/**
 * An answer as a card: the shape a Discord embed will take (title, body lines, fields, footer), rendered as plain
 * text for the terminal and the demo. Text is plain: each renderer escapes it for its medium.
 */
export interface Card {
  readonly title: string;
  readonly lines: readonly string[];
  readonly fields: readonly CardField[];
  readonly footer?: string;
}

export interface CardField {
  readonly name: string;
  readonly value: readonly string[];
}

/** Plain-text rendering of a card, for terminals. */
export function renderPlainText(card: Card): string {
  const out: string[] = [card.title, '═'.repeat(Math.min(Math.max(card.title.length, 8), 78))];
  if (card.lines.length > 0) out.push(...card.lines);
  for (const field of card.fields) {
    out.push('', `${field.name}:`, ...field.value.map((line) => `  ${line}`));
  }
  if (card.footer !== undefined) out.push('', card.footer);
  return `${out.join('\n')}\n`;
}
