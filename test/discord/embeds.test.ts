// Card → embed rendering: every Discord limit respected, long answers split at boundaries, article text escaped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIEmbed } from 'discord.js';
import type { ArticleSummary } from '../../src/domain/article.ts';
import { cardToEmbeds, embedSize, escapedPieces, escapeText, LIMITS, MAX_PAGES, sourceLine } from '../../src/discord/embeds.ts';
import type { Card } from '../../src/render/card.ts';

function source(overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id: 'a1',
    guildId: null,
    title: 'Rail strike ends',
    url: 'https://herald.example/rail',
    canonicalUrl: 'https://herald.example/rail',
    source: 'Norland Herald',
    publishedAt: '2026-11-26T08:00:00Z',
    publishedAtIsIngestTime: false,
    language: 'en',
    ingestedAt: '2026-11-26T09:00:00Z',
    contentHash: 'h',
    addedBy: null,
    ...overrides,
  };
}

function assertWithinLimits(embeds: readonly APIEmbed[]): void {
  assert.ok(embeds.length >= 1 && embeds.length <= MAX_PAGES);
  for (const embed of embeds) {
    assert.ok((embed.title?.length ?? 0) <= LIMITS.title, 'title');
    assert.ok((embed.description?.length ?? 0) <= LIMITS.description, 'description');
    assert.ok((embed.fields?.length ?? 0) <= LIMITS.fields, 'field count');
    for (const field of embed.fields ?? []) {
      assert.ok(field.name.length > 0 && field.name.length <= LIMITS.fieldName, 'field name');
      assert.ok(field.value.length > 0 && field.value.length <= LIMITS.fieldValue, 'field value');
    }
    assert.ok((embed.footer?.text.length ?? 0) <= LIMITS.footer, 'footer');
    assert.ok(embedSize(embed) <= LIMITS.embedTotal, `total ${embedSize(embed)}`);
  }
}

const sentence = 'The union said it would consult its members before deciding on further walkouts. ';

const cases: { name: string; card: Card; sources?: ArticleSummary[]; pages?: number }[] = [
  { name: 'a short answer is one page', card: { title: 'Summary', lines: ['One sentence.'], fields: [], footer: 'f' }, pages: 1 },
  { name: 'an empty card still renders', card: { title: 'Nothing', lines: [], fields: [] }, pages: 1 },
  { name: 'a 300-character title is cut', card: { title: 'T'.repeat(300), lines: ['x'], fields: [] }, pages: 1 },
  { name: 'many lines split into pages', card: { title: 'Quotes', lines: Array.from({ length: 200 }, (_, i) => `${i} ${sentence}`), fields: [] } },
  { name: 'one 20,000-character line is split at sentences', card: { title: 'Long', lines: [sentence.repeat(250)], fields: [] } },
  { name: 'one 10,000-character word is cut anyway', card: { title: 'Word', lines: ['w'.repeat(10_000)], fields: [] } },
  { name: 'markdown-heavy text that doubles when escaped', card: { title: '*_*', lines: ['*_~|`'.repeat(2000)], fields: [] } },
  { name: 'a huge answer is capped at the page limit', card: { title: 'Huge', lines: Array.from({ length: 2000 }, () => sentence), fields: [] } },
  {
    name: 'many long sources stay within field limits',
    card: { title: 'Sources', lines: ['x'], fields: [{ name: 'Sources', value: [] }], footer: 'F'.repeat(3000) },
    sources: Array.from({ length: 40 }, (_, i) => source({ id: `a${i}`, title: `Title ${i} ${'long '.repeat(60)}` })),
  },
  { name: 'plain fields with long values are packed', card: { title: 'F', lines: [], fields: [{ name: 'N'.repeat(400), value: Array.from({ length: 50 }, () => sentence) }] } },
];

describe('cardToEmbeds keeps every limit', () => {
  for (const { name, card, sources, pages } of cases) {
    test(name, () => {
      const embeds = cardToEmbeds(card, sources ? { sources } : {});
      assertWithinLimits(embeds);
      if (pages !== undefined) assert.equal(embeds.length, pages);
    });
  }

  test('long answers lose no sentence and split at sentence ends', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `Sentence number ${i} is here.`);
    const embeds = cardToEmbeds({ title: 'S', lines, fields: [] });
    assert.ok(embeds.length > 1 || (embeds[0]?.description?.length ?? 0) > 0);
    const joined = embeds.map((e) => e.description ?? '').join('\n').split('\n');
    assert.deepEqual(joined, lines);
    const pieces = escapedPieces(sentence.repeat(100), 500);
    for (const piece of pieces) {
      assert.ok(piece.length <= 500);
      assert.ok(piece.endsWith('walkouts.'), piece.slice(-20));
    }
  });

  test('pages say which page they are', () => {
    const embeds = cardToEmbeds({ title: 'P', lines: Array.from({ length: 400 }, () => sentence), fields: [], footer: 'Verbatim.' });
    assert.ok(embeds.length > 1);
    assert.equal(embeds[0]?.footer?.text, `Verbatim. · page 1/${embeds.length}`);
  });
});

describe('escaping article text', () => {
  const table: { input: string; forbidden: RegExp }[] = [
    { input: '@everyone look', forbidden: /(?<!\u200b)@everyone/ },
    { input: '@here now', forbidden: /@here/ },
    { input: 'ping <@123456789> and <@!1> and role <@&2>', forbidden: /<@/ },
    { input: 'channel <#123>', forbidden: /<#/ },
    { input: '[click](https://evil.example)', forbidden: /(?<!\\)\[click(?<!\\)\]\(/ },
    { input: 'text ](https://x)', forbidden: /\]\(/ },
    { input: '# Big heading', forbidden: /^#/ },
    { input: '**bold** and __under__', forbidden: /(?<!\\)\*\*/ },
    { input: '> quote block', forbidden: /^>/ },
    { input: '- list item', forbidden: /^- / },
    { input: '||spoiler||', forbidden: /(?<!\\)\|\|/ },
  ];
  for (const { input, forbidden } of table) {
    test(`neutralises ${JSON.stringify(input)}`, () => {
      assert.doesNotMatch(escapeText(input), forbidden);
    });
  }

  test('cards escape their lines and titles, sources become safe links', () => {
    const [embed] = cardToEmbeds(
      { title: '[x](https://evil.example) @everyone', lines: ['Said <@42> **loudly**'], fields: [{ name: 'Sources', value: ['ignored'] }] },
      { sources: [source({ title: 'A [tricky](https://evil.example) title', url: 'https://herald.example/a(b)' })] },
    );
    assert.doesNotMatch(embed?.title ?? '', /(?<!\\)\]\(|(?<!\u200b)@everyone/);
    assert.doesNotMatch(embed?.description ?? '', /<@|(?<!\\)\*\*/);
    const value = embed?.fields?.[0]?.value ?? '';
    assert.match(value, /^\\\[1\\\] \[A \\\[tricky\\\]\u200b\(https:\/\/evil\.example\) title\]\(https:\/\/herald\.example\/a%28b%29\) \(Norland Herald, 2026-11-26\)$/);
  });

  test('a source without a usable URL is plain text', () => {
    assert.equal(sourceLine(source({ url: 'javascript:alert(1)' }), 0), '\\[1\\] Rail strike ends (Norland Herald, 2026-11-26)');
    assert.equal(sourceLine(source({ url: null, source: null }), 1), '\\[2\\] Rail strike ends (2026-11-26)');
  });
});
