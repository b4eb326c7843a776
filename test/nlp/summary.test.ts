import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisInput, SummarySentence } from '../../src/nlp/analysis-types.ts';
import { segment } from '../../src/nlp/segment.ts';
import {
  Vocabulary,
  bagOfTerms,
  bodySentences,
  cosine,
  countWords,
  documentFrequencies,
  inverseDocumentFrequencies,
  isByline,
  lexRank,
  selectDiverse,
  sentenceCentrality,
  stemEnglish,
  summarize,
  summaryStage,
  sumVectors,
  tokenize,
  weightVector,
} from '../../src/nlp/summary.ts';

const input = (text: string, language = 'en'): AnalysisInput => ({
  text,
  segmentation: segment(text),
  publishedAt: '2025-03-18T09:00:00Z',
  language,
});

const texts = (summary: readonly SummarySentence[]): string[] => summary.map((s) => s.text);

// Invented articles.
const SEA_WALL = [
  'Harbour town votes to build a new sea wall',
  '',
  'It was a busy weekend in Porthaven.',
  '',
  'Residents of Porthaven voted on Sunday to build a new sea wall to protect the harbour from winter storms. The vote passed by a wide margin.',
  '',
  'Winter storms flooded the harbour twice last year, damaging boats and shops along the front. Fishermen said the old wall had crumbled.',
  '',
  'The new sea wall will cost the council about four million pounds over three years.',
  '',
  'A bakery on the high street also won a regional prize for its bread this month.',
  '',
  'The council said work on the sea wall could start in spring if the harbour board approves the funding.',
].join('\n');

const FACTORY = [
  'Carmaker to shut Millbridge plant',
  '',
  'The Millbridge car factory will close in March with the loss of 300 jobs, the company said.',
  '',
  'The company said the Millbridge car factory will close in March with the loss of 300 jobs.',
  '',
  'Unions called the decision a betrayal of workers who had accepted a pay freeze to keep the factory open.',
  '',
  'The plant has built small cars since 1968 and once employed 2,000 people.',
  '',
  'Local shops fear the closure of the factory will hit the town hard.',
].join('\n');

const SHORT_AND_LONG = [
  'Library reopens after repairs',
  '',
  'Read more. The city library reopened on Monday after a year of repairs to its roof and heating.',
  '',
  'Visitors queued outside the library before the doors opened at nine in the morning.',
  '',
  'Thanks.',
].join('\n');

const GERMAN = [
  'Stadtrat beschließt neue Straßenbahnlinie',
  '',
  'Der Stadtrat hat am Dienstag den Bau einer neuen Straßenbahnlinie durch die Altstadt beschlossen. Die Linie soll 2028 eröffnet werden.',
  '',
  'Die Straßenbahnlinie kostet nach Angaben der Stadt rund 120 Millionen Euro. Anwohner kritisieren die Bauarbeiten.',
  '',
  'Übrigens gewann der örtliche Fußballverein am Wochenende sein Heimspiel.',
].join('\n');

const JAPANESE = '市議会は新しい路面電車の建設を決めた。路面電車は二〇二八年に開業する予定だ。建設費は約百二十億円とされる。週末には祭りも開かれた。';

describe('summarize', () => {
  const seaWall = input(SEA_WALL);
  const bodyCount = bodySentences(seaWall).length;

  interface CountCase {
    readonly count: number;
    readonly expected: number;
  }
  const COUNT_CASES: readonly CountCase[] = [
    { count: 0, expected: 0 },
    { count: 1, expected: 1 },
    { count: 3, expected: 3 },
    { count: 5, expected: 5 },
    { count: bodyCount, expected: bodyCount },
    { count: bodyCount + 10, expected: bodyCount },
    { count: Number.POSITIVE_INFINITY, expected: bodyCount },
    { count: -1, expected: 0 },
    { count: Number.NaN, expected: 0 },
  ];

  for (const { count, expected } of COUNT_CASES) {
    it(`N=${count} gives ${expected} whole sentences of the text, in text order, without the headline`, () => {
      const summary = summarize(seaWall, count);
      assert.equal(summary.length, expected);
      const sentences = seaWall.segmentation.sentences;
      for (const s of summary) {
        assert.equal(s.stage, 'summary');
        assert.equal(s.text, seaWall.text.slice(s.start, s.end));
        const sentence = sentences[s.sentenceIndex];
        assert.ok(sentence !== undefined);
        assert.deepEqual([sentence.start, sentence.end], [s.start, s.end]);
        assert.notEqual(seaWall.segmentation.paragraphs[sentence.paragraphIndex]?.kind, 'heading');
        assert.ok(s.score >= 0 && s.score <= 1, `score ${s.score}`);
      }
      for (let i = 1; i < summary.length; i++) assert.ok((summary[i - 1] as SummarySentence).end <= (summary[i] as SummarySentence).start);
      assert.deepEqual(
        summary.map((s) => s.rank).sort((a, b) => a - b),
        summary.map((_, i) => i),
      );
      assert.ok(!texts(summary).includes('Harbour town votes to build a new sea wall'));
    });
  }

  it('a shorter summary is the top ranks of a longer one', () => {
    const five = summarize(seaWall, 5);
    const three = summarize(seaWall, 3);
    assert.deepEqual(
      texts(three),
      texts(five.filter((s) => s.rank < 3)),
    );
  });

  it('picks the sentence about the topic, not the vague lead or the aside', () => {
    const [first] = summarize(seaWall, 1);
    assert.equal(
      first?.text,
      'Residents of Porthaven voted on Sunday to build a new sea wall to protect the harbour from winter storms.',
    );
    const three = texts(summarize(seaWall, 3));
    assert.ok(!three.includes('It was a busy weekend in Porthaven.'));
    assert.ok(!three.some((t) => t.includes('bakery')));
  });

  it('does not pick the same fact twice', () => {
    const factory = input(FACTORY);
    const two = texts(summarize(factory, 2));
    assert.equal(two.length, 2);
    const repeated = two.filter((t) => t.includes('close in March with the loss of 300 jobs'));
    assert.equal(repeated.length, 1, JSON.stringify(two));
    // With every sentence asked for, both are there.
    assert.equal(summarize(factory, 10).length, 5);
  });

  it('leaves short sentences for last', () => {
    const doc = input(SHORT_AND_LONG);
    assert.deepEqual(texts(summarize(doc, 2)), [
      'The city library reopened on Monday after a year of repairs to its roof and heating.',
      'Visitors queued outside the library before the doors opened at nine in the morning.',
    ]);
    assert.deepEqual(texts(summarize(doc, 4)), [
      'Read more.',
      'The city library reopened on Monday after a year of repairs to its roof and heating.',
      'Visitors queued outside the library before the doors opened at nine in the morning.',
      'Thanks.',
    ]);
  });

  it('leaves bylines for last', () => {
    const doc = input(
      'Ferry fares to rise\n\nBy Jane Porter and Tom Reed in Dover. Ferry fares across the Channel will rise by a tenth from May, operators said. The rise follows higher fuel costs for ferry operators.',
    );
    const two = texts(summarize(doc, 2));
    assert.ok(!two.some((t) => t.startsWith('By Jane Porter')), JSON.stringify(two));
  });

  const BYLINES: readonly [string, boolean][] = [
    ['By Jane Porter and Tom Reed in Dover.', true],
    ['By Jane Smith, science reporter, BBC News', true],
    ['Von Anna Müller und Jonas Weber', true],
    ['By Friday, prices had doubled across the region.', false],
    ['The ferry fares will rise by a tenth in May.', false],
  ];
  for (const [text, expected] of BYLINES) {
    it(`${expected ? 'is' : 'is not'} a byline: ${text}`, () => assert.equal(isByline(text, countWords(text)), expected));
  }

  it('handles empty, headline-only and one-sentence texts', () => {
    assert.deepEqual(summarize(input(''), 3), []);
    const one = input('The bridge reopened to traffic on Friday after two weeks of repairs.');
    const summary = summarize(one, 3);
    assert.equal(summary.length, 1);
    assert.equal(summary[0]?.text, one.text);
    assert.equal(summary[0]?.rank, 0);
    const headed = input('Bridge reopens\n\nThe bridge reopened on Friday.');
    assert.deepEqual(texts(summarize(headed, 3)), ['The bridge reopened on Friday.']);
  });

  it('summarises other languages without stopword lists', () => {
    const german = input(GERMAN, 'de');
    const [first] = summarize(german, 1);
    assert.equal(first?.text, 'Der Stadtrat hat am Dienstag den Bau einer neuen Straßenbahnlinie durch die Altstadt beschlossen.');
    const japanese = input(JAPANESE, 'ja');
    const summary = summarize(japanese, 2);
    assert.equal(summary.length, 2);
    for (const s of summary) assert.equal(s.text, JAPANESE.slice(s.start, s.end));
    assert.ok(!texts(summary).includes('週末には祭りも開かれた。'), JSON.stringify(texts(summary)));
  });

  it('uses a title given in the options when the text has no headline', () => {
    const doc = input(
      'Shares in the airline fell sharply on Monday. The zoo welcomed a baby giraffe named Lulu. Zookeepers said the giraffe was healthy and feeding well.',
    );
    const [first] = summarize(doc, 1, { title: 'Baby giraffe born at city zoo', weights: { position: 0 } });
    assert.match(first?.text ?? '', /giraffe/);
  });

  it('keeps within a word budget', () => {
    const summary = summarize(seaWall, 10, { maxWords: 40 });
    const words = summary.reduce((sum, s) => sum + countWords(s.text), 0);
    assert.ok(summary.length >= 1);
    assert.ok(words <= 40, `${words} words`);
  });

  it('is the summary stage', () => {
    assert.equal(summaryStage.name, 'summary');
    assert.deepEqual(summaryStage.run(seaWall), summarize(seaWall, 3));
  });
});

describe('sentenceCentrality', () => {
  it('scores every sentence, headings 0, the topic sentence highest', () => {
    const doc = input(SEA_WALL);
    const scores = sentenceCentrality(doc);
    assert.equal(scores.length, doc.segmentation.sentences.length);
    assert.equal(scores[0], 0); // the headline
    const best = scores.indexOf(Math.max(...scores));
    const sentence = doc.segmentation.sentences[best];
    assert.ok(sentence !== undefined);
    assert.match(doc.text.slice(sentence.start, sentence.end), /sea wall/);
    const bakery = doc.segmentation.sentences.findIndex((s) => doc.text.slice(s.start, s.end).includes('bakery'));
    assert.ok((scores[bakery] as number) < (scores[best] as number) / 2);
  });
});

describe('tokenize', () => {
  const CASES: readonly { text: string; language: string; terms: readonly string[] }[] = [
    { text: 'The profits of the companies rose in the US.', language: 'en', terms: ['profit', 'company', 'rose', 'us'] },
    { text: "Britain's banks don't lend to us.", language: 'en', terms: ['britain', 'bank', 'lend'] },
    { text: 'Sales hit $1.13bn, up 1,000 units.', language: 'en', terms: ['sale', 'hit', '1.13bn', '1,000', 'unit'] },
    { text: 'Die Straßenbahn fährt über die Brücke.', language: 'de', terms: ['die', 'straßenbahn', 'fährt', 'über', 'die', 'brücke'] },
    { text: 'The profits rose.', language: 'fr', terms: ['the', 'profits', 'rose'] },
    { text: '路面電車', language: 'ja', terms: ['路面', '面電', '電車'] },
    { text: 'Έκλεισε η γέφυρα;', language: 'el', terms: ['έκλεισε', 'γέφυρα'] },
  ];
  for (const { text, language, terms } of CASES) {
    it(`${language}: ${text}`, () => assert.deepEqual(tokenize(text, language), terms));
  }

  it('counts words, two characters of unspaced scripts as one', () => {
    assert.equal(countWords('The bridge reopened on Friday.'), 5);
    assert.equal(countWords('路面電車'), 2);
  });

  it('stems English plurals only', () => {
    assert.deepEqual(['companies', 'sales', 'profits', 'glass', 'bus', 'news'].map(stemEnglish), ['company', 'sale', 'profit', 'glass', 'bus', 'new']);
  });
});

describe('term vectors and selection', () => {
  const vocabulary = new Vocabulary();
  const bags = [
    bagOfTerms(['tram', 'line', 'council', 'tram'], vocabulary),
    bagOfTerms(['tram', 'line', 'cost'], vocabulary),
    bagOfTerms(['bakery', 'prize'], vocabulary),
  ];
  const idf = inverseDocumentFrequencies(documentFrequencies(bags, vocabulary.size), bags.length);
  const vectors = bags.map((bag) => weightVector(bag, idf, bags.length));

  it('builds sorted sparse vectors', () => {
    assert.deepEqual([...(bags[0]?.ids ?? [])], [0, 1, 2]);
    assert.deepEqual([...(bags[0]?.counts ?? [])], [2, 1, 1]);
    assert.equal(vocabulary.term(3), 'cost');
  });

  it('measures cosine similarity', () => {
    const [a, b, c] = vectors;
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.ok(Math.abs(cosine(a, a) - 1) < 1e-12);
    assert.ok(cosine(a, b) > 0.3);
    assert.equal(cosine(a, c), 0);
    const centroid = sumVectors(vectors);
    assert.ok(cosine(centroid, a) > cosine(centroid, c));
  });

  it('ranks connected sentences above an isolated one', () => {
    const sim = vectors.map((x) => Float64Array.from(vectors, (y) => cosine(x, y)));
    const rank = lexRank(sim);
    assert.equal(Math.max(...rank), 1);
    assert.ok((rank[2] as number) < (rank[0] as number));
    assert.deepEqual([...lexRank([])], []);
  });

  it('selects by marginal relevance, near-duplicates and ineligible candidates last', () => {
    const similarity = (a: number, b: number): number => (a === b ? 1 : (a === 0 && b === 1) || (a === 1 && b === 0) ? 0.95 : 0);
    assert.deepEqual(selectDiverse([0.9, 0.85, 0.2, 0.5], similarity, 4), [0, 3, 2, 1]);
    assert.deepEqual(selectDiverse([0.9, 0.85, 0.2, 0.5], similarity, 2, { eligible: [true, true, true, false] }), [0, 2]);
    assert.deepEqual(selectDiverse([0.9, 0.85], similarity, 0), []);
  });
});
