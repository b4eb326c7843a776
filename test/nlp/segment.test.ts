import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParagraphKind, Segmentation, Sentence } from '../../src/domain/article.ts';
import { segment, segmentStage } from '../../src/nlp/segment.ts';

interface Case {
  readonly name: string;
  readonly text: string;
  readonly sentences: readonly string[];
  /** Paragraph kinds in order, when the case is about paragraphs. */
  readonly kinds?: readonly ParagraphKind[];
  /** Paragraph texts in order, when the case is about paragraphs. */
  readonly paragraphs?: readonly string[];
}

const sentenceTexts = (text: string, s: Segmentation): string[] => s.sentences.map((x) => text.slice(x.start, x.end));
const paragraphTexts = (text: string, s: Segmentation): string[] => s.paragraphs.map((p) => text.slice(p.start, p.end));

const CASES: readonly Case[] = [
  // --- Paragraphs
  {
    name: 'blank lines separate paragraphs',
    text: 'The council met on Monday. It approved the budget.\n\nResidents were not consulted.',
    sentences: ['The council met on Monday.', 'It approved the budget.', 'Residents were not consulted.'],
    kinds: ['paragraph', 'paragraph'],
  },
  {
    name: 'one paragraph per line without blank lines',
    text: 'The port reopened on Friday.\nShips queued for hours.\n“We lost two days,” a captain said.',
    sentences: ['The port reopened on Friday.', 'Ships queued for hours.', '“We lost two days,” a captain said.'],
    paragraphs: ['The port reopened on Friday.', 'Ships queued for hours.', '“We lost two days,” a captain said.'],
  },
  {
    name: 'a hard wrap before a lowercase word joins the lines',
    text: 'The mayor said the new tram line would open\nnext spring. Critics doubt it.',
    sentences: ['The mayor said the new tram line would open\nnext spring.', 'Critics doubt it.'],
    paragraphs: ['The mayor said the new tram line would open\nnext spring. Critics doubt it.'],
  },
  {
    name: 'a hard wrap after a comma or a function word joins the lines',
    text: 'Farmers, traders and\nHauliers met the minister,\nWho promised help. Nobody believed him.',
    sentences: ['Farmers, traders and\nHauliers met the minister,\nWho promised help.', 'Nobody believed him.'],
    kinds: ['paragraph'],
  },
  {
    name: 'a hard wrap after an abbreviation joins the lines',
    text: 'The bill now goes to the U.S.\nSenate for a vote. It may pass.',
    sentences: ['The bill now goes to the U.S.\nSenate for a vote.', 'It may pass.'],
    kinds: ['paragraph'],
  },
  {
    name: 'fixed-width wrapped text keeps a sentence that ends at the line end in its paragraph',
    text:
      'The committee spent most of the morning on the harbour plan, which would\n' +
      'cost far more than the town can raise. It asked for a second opinion and\n' +
      'will meet again in May.\n' +
      'A new paragraph starts here.',
    sentences: [
      'The committee spent most of the morning on the harbour plan, which would\n' +
        'cost far more than the town can raise.',
      'It asked for a second opinion and\nwill meet again in May.',
      'A new paragraph starts here.',
    ],
    kinds: ['paragraph', 'paragraph'],
  },
  {
    name: 'a headline followed by a blank line is a heading',
    text: 'Storm closes coastal roads\n\nHigh winds closed three roads on Sunday. Police urged drivers home.',
    sentences: ['Storm closes coastal roads', 'High winds closed three roads on Sunday.', 'Police urged drivers home.'],
    kinds: ['heading', 'paragraph'],
  },
  {
    name: 'a headline with a question mark is a heading',
    text: 'Is the bridge safe?\n\nEngineers will inspect it this week.',
    sentences: ['Is the bridge safe?', 'Engineers will inspect it this week.'],
    kinds: ['heading', 'paragraph'],
  },
  {
    name: 'a headline may start with a brand name or end with an ellipsis',
    text: 'iPad sales slow\n\nThe tablet lost ground.\n\n‘Memories of summer...’\n\nThe show opens today.',
    sentences: ['iPad sales slow', 'The tablet lost ground.', '‘Memories of summer...’', 'The show opens today.'],
    kinds: ['heading', 'paragraph', 'paragraph', 'paragraph'],
  },
  {
    name: 'a short heading may end with a preposition',
    text: 'What to look out for\nThe first debate is on Monday.',
    sentences: ['What to look out for', 'The first debate is on Monday.'],
    kinds: ['heading', 'paragraph'],
  },
  {
    name: 'a long line ending with a function word is not a heading',
    text: 'The women’s relay team finished well ahead of the field as\n\nThe crowd cheered.',
    sentences: ['The women’s relay team finished well ahead of the field as', 'The crowd cheered.'],
    kinds: ['paragraph', 'paragraph'],
  },
  {
    name: 'a short line without final punctuation inside one-per-line text is a heading',
    text: 'Talks ended late on Tuesday.\nReactions from Kyiv\nOfficials said they would study the proposal.',
    sentences: ['Talks ended late on Tuesday.', 'Reactions from Kyiv', 'Officials said they would study the proposal.'],
    kinds: ['paragraph', 'heading', 'paragraph'],
  },
  {
    name: 'a heading is one sentence even when it has inner periods',
    text: 'Dr. Who returns to the U.K. stage\n\nThe play opens in June.',
    sentences: ['Dr. Who returns to the U.K. stage', 'The play opens in June.'],
    kinds: ['heading', 'paragraph'],
  },
  {
    name: 'a sentence may start lowercase after a heading',
    text: 'Background\n\niPhone sales fell. eBay said nothing.',
    sentences: ['Background', 'iPhone sales fell.', 'eBay said nothing.'],
    kinds: ['heading', 'paragraph'],
  },
  {
    name: 'the last line of a text is never a heading',
    text: 'The match was abandoned after an hour.\nReporting by Jane Doe',
    sentences: ['The match was abandoned after an hour.', 'Reporting by Jane Doe'],
    kinds: ['paragraph', 'paragraph'],
  },
  {
    name: 'bullet lines are separate paragraphs, not headings',
    text: 'The plan includes:\n- a new school\n- two clinics\n- More buses\nIt costs £3m.',
    sentences: ['The plan includes:', '- a new school', '- two clinics', '- More buses', 'It costs £3m.'],
    kinds: ['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph'],
  },
  {
    name: 'numbered lines are separate paragraphs, not headings',
    text: 'Three things changed:\n1. The timetable\n2. The fares\n3. The routes',
    sentences: ['Three things changed:', '1. The timetable', '2. The fares', '3. The routes'],
    kinds: ['paragraph', 'paragraph', 'paragraph', 'paragraph'],
  },
  {
    name: 'a headline and its deck after a semicolon are two paragraphs',
    text: 'Markets rally on rate hopes;\nInvestors expect a cut in June.',
    sentences: ['Markets rally on rate hopes;', 'Investors expect a cut in June.'],
    kinds: ['paragraph', 'paragraph'],
  },
  {
    name: 'a colon at a line end does not join the next line',
    text: 'The minister said:\n“We will not give up.”',
    sentences: ['The minister said:', '“We will not give up.”'],
    kinds: ['paragraph', 'paragraph'],
  },
  // --- Quotes and brackets
  {
    name: 'a sentence ending inside curly quotes ends after the quote',
    text: 'He said: “We will win.” Then he left.',
    sentences: ['He said: “We will win.”', 'Then he left.'],
  },
  {
    name: 'straight double quotes',
    text: 'She said: "It is over." The crowd cheered.',
    sentences: ['She said: "It is over."', 'The crowd cheered.'],
  },
  {
    name: 'single curly quotes',
    text: 'The sign read ‘Closed for repairs.’ Nobody knew why.',
    sentences: ['The sign read ‘Closed for repairs.’', 'Nobody knew why.'],
  },
  {
    name: 'doubled single quotes',
    text: "The note said ''Back soon.'' It was dated May.",
    sentences: ["The note said ''Back soon.''", 'It was dated May.'],
  },
  {
    name: 'a period inside a closing bracket',
    text: 'Prices rose again (see the table below.) Wages did not.',
    sentences: ['Prices rose again (see the table below.)', 'Wages did not.'],
  },
  {
    name: 'a quotation opening the next sentence',
    text: 'The coach was calm. "We played well. We lost." He shrugged.',
    sentences: ['The coach was calm.', '"We played well.', 'We lost."', 'He shrugged.'],
  },
  {
    name: 'a closing quote set off by a space stays with its sentence',
    text: '"It was a long season. " The captain smiled.',
    sentences: ['"It was a long season. "', 'The captain smiled.'],
  },
  {
    name: 'German quotation marks',
    text: 'Er sagte: „Wir schaffen das.“ Dann ging er.',
    sentences: ['Er sagte: „Wir schaffen das.“', 'Dann ging er.'],
  },
  // --- Question and exclamation marks
  {
    name: 'question and exclamation marks end sentences',
    text: 'Who pays? Nobody knows! The vote is tomorrow.',
    sentences: ['Who pays?', 'Nobody knows!', 'The vote is tomorrow.'],
  },
  {
    name: 'combined and repeated marks',
    text: 'Really?! He scored again!! The fans went wild.',
    sentences: ['Really?!', 'He scored again!!', 'The fans went wild.'],
  },
  {
    name: 'a quoted question followed by a lowercase attribution is one sentence',
    text: '“Why?” she asked. “Because we must,” he replied.',
    sentences: ['“Why?” she asked.', '“Because we must,” he replied.'],
  },
  {
    name: 'a quoted exclamation followed by a named speaker and a speech verb is one sentence',
    text: '“Stop the count!” Smith shouted. The officials ignored him.',
    sentences: ['“Stop the count!” Smith shouted.', 'The officials ignored him.'],
  },
  {
    name: 'a quoted question followed by a sentence of reported speech',
    text: '“Can we win?” Mr Hale said he would not answer that.',
    sentences: ['“Can we win?”', 'Mr Hale said he would not answer that.'],
  },
  {
    name: 'a quoted question followed by a new sentence',
    text: '“Why now?” The question hung in the air.',
    sentences: ['“Why now?”', 'The question hung in the air.'],
  },
  {
    name: 'a title with an exclamation mark inside a sentence',
    text: 'She starred in Hello Dolly! on Broadway. It ran for years.',
    sentences: ['She starred in Hello Dolly! on Broadway.', 'It ran for years.'],
  },
  // --- Abbreviations and numbers
  {
    name: 'titles before names',
    text: 'Mr. Jones met Mrs. Patel and Ms. Li. Dr. Okafor and Prof. Berg joined later.',
    sentences: ['Mr. Jones met Mrs. Patel and Ms. Li.', 'Dr. Okafor and Prof. Berg joined later.'],
  },
  {
    name: 'ranks and offices before names',
    text: 'Gen. Hale briefed Sen. Ortiz, Rep. Kim and Gov. Ames. St. Louis was next.',
    sentences: ['Gen. Hale briefed Sen. Ortiz, Rep. Kim and Gov. Ames.', 'St. Louis was next.'],
  },
  {
    name: 'company suffixes and Jr.',
    text: 'Acme Inc. and Brill Ltd. merged with Dune Co. and Echo Corp. last year. Sam Hale Jr. was named chairman.',
    sentences: [
      'Acme Inc. and Brill Ltd. merged with Dune Co. and Echo Corp. last year.',
      'Sam Hale Jr. was named chairman.',
    ],
  },
  {
    name: 'a company suffix can end a sentence',
    text: 'The shares were sold to Acme Inc. Former owners were paid in cash.',
    sentences: ['The shares were sold to Acme Inc.', 'Former owners were paid in cash.'],
  },
  {
    name: 'Jr. before a sentence opener ends the sentence',
    text: 'The award went to Sam Hale Jr. He thanked his family.',
    sentences: ['The award went to Sam Hale Jr.', 'He thanked his family.'],
  },
  {
    name: 'the U.S. before a sentence opener splits, before a name does not',
    text: 'Prices fell in the U.S. The president said the U.S. Senate would act.',
    sentences: ['Prices fell in the U.S.', 'The president said the U.S. Senate would act.'],
  },
  {
    name: 'U.K. and dotted abbreviations before other openers',
    text: 'Exports to the U.K. rose. Rain hit the U.K. However, sales held up.',
    sentences: ['Exports to the U.K. rose.', 'Rain hit the U.K.', 'However, sales held up.'],
  },
  {
    name: 'etc. before a capitalised word ends the sentence; before a lowercase word it does not',
    text: 'They sell pens, paper, etc. and also ink. They sell paint, brushes, etc. Prices are low.',
    sentences: ['They sell pens, paper, etc. and also ink.', 'They sell paint, brushes, etc.', 'Prices are low.'],
  },
  {
    name: 'e.g. and i.e. never end a sentence',
    text: 'Some fruit, e.g. Apples from Kent, sold well, i.e. Most of the stock. The rest was wasted.',
    sentences: ['Some fruit, e.g. Apples from Kent, sold well, i.e. Most of the stock.', 'The rest was wasted.'],
  },
  {
    name: 'a.m. and p.m.',
    text: 'The polls open at 7 a.m. and close at 10 p.m. The count starts at once.',
    sentences: ['The polls open at 7 a.m. and close at 10 p.m.', 'The count starts at once.'],
  },
  {
    name: 'month abbreviations before a day number',
    text: 'The law passed on Jan. 5 and took effect on Sept. 1. Few noticed.',
    sentences: ['The law passed on Jan. 5 and took effect on Sept. 1.', 'Few noticed.'],
  },
  {
    name: 'a month abbreviation can end a sentence',
    text: 'The show returns in Dec. She will host it.',
    sentences: ['The show returns in Dec.', 'She will host it.'],
  },
  {
    name: 'No. before a number',
    text: 'He lives at No. 10 with his family. He moved there in 2019.',
    sentences: ['He lives at No. 10 with his family.', 'He moved there in 2019.'],
  },
  {
    name: 'initials',
    text: 'J. K. Rowling and George W. Bush met T. S. Eliot fans. It was odd.',
    sentences: ['J. K. Rowling and George W. Bush met T. S. Eliot fans.', 'It was odd.'],
  },
  {
    name: 'a single capital letter can end a sentence before an opener',
    text: 'They chose plan B. The old plan was dropped.',
    sentences: ['They chose plan B.', 'The old plan was dropped.'],
  },
  {
    name: 'an acronym in capitals is not a title',
    text: 'The drug helps patients with MS. Doctors welcomed it.',
    sentences: ['The drug helps patients with MS.', 'Doctors welcomed it.'],
  },
  {
    name: 'decimals, money and thousands',
    text: 'Profit rose 3.5% to $1.13bn, or 1,000.5 per share. Debt fell to £2.4m.',
    sentences: ['Profit rose 3.5% to $1.13bn, or 1,000.5 per share.', 'Debt fell to £2.4m.'],
  },
  {
    name: 'a number ends a sentence',
    text: 'The victim was aged 45. Police are appealing for witnesses.',
    sentences: ['The victim was aged 45.', 'Police are appealing for witnesses.'],
  },
  {
    name: 'a sentence may start with a digit',
    text: 'Sales rose 5%. 10 stores closed in 2004. 300 jobs went.',
    sentences: ['Sales rose 5%.', '10 stores closed in 2004.', '300 jobs went.'],
  },
  {
    name: 'version numbers, URLs and e-mail addresses',
    text: 'Version 2.4.1 is at example.com/news and bbc.co.uk. Write to press@example.org for details.',
    sentences: ['Version 2.4.1 is at example.com/news and bbc.co.uk.', 'Write to press@example.org for details.'],
  },
  {
    name: 'an ellipsis before a lowercase word does not end the sentence',
    text: 'We waited... and waited… and then it rained. Nobody came.',
    sentences: ['We waited... and waited… and then it rained.', 'Nobody came.'],
  },
  {
    name: 'an ellipsis before a sentence opener ends the sentence',
    text: 'It was a murky area... There will be questions.',
    sentences: ['It was a murky area...', 'There will be questions.'],
  },
  {
    name: 'an ellipsis inside a title does not end the sentence',
    text: 'She left Stay Calm... Carry On last week.',
    sentences: ['She left Stay Calm... Carry On last week.'],
  },
  {
    name: 'a missing space after the period still ends the sentence',
    text: 'He was up for the challenge."Earlier this month he signed. It was the best band ever.Those songs last.',
    sentences: [
      'He was up for the challenge."',
      'Earlier this month he signed.',
      'It was the best band ever.',
      'Those songs last.',
    ],
  },
  {
    name: 'a spaced ellipsis is one mark',
    text: '"It was a strange game . . . momentum swings," he said. "We won . . . The rest is history."',
    sentences: ['"It was a strange game . . . momentum swings," he said.', '"We won . . .', 'The rest is history."'],
  },
  {
    name: 'a dash after a question mark continues the sentence',
    text: 'The answer is — are you ready for this? — nothing at all. Really.',
    sentences: ['The answer is — are you ready for this? — nothing at all.', 'Really.'],
  },
  {
    name: 'stray punctuation joins the sentence before it',
    text: 'I just do not think it is a good idea.  ... He left. ".',
    sentences: ['I just do not think it is a good idea.  ...', 'He left. ".'],
  },
  {
    name: 'a dotted abbreviation before a number',
    text: 'The S.&P. 500 closed higher. The U.S. 10-year yield fell.',
    sentences: ['The S.&P. 500 closed higher.', 'The U.S. 10-year yield fell.'],
  },
  {
    name: 'a list number at the start of a sentence',
    text: '1. The first point is cost.',
    sentences: ['1. The first point is cost.'],
  },
  // --- Other scripts
  {
    name: 'Chinese full stop, exclamation and question marks',
    text: '今天下雨。我们不去了！你呢？好的。',
    sentences: ['今天下雨。', '我们不去了！', '你呢？', '好的。'],
  },
  {
    name: 'Japanese quotation followed by a quotative particle',
    text: '「そうだ。」と彼は言った。雨が降った。',
    sentences: ['「そうだ。」と彼は言った。', '雨が降った。'],
  },
  {
    name: 'Cyrillic sentences',
    text: 'Президент выступил в среду. Как дела? Всё хорошо!',
    sentences: ['Президент выступил в среду.', 'Как дела?', 'Всё хорошо!'],
  },
  {
    name: 'Greek sentences with the Greek question mark',
    text: 'Ο υπουργός μίλησε. Τι θα γίνει; Κανείς δεν ξέρει.',
    sentences: ['Ο υπουργός μίλησε.', 'Τι θα γίνει;', 'Κανείς δεν ξέρει.'],
  },
  {
    name: 'French and Spanish',
    text: 'Le ministre a parlé. «Nous verrons.» ¿Qué pasa? Nada.',
    sentences: ['Le ministre a parlé.', '«Nous verrons.»', '¿Qué pasa?', 'Nada.'],
  },
  {
    name: 'a German ordinal before a month',
    text: 'Am 3. Oktober wird gefeiert. Alle kommen.',
    sentences: ['Am 3. Oktober wird gefeiert.', 'Alle kommen.'],
  },
  {
    name: 'a semicolon in Latin text does not end a sentence',
    text: 'Sales rose; costs fell. Shares jumped.',
    sentences: ['Sales rose; costs fell.', 'Shares jumped.'],
  },
  {
    name: 'astral-plane characters do not break offsets',
    text: 'The 𝒳 team won 🎉. The 𝒴 team lost.',
    sentences: ['The 𝒳 team won 🎉.', 'The 𝒴 team lost.'],
  },
];

/** Inputs that must produce nothing special: one paragraph, one sentence. */
const ONE_SENTENCE: readonly string[] = [
  'The U.S. Senate voted.',
  'Dr. Smith arrived at 3.5 p.m. on Jan. 5.',
  'It grew 10 p.c. last year.',
  'Visit bbc.co.uk for more.',
  'J. K. Rowling wrote it.',
  'Mr. and Mrs. Smith met Gov. Ames at St. Paul’s.',
  'The rate was 1,000.5 or $1.13bn in total.',
  'Ask Prof. Lee, e.g. by mail, i.e. today.',
  'He works for Acme Inc. in Ohio.',
  'Version 10.2.3 of the app shipped.',
  'Write to news@example.com or see example.com/news.',
  'It ended... or so we thought.',
  '“Why?” she asked.',
  'The No. 10 bus was late.',
  'Pens, ink, paper etc. were sold.',
  'The U.K. government and the U.N. agreed.',
  'He lives on Main St. in the old town.',
  'Their album Help! sold well.',
  'A sentence without a final period',
];

/** Texts that must produce no paragraphs and no sentences. */
const EMPTY: readonly string[] = ['', ' ', '\n', '\n\n', ' \t \n  \n '];

function checkInvariants(text: string, s: Segmentation): void {
  let previousEnd = 0;
  s.paragraphs.forEach((p, index) => {
    assert.equal(p.index, index, 'paragraph indexes are consecutive');
    assert.ok(p.start >= previousEnd && p.start < p.end && p.end <= text.length, 'paragraphs in bounds and ordered');
    const slice = text.slice(p.start, p.end);
    assert.equal(slice, slice.trim(), 'paragraphs are trimmed');
    previousEnd = p.end;
  });
  previousEnd = 0;
  let previousParagraph = 0;
  s.sentences.forEach((x, index) => {
    assert.equal(x.index, index, 'sentence indexes are consecutive');
    assert.ok(x.start >= previousEnd && x.start < x.end && x.end <= text.length, 'sentences in bounds and ordered');
    const slice = text.slice(x.start, x.end);
    assert.equal(slice, slice.trim(), 'sentences are trimmed');
    const paragraph = s.paragraphs[x.paragraphIndex];
    assert.ok(paragraph, 'sentence has a paragraph');
    assert.ok(x.start >= paragraph.start && x.end <= paragraph.end, 'sentence inside its paragraph');
    const step = x.paragraphIndex - previousParagraph;
    assert.ok(step === 0 || step === 1, 'sentences follow the paragraphs in order');
    previousParagraph = x.paragraphIndex;
    previousEnd = x.end;
  });
  const byParagraph = s.paragraphs.map((): Sentence[] => []);
  for (const x of s.sentences) byParagraph[x.paragraphIndex]?.push(x);
  for (const p of s.paragraphs) {
    const inside = byParagraph[p.index] ?? [];
    assert.ok(inside.length > 0, 'every paragraph has a sentence');
    assert.equal(inside[0]?.start, p.start, 'the first sentence starts the paragraph');
    assert.equal(inside.at(-1)?.end, p.end, 'the last sentence ends the paragraph');
    if (p.kind === 'heading') assert.equal(inside.length, 1, 'a heading is one sentence');
    for (let k = 1; k < inside.length; k++) {
      const gap = text.slice(inside[k - 1]!.end, inside[k]!.start);
      assert.equal(gap.trim(), '', 'only whitespace between the sentences of a paragraph');
    }
  }
}

describe('segment', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const s = segment(c.text);
      checkInvariants(c.text, s);
      assert.deepEqual(sentenceTexts(c.text, s), c.sentences);
      if (c.kinds) assert.deepEqual(s.paragraphs.map((p) => p.kind), c.kinds);
      if (c.paragraphs) assert.deepEqual(paragraphTexts(c.text, s), c.paragraphs);
    });
  }

  describe('inputs that must stay one sentence', () => {
    for (const text of ONE_SENTENCE) {
      it(JSON.stringify(text), () => {
        const s = segment(text);
        checkInvariants(text, s);
        assert.deepEqual(sentenceTexts(text, s), [text]);
        assert.deepEqual(
          s.paragraphs.map((p) => p.kind),
          ['paragraph'],
        );
      });
    }
  });

  it('produces nothing for empty and whitespace-only text', () => {
    for (const text of EMPTY) assert.deepEqual(segment(text), { paragraphs: [], sentences: [] }, JSON.stringify(text));
  });

  it('records sentence offsets as UTF-16 indices into the text', () => {
    const text = 'Title\n\nFirst one. Second one.';
    const s = segment(text);
    assert.deepEqual(s.paragraphs, [
      { index: 0, start: 0, end: 5, kind: 'heading' },
      { index: 1, start: 7, end: 29, kind: 'paragraph' },
    ]);
    assert.deepEqual(s.sentences, [
      { index: 0, paragraphIndex: 0, start: 0, end: 5 },
      { index: 1, paragraphIndex: 1, start: 7, end: 17 },
      { index: 2, paragraphIndex: 1, start: 18, end: 29 },
    ]);
  });

  it('tolerates text that was not normalised', () => {
    const text = '\n\n  Headline here  \r\n\r\n\r\n\tBody starts.   Body ends!  \n';
    const s = segment(text);
    checkInvariants(text, s);
    assert.deepEqual(sentenceTexts(text, s), ['Headline here', 'Body starts.', 'Body ends!']);
  });

  it('never crashes on punctuation-only and odd input', () => {
    const odd = ['.', '...', '?!', '"', '“”', '. . .', 'a.', 'A.', '1.', ')', '\u200b', 'Mr.', 'U.S.', '\ud800.'];
    odd.push('“Hi.”\n“Bye.”', 'Hi.\n.\n\n.', '- \n- ', '1. \n2.');
    for (const text of odd) checkInvariants(text, segment(text));
  });

  it('runs in linear time on pathological input', () => {
    const size = 300_000;
    const inputs = [
      'a. '.repeat(size / 3),
      'A. '.repeat(size / 3),
      '.'.repeat(size),
      'U.S.'.repeat(size / 4),
      '"'.repeat(size) + '.',
      'x'.repeat(size) + '. The end.',
      ('word '.repeat(200) + '\n').repeat(size / 1000),
      'Short line\n'.repeat(size / 11),
      ('a'.repeat(1000) + '.\n').repeat(size / 1000),
      ' . '.repeat(size / 3),
      '. "'.repeat(size / 3),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      const s = segment(text);
      const ms = performance.now() - t0;
      checkInvariants(text, s);
      assert.ok(ms < 1500, `segmenting ${JSON.stringify(text.slice(0, 12))}… took ${ms.toFixed(0)} ms`);
    }
  });
});

describe('segmentStage', () => {
  it('is the segment stage of the pipeline', () => {
    assert.equal(segmentStage.name, 'segment');
    const text = 'One. Two.';
    assert.deepEqual(segmentStage.run(text), segment(text));
  });
});
