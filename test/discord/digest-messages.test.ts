// A digest as Discord messages (src/discord/digest-messages.ts): every message within Discord's limits; long digests
// split into parts that each carry their own marker; sentences and quotes whole or left out, never cut; only the
// first message may mention, and only the subscription's role; article text escaped; the empty digest; the
// "…and N more" line. Invented fixtures: the (fictional) Kelby ferry dispute and other Norland stories.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIEmbed } from 'discord.js';
import type { Digest, DigestEntry } from '../../src/digest/build-digest.ts';
import type { ArticleSummary } from '../../src/domain/article.ts';
import { digestMessages, digestPartMarker } from '../../src/discord/digest-messages.ts';
import type { DigestMessage } from '../../src/discord/digest-messages.ts';
import { embedSize, LIMITS } from '../../src/discord/embeds.ts';

const ROLE = '123456789012345678';

function article(id: string, source: string | null, overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    guildId: null,
    title: `Article ${id}`,
    url: `https://news${id}.example/story/${id}`,
    canonicalUrl: null,
    source,
    publishedAt: '2026-11-27T05:00:00Z',
    publishedAtIsIngestTime: false,
    language: 'en',
    ingestedAt: '2026-11-27T05:10:00Z',
    contentHash: `hash-${id}`,
    addedBy: null,
    ...overrides,
  };
}

const HERALD = article('h1', 'Kelby Herald');
const POST = article('p1', 'Valley Post');
const LEDGER = article('l1', 'Northern Ledger');

function entry(id: string, overrides: Partial<DigestEntry> = {}): DigestEntry {
  return {
    eventId: id,
    title: `Ferry crews vote to strike (${id})`,
    status: 'updated',
    whatsNew: '2 new articles, from Kelby Herald and Valley Post',
    sentences: [
      { text: 'Ferry crews in Kelby voted to strike from Monday.', source: HERALD },
      { text: 'The operator said it would run a reduced timetable.', source: POST },
    ],
    quote: { text: 'We have run out of patience.', speaker: 'Ada Morven', sources: [POST] },
    outletCount: 3,
    links: [HERALD, POST, LEDGER],
    ...overrides,
  };
}

function digest(entries: readonly DigestEntry[], overrides: Partial<Digest> = {}): Digest {
  return {
    localDate: '2026-11-27',
    timeZone: 'Europe/Paris',
    chart: null,
    title: 'Daily digest · Friday 27 November 2026',
    sinceLine: 'Since Thursday 26 November, 08:00 (Europe/Paris)',
    topics: null,
    entries,
    moreEvents: 0,
    ...overrides,
  };
}

/** A sentence of exactly `length` characters, ending with a full stop, unique to `tag`. */
function longSentence(tag: string, length: number): string {
  const start = `Sentence ${tag} says the harbour board met again on the quay`;
  let text = start;
  while (text.length < length - 1) text += ' and talked';
  return `${text.slice(0, length - 1).trimEnd()}.`.padEnd(length, '.');
}

function assertWithinLimits(messages: readonly DigestMessage[]): void {
  assert.ok(messages.length >= 1, 'at least one message');
  for (const [index, message] of messages.entries()) {
    const where = `message ${index + 1}`;
    assert.ok(message.content.length > 0 && message.content.length <= LIMITS.content, `${where}: content ${message.content.length}`);
    assert.ok(message.embeds.length <= LIMITS.embedsPerMessage, `${where}: ${message.embeds.length} embeds`);
    let total = 0;
    for (const embed of message.embeds) {
      assert.ok((embed.title?.length ?? 0) <= LIMITS.title, `${where}: title`);
      assert.ok((embed.description?.length ?? 0) <= LIMITS.description, `${where}: description`);
      assert.ok((embed.footer?.text.length ?? 0) <= LIMITS.footer, `${where}: footer`);
      assert.ok(embedSize(embed) <= LIMITS.embedTotal, `${where}: embed size ${embedSize(embed)}`);
      total += embedSize(embed);
    }
    assert.ok(total <= LIMITS.embedTotal, `${where}: embeds total ${total}`);
  }
}

/** The embed of an event, found by the event id in its footer. */
function embedOf(messages: readonly DigestMessage[], eventId: string): APIEmbed {
  const found = messages.flatMap((message) => message.embeds).filter((embed) => embed.footer?.text.endsWith(`/event id:${eventId}`));
  assert.equal(found.length, 1, `one embed for ${eventId}`);
  return found[0] as APIEmbed;
}

/**
 * Each sentence (plain text in these fixtures, so escaping leaves it as it is) is in the description whole, or not
 * at all: not even its first 40 characters. The ones shown are the first ones, in order. Returns how many are shown.
 */
function assertWholeSentences(description: string, sentences: readonly string[]): number {
  const shown = sentences.map((sentence) => description.includes(sentence));
  for (const [index, sentence] of sentences.entries()) {
    if (!shown[index]) assert.ok(!description.includes(sentence.slice(0, 40)), `sentence ${index} is partly shown`);
  }
  const count = shown.filter(Boolean).length;
  assert.deepEqual(shown, sentences.map((_, index) => index < count), 'the first sentences are kept');
  // Outlet names in the links may be shortened; nothing else is.
  const text = description.split('\n\n').filter((paragraph) => !paragraph.startsWith('Read: '));
  assert.ok(text.every((paragraph) => !paragraph.includes('…')), 'nothing is cut with an ellipsis');
  return count;
}

describe('digestMessages: limits and splitting', () => {
  const sizes: { name: string; entries: DigestEntry[]; messages?: number | 'several' }[] = [
    { name: 'one short event: one message', entries: [entry('e1')], messages: 1 },
    { name: 'ten short events: one message of ten embeds', entries: Array.from({ length: 10 }, (_, i) => entry(`e${i}`)), messages: 1 },
    { name: 'eleven short events: two messages (ten embeds at most)', entries: Array.from({ length: 11 }, (_, i) => entry(`e${i}`)), messages: 2 },
    {
      name: 'ten events of three 900-character sentences: several messages',
      entries: Array.from({ length: 10 }, (_, i) =>
        entry(`e${i}`, { sentences: [1, 2, 3].map((k) => ({ text: longSentence(`${i}.${k}`, 900), source: HERALD })) }),
      ),
      messages: 'several',
    },
    {
      name: 'twenty-five events of six 900-character sentences',
      entries: Array.from({ length: 25 }, (_, i) =>
        entry(`e${i}`, { sentences: [1, 2, 3, 4, 5, 6].map((k) => ({ text: longSentence(`${i}.${k}`, 900), source: HERALD })) }),
      ),
      messages: 'several',
    },
    {
      name: 'a 300-character title, long outlet names and long links',
      entries: [
        entry('e1', {
          title: `Kelby ${'harbour '.repeat(40)}`,
          links: [1, 2, 3].map((k) => article(`x${k}`, `The ${'Very '.repeat(30)}Long Gazette ${k}`, { url: `https://gazette.example/${'p'.repeat(480)}/${k}` })),
        }),
      ],
      messages: 1,
    },
  ];
  for (const c of sizes) {
    test(c.name, () => {
      const d = digest(c.entries);
      const messages = digestMessages(d, { pingRoleId: null });
      assertWithinLimits(messages);
      if (c.messages === 'several') assert.ok(messages.length > 1, `${messages.length} messages`);
      else if (c.messages !== undefined) assert.equal(messages.length, c.messages);
      // Every event once, in the digest's order.
      assert.deepEqual(
        messages.flatMap((message) => message.embeds).map((embed) => embed.footer?.text.split('id:')[1]),
        c.entries.map((e) => e.eventId),
      );
      for (const e of c.entries) {
        const description = embedOf(messages, e.eventId).description ?? '';
        assert.ok(assertWholeSentences(description, e.sentences.map((s) => s.text)) >= 1, `${e.eventId}: a sentence is shown`);
      }
    });
  }

  test('each part carries its marker; the first the header', () => {
    const d = digest(
      Array.from({ length: 10 }, (_, i) => entry(`e${i}`, { sentences: [1, 2, 3].map((k) => ({ text: longSentence(`${i}.${k}`, 900), source: HERALD })) })),
    );
    const messages = digestMessages(d, { pingRoleId: null });
    assert.ok(messages.length >= 3, `${messages.length} messages`);
    assert.ok(messages[0]?.content.startsWith(`📰 ${digestPartMarker(d, 0)}`));
    assert.ok(messages[0]?.content.includes('Since Thursday 26 November, 08:00 (Europe/Paris)'));
    for (const [index, message] of messages.entries()) {
      assert.ok(message.content.includes(digestPartMarker(d, index)), `part ${index + 1}`);
      if (index > 0) assert.ok(!message.content.includes('Since Thursday'), 'the header is not repeated');
    }
  });

  test("a part's marker is found in that part only (how a restarted bot recognises what it posted)", () => {
    const d = digest(Array.from({ length: 25 }, (_, i) => entry(`e${i}`)));
    const messages = digestMessages(d, { pingRoleId: ROLE });
    assert.equal(messages.length, 3);
    for (const [index] of messages.entries()) {
      const marker = digestPartMarker(d, index);
      assert.deepEqual(
        messages.map((message) => message.content.includes(marker)),
        messages.map((_, other) => other === index),
        `marker of part ${index + 1}: ${marker}`,
      );
    }
    // Neither is yesterday's digest taken for today's.
    const yesterday = { ...d, localDate: '2026-11-26', title: 'Daily digest · Thursday 26 November 2026' };
    for (const index of [0, 1, 2]) assert.ok(messages.every((message) => !message.content.includes(digestPartMarker(yesterday, index))));
  });

  test('the same digest gives the same messages (a retry posts identical parts)', () => {
    const d = digest(Array.from({ length: 12 }, (_, i) => entry(`e${i}`)), { moreEvents: 2 });
    assert.deepEqual(digestMessages(d, { pingRoleId: ROLE }), digestMessages(d, { pingRoleId: ROLE }));
  });
});

describe('digestMessages: sentences and quotes whole or left out', () => {
  const cases: { name: string; entry: DigestEntry; sentencesShown: number | 'some'; quoteShown: boolean }[] = [
    { name: 'short sentences and quote all shown', entry: entry('e1'), sentencesShown: 2, quoteShown: true },
    {
      name: 'too many long sentences for one embed: the last ones left out whole',
      entry: entry('e1', { sentences: [1, 2, 3, 4, 5, 6].map((k) => ({ text: longSentence(`1.${k}`, 900), source: HERALD })), quote: null }),
      sentencesShown: 'some',
      quoteShown: false,
    },
    {
      name: 'a quote of more than 600 characters is left out',
      entry: entry('e1', { quote: { text: longSentence('quote', 601), speaker: 'Ada Morven', sources: [POST] } }),
      sentencesShown: 2,
      quoteShown: false,
    },
    {
      name: 'a quote of exactly 600 characters is shown',
      entry: entry('e1', { quote: { text: longSentence('quote', 600), speaker: 'Ada Morven', sources: [POST] } }),
      sentencesShown: 2,
      quoteShown: true,
    },
    {
      name: 'a single sentence longer than an embed is left out, not cut',
      entry: entry('e1', { sentences: [{ text: longSentence('huge', 5000), source: HERALD }], quote: null }),
      sentencesShown: 0,
      quoteShown: false,
    },
    {
      name: 'a sentence that barely does not fit after a long one: the first kept, the quote dropped before it',
      entry: entry('e1', {
        sentences: [
          { text: longSentence('first', 3400), source: HERALD },
          { text: longSentence('second', 400), source: POST },
        ],
        quote: { text: longSentence('quote', 590), speaker: 'Ada Morven', sources: [POST] },
      }),
      sentencesShown: 1,
      quoteShown: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const messages = digestMessages(digest([c.entry]), { pingRoleId: null });
      assertWithinLimits(messages);
      const description = embedOf(messages, c.entry.eventId).description ?? '';
      const shown = assertWholeSentences(description, c.entry.sentences.map((s) => s.text));
      if (c.sentencesShown === 'some') assert.ok(shown > 0 && shown < c.entry.sentences.length, `${shown} shown`);
      else assert.equal(shown, c.sentencesShown);
      const quote = c.entry.quote?.text ?? '';
      if (c.quoteShown) assert.ok(description.includes(`“${quote}” — Ada Morven (Valley Post)`), 'quote shown');
      else if (quote !== '') assert.ok(!description.includes(quote.slice(0, 30)), 'no part of the quote');
      // The links are always there.
      assert.ok(description.includes('Read: [Kelby Herald](https://newsh1.example/story/h1)'), 'links');
    });
  }
});

describe('digestMessages: mentions', () => {
  const d = digest(Array.from({ length: 12 }, (_, i) => entry(`e${i}`)));

  test('with a role to ping: only the first message mentions it, and only it', () => {
    const messages = digestMessages(d, { pingRoleId: ROLE });
    assert.equal(messages.length, 2);
    assert.ok(messages[0]?.content.startsWith(`<@&${ROLE}> `));
    assert.deepEqual(messages[0]?.allowedMentions, { parse: [], roles: [ROLE] });
    for (const message of messages.slice(1)) {
      assert.deepEqual(message.allowedMentions, { parse: [] });
      assert.ok(!message.content.includes(`<@&${ROLE}>`));
    }
  });

  test('without a role: no message may mention anyone', () => {
    const messages = digestMessages(d, { pingRoleId: null });
    for (const message of messages) {
      assert.deepEqual(message.allowedMentions, { parse: [] });
      assert.ok(!message.content.includes('<@'));
    }
  });

  test('an empty digest pings too when asked (the subscription said so)', () => {
    const messages = digestMessages(digest([]), { pingRoleId: ROLE });
    assert.deepEqual(messages[0]?.allowedMentions, { parse: [], roles: [ROLE] });
  });
});

describe('digestMessages: article text is escaped', () => {
  const hostile = '@everyone see <@123> and <@&456> and <#789> **bold** __under__ [x](http://evil.example) `code` ||spoiler||';
  const evil = article('evil', '**Loud** @here Times', { url: 'javascript:alert(1)' });
  const messages = digestMessages(
    digest(
      [
        entry('e1', {
          title: 'Crews strike',
          whatsNew: '2 new articles, from @everyone and **Loud** Times',
          sentences: [{ text: hostile, source: HERALD }],
          quote: { text: `Quote ${hostile}`, speaker: 'Spokes <@123> person', sources: [evil] },
          links: [evil, article('paren', 'Kelby Herald', { url: 'https://herald.example/a_(b)' })],
        }),
      ],
      { topics: 'ferry, @everyone **x**' },
    ),
    { pingRoleId: null },
  );
  const embed = messages[0]?.embeds[0] ?? {};
  const description = embed.description ?? '';

  // Negative cases: none of these may survive as written.
  const raw = ['@everyone', '@here', '<@123>', '<@&456>', '<#789>', '**bold**', '__under__', '[x](http://evil.example)', '`code`', '||spoiler||', '**Loud**', 'javascript:'];
  for (const text of raw) test(`no raw ${JSON.stringify(text)} in the description`, () => assert.ok(!description.includes(text), description));

  test('the words are still there', () => {
    for (const word of ['everyone', 'bold', 'under', 'evil.example', 'spoiler', 'Spokes']) assert.ok(description.includes(word), word);
  });

  test('topics in the header are escaped', () => {
    const content = messages[0]?.content ?? '';
    assert.ok(content.includes('topics: ferry'));
    assert.ok(!content.includes('@everyone') && !content.includes('**x**'), content);
  });

  test('an address that is not http(s) is no link, and no embed URL', () => {
    assert.ok(!description.includes('(javascript'));
    assert.equal(embed.url, 'https://herald.example/a_%28b%29');
  });

  test('parentheses in an address are encoded, so the link is not broken', () => {
    assert.ok(description.includes('](https://herald.example/a_%28b%29)'), description);
  });

  test('markdown in an event title is escaped', () => {
    const [message] = digestMessages(digest([entry('e2', { title: '**Strike** at _Kelby_ @everyone' })]), { pingRoleId: null });
    const title = message?.embeds[0]?.title ?? '';
    assert.ok(!title.includes('**Strike**') && !title.includes('_Kelby_') && !title.includes('@everyone'), title);
    assert.ok(title.includes('Strike') && title.includes('Kelby'));
  });
});

describe('digestMessages: empty digests and more events', () => {
  const cases: {
    name: string;
    digest: Digest;
    messages: number;
    firstContent?: string;
    lastLine?: string;
  }[] = [
    {
      name: 'an empty digest: one message, a "No new events" line, no embeds',
      digest: digest([]),
      messages: 1,
      firstContent: '📰 **Daily digest · Friday 27 November 2026**\nSince Thursday 26 November, 08:00 (Europe/Paris)\nNo new events since the last digest.',
    },
    {
      name: 'an empty digest about topics says so',
      digest: digest([], { topics: 'ferry, flood', sinceLine: null }),
      messages: 1,
      firstContent: '📰 **Daily digest · Friday 27 November 2026**\ntopics: ferry, flood\nNo new events about these topics since the last digest.',
    },
    {
      name: 'more events: the line closes the only message',
      digest: digest([entry('e1')], { moreEvents: 3 }),
      messages: 1,
      lastLine: '…and 3 more events with news: see /events.',
    },
    {
      name: 'one more event: singular',
      digest: digest([entry('e1')], { moreEvents: 1 }),
      messages: 1,
      lastLine: '…and 1 more event with news: see /events.',
    },
    {
      name: 'more events: the line closes the last of several messages only',
      digest: digest(Array.from({ length: 15 }, (_, i) => entry(`e${i}`)), { moreEvents: 7 }),
      messages: 2,
      lastLine: '…and 7 more events with news: see /events.',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const messages = digestMessages(c.digest, { pingRoleId: null });
      assertWithinLimits(messages);
      assert.equal(messages.length, c.messages);
      if (c.firstContent !== undefined) {
        assert.equal(messages[0]?.content, c.firstContent);
        assert.deepEqual(messages[0]?.embeds, []);
      }
      const more = messages.filter((message) => message.content.includes('more event'));
      if (c.lastLine === undefined) assert.deepEqual(more, []);
      else {
        assert.deepEqual(more, [messages.at(-1)]);
        assert.ok(messages.at(-1)?.content.endsWith(`\n${c.lastLine}`));
      }
    });
  }

  test('no "more" line when nothing was left out', () => {
    for (const message of digestMessages(digest(Array.from({ length: 15 }, (_, i) => entry(`e${i}`))), { pingRoleId: null })) {
      assert.ok(!message.content.includes('more event'));
    }
  });
});

describe('digestMessages: embeds', () => {
  test('new and updated events differ in heading and colour; footer counts outlets', () => {
    const [message] = digestMessages(
      digest([entry('fresh', { status: 'new', whatsNew: null, outletCount: 1 }), entry('old', { outletCount: 3 })]),
      { pingRoleId: null },
    );
    const [fresh, old] = message?.embeds ?? [];
    assert.ok(fresh?.title?.startsWith('🆕 '));
    assert.ok(old?.title?.startsWith('🔄 '));
    assert.notEqual(fresh?.color, old?.color);
    assert.equal(fresh?.footer?.text, '1 outlet · /event id:fresh');
    assert.equal(old?.footer?.text, '3 outlets · /event id:old');
    assert.ok(!(fresh?.description ?? '').includes('Updated:'));
    assert.ok((old?.description ?? '').startsWith('**Updated:** 2 new articles, from Kelby Herald and Valley Post\n\n'));
    assert.equal(fresh?.url, 'https://newsh1.example/story/h1');
  });

  test('an event with nothing to say has no description', () => {
    const [message] = digestMessages(digest([entry('bare', { whatsNew: null, sentences: [], quote: null, links: [] })]), { pingRoleId: null });
    const embed = message?.embeds[0];
    assert.equal(embed?.description, undefined);
    assert.equal(embed?.url, undefined);
  });

  test('the description of a typical event, in full', () => {
    const [message] = digestMessages(digest([entry('ferry')]), { pingRoleId: null });
    assert.equal(
      message?.embeds[0]?.description,
      [
        '**Updated:** 2 new articles, from Kelby Herald and Valley Post',
        'Ferry crews in Kelby voted to strike from Monday. The operator said it would run a reduced timetable.',
        '> “We have run out of patience.” — Ada Morven (Valley Post)',
        'Read: [Kelby Herald](https://newsh1.example/story/h1) · [Valley Post](https://newsp1.example/story/p1) · [Northern Ledger](https://newsl1.example/story/l1)',
      ].join('\n\n'),
    );
  });
});
