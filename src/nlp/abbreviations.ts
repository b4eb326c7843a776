/**
 * Word lists for the sentence segmenter. Every list is small on purpose: the segmenter decides most boundaries from
 * the shape of the text (a period followed by a space and a capital letter), and these lists only settle the cases
 * where the word before the period is an abbreviation. Entries are lowercase and written without their final period
 * unless noted; inner periods are kept ("e.g", "u.s").
 */

/** Abbreviations that never end a sentence: titles before a name, and Latin/English connectives. */
export const NEVER_FINAL: ReadonlySet<string> = new Set([
  // Titles and ranks, always followed by a name.
  'mr', 'mrs', 'ms', 'mx', 'messrs', 'mmes', 'dr', 'drs', 'prof', 'profs', 'rev', 'revd', 'hon', 'pres', 'gen', 'sen',
  'sens', 'rep', 'reps', 'gov', 'govs', 'lt', 'col', 'capt', 'cmdr', 'cdr', 'sgt', 'maj', 'adm', 'brig', 'cpl', 'pvt',
  'pte', 'supt', 'insp', 'det', 'fr', 'sra', 'srta', 'mme', 'mlle', 'dipl', 'ing',
  // Connectives that are always followed by more of the same sentence.
  'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'incl', 'esp', 'resp', 'z.b', 'd.h', 'u.a', 'bzw', 'т.е', 'т.к',
  'напр',
]);

/** Abbreviations that do not end a sentence when a number follows them ("No. 10", "Jan. 5", "p. 12"). */
export const BEFORE_NUMBER: ReadonlySet<string> = new Set([
  'no', 'nos', 'nr', 'nº', 'num', 'p', 'pp', 'vol', 'vols', 'fig', 'figs', 'art', 'arts', 'ch', 'chap', 'sec', 'sect',
  'para', 'paras', 'ref', 'tel', 'ext', 'op', 'ca', 'c', 'est', 'pt', 'pts', 'min', 'max', 'rt', 'bd', 'jg', 'str',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/**
 * Abbreviations that may or may not end a sentence ("St. Louis" / "on Main St. The"): they end one only when the next
 * word is a common sentence opener. Dotted abbreviations ("U.S.", "a.m.") and single letters (initials) are treated
 * the same way without being listed.
 */
export const AMBIGUOUS: ReadonlySet<string> = new Set([
  'st', 'co', 'jr', 'sr', 'snr', 'jnr', 'bros', 'mt', 'ft', 'ave', 'rd', 'blvd', 'dept', 'univ', 'assn', 'assoc',
  'intl', 'natl', 'govt', 'gb', 'ed', 'eds', 'al',
]);

/** Capitalised abbreviations (US state names in AP style) that are ambiguous only in this exact spelling. */
export const AMBIGUOUS_CAPITALISED: ReadonlySet<string> = new Set([
  'Ala', 'Ariz', 'Ark', 'Calif', 'Colo', 'Conn', 'Del', 'Fla', 'Ga', 'Ill', 'Ind', 'Kan', 'Kans', 'Ky', 'La', 'Md',
  'Mass', 'Mich', 'Minn', 'Miss', 'Mo', 'Mont', 'Neb', 'Nev', 'Okla', 'Ore', 'Pa', 'Penn', 'Tenn', 'Tex', 'Va', 'Vt',
  'Wash', 'Wis', 'Wyo',
]);

/**
 * Words that commonly open an English sentence (pronouns, determiners, conjunctions, sentence adverbs). After an
 * ambiguous abbreviation, a capitalised word from this list starts a new sentence ("in the U.S. The president…"),
 * any other capitalised word continues it ("the U.S. Senate").
 */
export const SENTENCE_STARTERS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'there', 'here', 'it', 'its', "it's", 'he', 'she', 'they', 'we',
  'i', 'you', 'his', 'her', 'their', 'our', 'my', 'your', 'some', 'many', 'most', 'several', 'both', 'all', 'each',
  'one', 'two', 'three', 'but', 'and', 'or', 'so', 'yet', 'however', 'meanwhile', 'also', 'still', 'then', 'now',
  'in', 'on', 'at', 'for', 'by', 'with', 'from', 'after', 'before', 'during', 'since', 'as', 'if', 'when', 'while',
  'although', 'though', 'because', 'what', 'who', 'why', 'how', 'where', 'which', 'officials', 'police', 'earlier',
  'later', 'last', 'next', 'according', 'despite', 'instead', 'indeed', 'thus', 'moreover', 'furthermore',
  'nevertheless', 'no', 'not', 'other', 'such', 'asked', 'yes', 'another', 'every', 'none', 'few', 'only', 'even',
  'just', 'perhaps', 'maybe', 'let', 'is', 'are', 'was', 'do', 'does', 'did',
]);

/** Verbs that attribute a quotation: "“Why?” Smith asked." is one sentence. */
export const SPEECH_VERBS: ReadonlySet<string> = new Set([
  'said', 'says', 'asked', 'asks', 'added', 'adds', 'told', 'tells', 'replied', 'replies', 'wrote', 'writes',
  'shouted', 'cried', 'insisted', 'insists', 'explained', 'explains', 'continued', 'declared', 'warned', 'warns',
  'stated', 'states', 'argued', 'argues', 'admitted', 'admits', 'wondered', 'exclaimed', 'tweeted', 'posted',
]);

/** Words after a speech verb that open a reported clause: "Mr Blair said he would…" is a sentence of its own. */
export const REPORTED_SPEECH_OPENERS: ReadonlySet<string> = new Set([
  'he', 'she', 'they', 'we', 'i', 'it', 'you', 'that', 'there', 'this',
]);

/** Lowercase words that cannot end a sentence, so a line ending with one is a hard wrap. */
export const CONTINUATION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'onto', 'about', 'over',
  'under', 'after', 'before', 'between', 'among', 'through', 'during', 'without', 'within', 'against', 'across',
  'and', 'or', 'but', 'nor', 'that', 'as', 'than', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have',
  'had', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'shall', 'its', 'his', 'her', 'their',
  'our', 'my', 'your', 'this', 'these', 'those', 'which', 'who', 'whom', 'whose', 'where', 'when', 'while', 'if',
  'because', 'since', 'until', 'very', 'such', 'per', 'via', 'not', 'said', 'says', 'told',
]);

/** Continuation words that not even a heading ends with ("Farmers, traders and"); a heading may end with "for". */
export const NEVER_LAST_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'than', 'its', 'their', 'our', 'my', 'your', 'whose', 'very',
  'such', 'per', 'via',
]);

/** Month names after which "3." is an ordinal day, not the end of a sentence (German/Nordic "am 3. Oktober"). */
export const MONTHS_AFTER_ORDINAL: ReadonlySet<string> = new Set([
  'januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november',
  'dezember', 'marts', 'maj', 'januari', 'februari', 'augusti',
]);
