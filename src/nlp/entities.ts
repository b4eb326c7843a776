/**
 * Named-entity stage: people, organisations and places, found by rule in one pass over the tokens.
 *
 * A mention is a run of capitalised words inside a sentence ("Olaf Scholz", "Bank of England", "Ursula von der
 * Leyen"). Function words that only start the run because they start the sentence ("But", "The", "In") are dropped;
 * a lone capitalised word at the start of a sentence is kept only when something else vouches for it (the same word
 * capitalised elsewhere, a gazetteer entry, a speech verb after it). Titles and roles before a name are stripped and
 * remembered ("Russian President Vladimir Putin" is the person "Vladimir Putin"), possessives end a run ("Al
 * Jazeera’s Alan Fisher" is two mentions). Headline-case sentences only contribute names already known.
 *
 * The type comes from evidence collected over every mention of an entity: titles and known first names (person),
 * organisation words such as "Ministry" or "Inc" and a short list of well-known organisations, a list of countries,
 * cities and regions and the prepositions before a place ("in", "from"), and being the subject of a speech verb.
 *
 * Aliases are merged: a shorter person mention that is the end of a longer name ("Putin", "Mr Scholz", "von der
 * Leyen") or its first name, an acronym that spells a longer organisation's initials ("NFC"). When several names
 * match, an alias joins the one named in its sentence or the sentence before, else the first introduced (a surname
 * alone stands for the article's main bearer of it). Gender (for resolving "he"/"she") comes from titles, first names
 * and the pronouns that follow a sentence naming only that person.
 *
 * The tokenizer is exported: the quotes stage reads the same tokens.
 */
import type { Sentence, TextSpan } from '../domain/article.ts';
import type { AnalysisInput, Entity, EntityGender, EntityType } from './analysis-types.ts';
import type { Stage } from './stage.ts';

// ---------------------------------------------------------------------------------------------------------------
// Tokens

export const WORD = 0;
export const PUNCT = 1;
/** A possessive ending: `’s` / `'s` after a word. */
export const POSS = 2;
export type TokenKind = typeof WORD | typeof PUNCT | typeof POSS;

export interface Token {
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
  /** The first letter is a capital. */
  readonly cap: boolean;
  /** Lowercased text without periods ("mr" for "Mr.", "us" for "U.S."); the character itself for punctuation. */
  readonly lower: string;
}

const UPPER_RE = /^[\p{Lu}\p{Lt}]/u;
const LETTER_RE = /^[\p{L}\p{M}]/u;
const DIGIT_RE = /^\p{Nd}/u;

function isUpperCode(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return UPPER_RE.test(text.charAt(p));
}

export function isLetterCode(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if (c >= 0xd800 && c <= 0xdfff) return true; // astral letters are rare; count surrogates as word characters
  return LETTER_RE.test(text.charAt(p));
}

/** Word characters by code unit: ASCII letters and digits, and (looked up once) every other letter, mark or digit. */
const WORD_TABLE = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) WORD_TABLE[c] = 1; // astral characters are rare: count surrogates as word characters
}
let wordTableFilled = false;

function fillWordTable(): void {
  for (let c = 0x80; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (LETTER_RE.test(ch) || DIGIT_RE.test(ch)) WORD_TABLE[c] = 1;
  }
  for (let c = 0x30; c <= 0x39; c++) WORD_TABLE[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) WORD_TABLE[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) WORD_TABLE[c] = 1;
  wordTableFilled = true;
}

function isWordCode(text: string, p: number): boolean {
  return WORD_TABLE[text.charCodeAt(p)] === 1;
}

export function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f ||
    c === 0x3000 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0x1680 || c === 0x205f;
}

function isApostropheCode(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}

function isHyphenCode(c: number): boolean {
  return c === 0x2d || c === 0x2010 || c === 0x2011;
}

/** Whether `text[s, e)` has a character that lowercasing would change (any capital, or anything beyond ASCII). */
function hasUpperAfter(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = text.charCodeAt(p);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return true;
  }
  return false;
}

/** Words that keep a final period ("Mr.", "Inc.", "St."). */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  ('mr mrs ms dr sen rep gov gen lt col capt sgt adm maj cmdr prof rev st jr sr inc ltd co corp mt ft no vs pres ' +
    'hon atty supt insp det cpl pvt brig messrs mme mlle esq').split(' '),
);

/**
 * Tokens of `text[start, end)`, appended to `out`. Words keep inner apostrophes, hyphens and the periods of
 * abbreviations and initials ("O’Brien", "Jean-Claude", "U.S.", "J.", "Mr."); a possessive `’s` is a token of its own;
 * everything else that is not a space is a one-character punctuation token.
 */
export function tokenize(text: string, start: number, end: number, out: Token[]): void {
  if (!wordTableFilled) fillWordTable();
  let p = start;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || (c >= 0x80 && isSpaceCode(c)) || (c >= 0x09 && c <= 0x0d)) {
      p++;
      continue;
    }
    if (WORD_TABLE[c] !== 1) {
      out.push({ start: p, end: p + 1, kind: PUNCT, cap: false, lower: text.charAt(p) });
      p++;
      continue;
    }
    const s = p;
    let dotted = false;
    let curly = false;
    p++;
    for (;;) {
      while (p < end && WORD_TABLE[text.charCodeAt(p)] === 1) p++;
      if (p + 1 >= end) break;
      const d = text.charCodeAt(p);
      if (isApostropheCode(d) && isWordCode(text, p + 1)) {
        if (d === 0x2019) curly = true;
        // "Putin’s" → "Putin" + "’s"; "don’t", "O’Brien", "we’ll" stay whole.
        const sAfter = (text.charCodeAt(p + 1) | 0x20) === 0x73 && (p + 2 >= end || !isWordCode(text, p + 2));
        if (sAfter) break;
        p++;
        continue;
      }
      if (isHyphenCode(d) && isWordCode(text, p + 1)) {
        p++;
        continue;
      }
      // "U.S.", "U.N.", "a.m.": groups of one or two letters joined by periods.
      if (d === 0x2e && p - s <= 2 && isLetterCode(text, p + 1)) {
        let q = p + 1;
        while (q < end && q - p <= 3 && isLetterCode(text, q)) q++;
        if (q - p <= 3 && q < end && text.charCodeAt(q) === 0x2e) {
          dotted = true;
          p = q;
          continue;
        }
      }
      break;
    }
    let e = p;
    if (e < end && text.charCodeAt(e) === 0x2e) {
      const bare = text.slice(s, e).toLowerCase();
      const single = e - s === 1 && isUpperCode(text, s);
      if (dotted || single || ABBREVIATIONS.has(bare)) e++;
    }
    const first = text.charCodeAt(s);
    const cap = first < 0x80 ? first >= 0x41 && first <= 0x5a : isUpperCode(text, s);
    let lower = text.slice(s, e);
    if (cap || hasUpperAfter(text, s + 1, e)) lower = lower.toLowerCase();
    if (dotted || e > p) lower = lower.replaceAll('.', '');
    if (curly) lower = lower.replaceAll('’', "'");
    out.push({ start: s, end: e, kind: WORD, cap, lower });
    p = e;
    if (p < end && isApostropheCode(text.charCodeAt(p))) {
      if (p + 1 < end && (text.charCodeAt(p + 1) | 0x20) === 0x73 && (p + 2 >= end || !isWordCode(text, p + 2))) {
        out.push({ start: p, end: p + 2, kind: POSS, cap: false, lower: "'s" });
        p += 2;
      } else if ((text.charCodeAt(p - 1) | 0x20) === 0x73 && p + 1 < end && isSpaceCode(text.charCodeAt(p + 1)) &&
        isWordCode(text, p + 2)) {
        // "Sanders’ campaign": the possessive of a word ending in s.
        out.push({ start: p, end: p + 1, kind: POSS, cap: false, lower: "'" });
        p += 1;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lexicons (lowercase)

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));
const phrases = (s: string): ReadonlySet<string> => new Set(s.split('|').map((x) => x.trim().toLowerCase()));

/** Verbs (and the verb forms of "according to") that attribute speech; the quotes stage reads them too. */
export const SPEECH_VERBS: ReadonlySet<string> = words(`
  said says say saying spoke speaks stated states told tells added adds wrote writes warned warns insisted insists argued argues
  explained explains noted notes asked asks replied replies answered answers responded responds declared declares
  announced announces claimed claims continued continues commented comments remarked remarks observed observes
  stressed stresses emphasised emphasized emphasises emphasizes acknowledged acknowledges admitted admits conceded
  concedes confirmed confirms denied denies suggested suggests urged urges predicted predicts recalled recalls tweeted
  tweets posted posts indicated indicates mentioned mentions reported reports joked jokes quipped quips complained
  complains lamented laments boasted boasts vowed vows promised promises pledged pledges cautioned cautions contended
  contends maintained maintains asserted asserts countered counters retorted retorts shouted shouts yelled yells
  whispered whispers testified testifies revealed reveals disclosed discloses concluded concludes called calls
  described describes dubbed dubs labeled labelled labels termed terms blasted blasts slammed slams criticized
  criticised criticizes criticises praised praises accused accuses mocked mocks wondered wonders exclaimed exclaims
  cried cries recounted recounts explained conceded elaborated elaborates echoed echoes reiterated
  reiterates interjected scoffed added chimed advised advises alleged alleges announced barked bragged brags demanded
  demands estimated estimates explained fumed groused grumbled hinted hints muttered mused observed offered offers
  opined pleaded referred refers proclaimed proclaims protested protests quoted reasoned reassured recalled responded sighed snapped
  speculated suggested summed texted thundered touted touts underscored underscores urged ventured
`);

/** Pronouns that can stand for a speaker. */
export const SUBJECT_PRONOUNS: ReadonlySet<string> = words('he she they it i we');

/** Capitalised words that are function words, never names on their own (a sentence or headline starts with them). */
const STOP: ReadonlySet<string> = words(`
  the a an and but or nor so yet for in on at to of by with from into onto upon about above after against along amid
  among around as before behind below beneath beside besides between beyond despite during except inside like near
  off out outside over past since through throughout till toward towards under underneath unlike until up via within
  without he she it they we i you me him her us them his hers its their our your my this that these those there here
  then than when where while who whom whose which what why how whether if unless although though because once also
  just only even still already now however meanwhile moreover furthermore nevertheless nonetheless instead otherwise
  therefore thus hence indeed perhaps maybe yes no not all any both each every either neither few many more most much
  other others several some such one two three four five six seven eight nine ten first second third last next
  according asked speaking is are was were be been has have had do does did will would can could should may might
  must shall let it's i'm we're they're don't can't won't isn't wasn't didn't there's that's what's here's today
  yesterday tomorrow tonight read watch see click follow share sign subscribe please thank thanks oh well ok okay
  hello hi dear ms re fw fwd via update updated breaking exclusive opinion analysis editorial photo video live more
`);

/** Short words that only a headline capitalises inside a sentence. */
const HEADLINE_FUNCTION_WORDS: ReadonlySet<string> = words(`
  a an the of and or for in on at to by with from as is are was be it its vs over into after before about against
  up out off than that this will not no
`);

const WEEKDAYS_MONTHS: ReadonlySet<string> = words(`
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun january
  february march april june july august september october november december jan feb mar apr jun jul aug sep sept oct
  nov dec
`);

/** Titles and roles before a name; they make the name a person's. */
export const TITLES: ReadonlySet<string> = words(`
  president pres vice chancellor minister prime secretary mr mrs ms miss dr sir dame lord lady sen senator rep
  representative gov governor gen general lt col colonel capt captain sgt sergeant adm admiral cmdr commander king
  queen prince princess pope cardinal bishop archbishop rabbi imam sheikh sheik emir sultan ayatollah judge justice
  mayor chief director chairman chairwoman chair ceo cfo coo spokesman spokeswoman spokesperson professor prof
  ambassador speaker leader deputy acting former ex councillor councilman councilwoman congressman congresswoman
  commissioner inspector detective officer superintendent supt premier president-elect pastor father rev reverend
  marshal dean coach attorney-general secretary-general director-general undersecretary envoy chairperson treasurer
  counsel lawmaker mp mep senior sheriff trooper sgt pvt cpl brig hon atty messrs mme mlle herr frau monsieur madame
  señor senor señora signor don doña mullah patriarch metropolitan chancellor-elect governor-elect mayor-elect
  anchor host correspondent editor founder co-founder presenter candidate nominee
`);

const MALE_TITLES: ReadonlySet<string> = words(`
  mr sir lord king prince father sheikh sheik emir sultan herr monsieur señor senor signor don congressman councilman
  chairman spokesman messrs patriarch
`);
const FEMALE_TITLES: ReadonlySet<string> = words(`
  mrs ms miss dame lady queen princess frau madame mme mlle señora doña congresswoman councilwoman chairwoman
  spokeswoman
`);

/** A word in a run that makes it an organisation ("Ministry of Defence", "Acme Ltd", "Russian Railways"). */
const ORG_CUES: ReadonlySet<string> = words(`
  ministry department party union council inc ltd llc plc corp corporation company co group holdings bank agency
  railways railway airlines airways committee commission association federation institute institution foundation
  fund authority office board bureau organisation organization university college school academy court parliament
  congress senate assembly army navy forces force police guard service services times post news journal herald
  tribune telegraph guardian network media press television tv radio channel club fc league church hospital centre
  center campaign coalition alliance movement front brigade brigades exchange reserve treasury cabinet government
  administration embassy consulate secretariat tribunal motors electric energy petroleum systems technologies
  technology labs software pharmaceuticals partners capital securities bancorp trust society studios pictures records
  initiative programme watch international industries enterprises ventures mail express daily magazine review
  gazette chronicle observer examiner institutes commissions ministries parties unions councils committees agencies
  foundations associations universities courts banks companies mission command corps caucus delegation directorate
  kremlin commons lords cia fbi nsa pac act state states lodge grille restaurant cafe bar grill inc. records
  studio games show program poll polls survey convention conference summit forum debate election elections primary
  caucuses olympics cup championship
`);

/** A word in a run that makes it a place ("Quicken Loans Arena", "Fifth Avenue"). */
const PLACE_CUES: ReadonlySet<string> = words(`
  arena stadium hall square park street avenue road boulevard bridge airport station hotel island islands river lake
  mountain mountains valley county province district city town village beach bay coast grounds plaza tower palace
  heights hills harbour harbor port peninsula strait canal desert forest region
`);

/** Well-known organisations, by their full name. */
const ORGS: ReadonlySet<string> = phrases(`
  Kremlin|White House|Pentagon|Elysee|Élysée|Elysee Palace|Élysée Palace|Downing Street|Congress|Senate|NATO|UN|EU|
  United Nations|European Union|European Commission|European Parliament|Reuters|AP|AFP|Associated Press|BBC|CNN|
  Fox News|MSNBC|NBC|CBS|ABC|NPR|PBS|Al Jazeera|Bloomberg|Politico|Breitbart|Twitter|Facebook|Google|Apple|Microsoft|
  Amazon|Hamas|Hezbollah|Taliban|FBI|CIA|NSA|IMF|WHO|OPEC|GOP|DNC|RNC|ISIS|ISIL|Gazprom|Tesla|Instagram|YouTube|
  TikTok|Meta|Netflix|Uber|Boeing|Airbus|Kremlin|Bundestag|Duma|Knesset|Politburo|Interfax|TASS|Xinhua|RIA Novosti|
  Al-Qaeda|Al Qaeda|al-Qaeda|Hezbollah|Houthis|Wagner|Vatican|Supreme Court|State Department|Justice Department|
  Pentagon|Fed|Federal Reserve|World Bank|Red Cross|Amnesty International|Human Rights Watch|Greenpeace|Ukrinform|
  Ukrenergo|Naftogaz|Rosatom|Rosneft|Lukoil|Sberbank|Huffington Post|HuffPost|New York Times|Washington Post|
  Wall Street Journal|USA Today|Guardian|Financial Times|Economist|Telegraph|Times|Axios|Vox|Gallup|Quinnipiac|
  Rasmussen|Democratic Party|Republican Party|Labour Party|Conservative Party|Tories|Labour|Truth Social|X
`);

/** Countries, major cities, US states and regions. */
const PLACES: ReadonlySet<string> = phrases(`
  Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|
  Belarus|Belgium|Bolivia|Bosnia|Bosnia and Herzegovina|Botswana|Brazil|Bulgaria|Burma|Cambodia|Cameroon|Canada|
  Chad|Chile|China|Colombia|Congo|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Ecuador|Egypt|Estonia|Ethiopia|
  Finland|France|Gabon|Georgia|Germany|Ghana|Greece|Guatemala|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|
  Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|
  Lebanon|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Mali|Malta|Mexico|Moldova|Monaco|
  Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|
  North Korea|South Korea|Korea|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palestine|Panama|Paraguay|Peru|
  Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Singapore|Slovakia|Slovenia|
  Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|
  Thailand|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Britain|
  Great Britain|England|Scotland|Wales|Northern Ireland|United States|US|USA|America|Uruguay|Uzbekistan|Venezuela|
  Vietnam|Yemen|Zambia|Zimbabwe|Europe|Asia|Africa|Middle East|Latin America|South America|North America|
  Central America|Caribbean|Balkans|Baltic|Baltics|Scandinavia|Arctic|Antarctica|Pacific|Atlantic|Mediterranean|
  Black Sea|Red Sea|Baltic Sea|Persian Gulf|Gulf|Gaza|Gaza Strip|West Bank|Crimea|Donbas|Donbass|Donetsk|Luhansk|
  Kharkiv|Kherson|Zaporizhzhia|Odesa|Odessa|Mariupol|Bakhmut|Kursk|Kyiv|Kiev|Lviv|Moscow|St Petersburg|
  Saint Petersburg|Minsk|Warsaw|Berlin|Paris|London|Madrid|Rome|Lisbon|Brussels|Amsterdam|Vienna|Prague|Budapest|
  Bucharest|Sofia|Athens|Ankara|Istanbul|Tehran|Baghdad|Damascus|Beirut|Jerusalem|Tel Aviv|Cairo|Riyadh|Doha|Dubai|
  Abu Dhabi|Kabul|Islamabad|Delhi|New Delhi|Mumbai|Beijing|Shanghai|Hong Kong|Tokyo|Seoul|Pyongyang|Taipei|Manila|
  Jakarta|Bangkok|Hanoi|Sydney|Melbourne|Canberra|Ottawa|Toronto|Montreal|Vancouver|Mexico City|Havana|Caracas|
  Bogota|Lima|Santiago|Buenos Aires|Brasilia|Rio de Janeiro|Sao Paulo|São Paulo|Nairobi|Lagos|Abuja|Johannesburg|
  Cape Town|Addis Ababa|Khartoum|Tripoli|Tunis|Algiers|Geneva|Zurich|Bern|Stockholm|Oslo|Copenhagen|Helsinki|
  Dublin|Edinburgh|Cardiff|Belfast|Manchester|Birmingham|Liverpool|Munich|Frankfurt|Hamburg|Milan|Naples|Barcelona|
  Tbilisi|Yerevan|Baku|Astana|Tashkent|Washington|DC|Washington DC|New York|New York City|Los Angeles|Chicago|
  Houston|Philadelphia|Phoenix|San Francisco|Boston|Seattle|Miami|Atlanta|Dallas|Denver|Detroit|Las Vegas|
  New Orleans|Baltimore|Cleveland|Pittsburgh|St Louis|St. Louis|Orlando|Tampa|Charlotte|Nashville|Austin|San Diego|
  Brooklyn|Manhattan|Queens|Bronx|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|
  Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|
  Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|
  Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|
  West Virginia|Wisconsin|Wyoming|Puerto Rico|Guam|Siberia|Chechnya|Tibet|Xinjiang|Kashmir|Punjab|Kurdistan|
  Catalonia|Bavaria|Quebec|Ontario|Alberta|Wall Street|Capitol Hill|Silicon Valley|Sahel|Levant|Golan Heights|
  Sinai|Rafah|Khan Younis|Aleppo|Idlib|Homs|Mosul|Raqqa|Benghazi|Kandahar|Helmand|Sevastopol|Belgorod|Bryansk
`);

/** Nationality, religion and party adjectives and their plurals: not entities on their own. */
const DEMONYMS: ReadonlySet<string> = words(`
  american russian ukrainian german french british english chinese japanese indian iranian israeli palestinian
  syrian iraqi afghan turkish turk saudi egyptian european african asian mexican canadian brazilian italian spanish
  polish dutch belgian swedish norwegian danish finnish greek korean australian irish scottish welsh pakistani
  nigerian kenyan venezuelan cuban arab muslim christian jewish jew catholic protestant sunni shia shiite kurdish kurd
  western eastern northern southern belarusian georgian armenian hungarian romanian czech slovak serbian croatian
  bosnian albanian bulgarian lebanese jordanian libyan yemeni qatari emirati kuwaiti lithuanian latvian estonian
  swiss austrian portuguese filipino indonesian vietnamese thai malaysian colombian argentine argentinian chilean
  peruvian ethiopian somali sudanese nordic baltic soviet republican democrat democratic conservative liberal
  labour tory tories green libertarian progressive evangelical hispanic latino latina asian-american
  african-american anglo arabic persian hebrew muslims republicans democrats conservatives liberals progressives
  latinos evangelicals
`);

/** Capitalised plurals of demonyms ("Russians") are demonyms too. */
function isDemonym(lower: string): boolean {
  if (DEMONYMS.has(lower)) return true;
  return lower.endsWith('s') && DEMONYMS.has(lower.slice(0, -1));
}

/** Lowercase name particles inside a name ("Ursula von der Leyen", "Charles de Gaulle"). */
const PARTICLES: ReadonlySet<string> = words('von van der den de da di du del della la le bin ibn al el ben dos das ter ten zu');

/** Words after which a capitalised run is likely a place. */
const PLACE_PREPOSITIONS: ReadonlySet<string> = words(`
  in at from near across into towards toward outside inside throughout around to via
`);

const MALE_NAMES: ReadonlySet<string> = words(`
  aaron abdul abdullah adam adrian ahmed al alan albert alex alexander alexei alexey ali andrew andy angus anthony
  antonio antony ari arnold arthur barack barry ben benjamin benny bernie bill billy bob bobby boris brad bradley
  brandon brendan brett brian bruce bryan carl carlos charles charlie chris christopher chuck clarence colin connor
  craig dale dan daniel danny darren dave david dennis derek dick dmitry dmitri don donald doug douglas duncan dwight
  ed eddie edward elon emmanuel eric erik evan frank franklin fred frederick friedrich gary gavin george gerald gerhard
  glenn gordon graham greg gregory hamid hans harold harry hassan hector henry herbert howard hugh hunter ian igor
  isaac ivan jack jacob jake james jamie jared jason jean jeb jeff jeffrey jens jeremy jerome jerry jesse jim jimmy
  joe joel john johnny jon jonathan jorge jose joseph josh joshua juan julian justin karl keir keith ken kenneth kevin
  kim kirk kurt larry lee leo leon leonard lindsey lloyd louis luis luke malcolm marco marcus mario mark martin matt
  matthew max michael mike mikhail miguel mitch mitt mohammed mohammad muhammad nathan neil newt nicholas nick
  nicolas nigel noah norman oleg olaf omar oscar pat patrick paul pedro pete peter phil philip pierre rafael ralph
  ramzan randy ray raymond reince rex richard rick rishi rob robert robin rod rodrigo roger roman ron ronald ross roy
  rudy russell ryan sam samuel scott sean sebastian sergei sergey seth shaun sid simon stan stanley stephen steve
  steven stuart ted terry thomas tim timothy todd tom tommy tony travis tucker valery viktor vince vincent vladimir
  volodymyr walter wayne william willie xi yevgeny yuri zachary benjamin binyamin recep bashar hosni vladislav andriy
  andrii oleksandr oleksiy petro dmytro mykhailo serhiy heinz horst joachim wolfgang jürgen jurgen franz
  helmut emmanuel francois françois jacques nicolas jean-luc jean-marc giuseppe matteo silvio enrico mario sergio
  xavier andrzej donald jair luiz inacio narendra rahul imran nawaz shinzo fumio yoshihide moon joko kofi nelson jacob
  cyril kwame goodluck muhammadu abiy salva ehud ariel yitzhak naftali yair avigdor mahmoud ismail yahya hosni
  mohamed mohammed abdel fattah recep ahmet kemal tayyip vladimir sergei dmitry alexei aleksandr nikolai nikita
  leonid mikhail yevgeny gennady anatoly valentin ruslan jeb ted marco rand mike chris ben scott rick lindsey bobby
  jim bernie martin tim lincoln joe newt reince paul mitch chuck harry steny kevin hakeem adam jerrold
  devin trey eric hunter beau bo bret sean tucker wolf jake anderson chris jesse
`);

const FEMALE_NAMES: ReadonlySet<string> = words(`
  abigail ada alexandra alexandria alice alicia alison allison amanda amber amy ana andrea angela angelina ann anna
  anne annie april ashley barbara betsy betty beverly bonnie brenda bridget brittany candace carly carla carmen
  carol caroline carolyn catherine cathy charlotte chelsea cheryl christina christine cindy claire claudia colleen
  condoleezza connie cynthia dana danielle debbie deborah debra denise diana diane donna doris dorothy eleanor
  elena elisabeth eliza elizabeth ellen emily emma erin eva evelyn frances gabrielle gail gina gloria grace gretchen
  hannah heather heidi helen hillary holly hope huma ilhan irene jackie jacqueline jane janet janice jeanne
  jennifer jessica jill joan joanna jodi joni josephine joy joyce judith judy julia julie june karen karin kate
  katherine kathleen kathryn kathy katie katrin kayleigh kellyanne kelly kim kimberly kirsten kristen kristi laura
  lauren leah lena linda lisa liz lois loretta lori louise lucy lynn madeleine maggie marcia margaret maria marie
  marine marion marjorie marsha martha mary maxine megan meghan melania melissa michele michelle mika mildred
  miriam molly monica nancy naomi natalie nicola nicole nikki nina nora olga olivia pam pamela patricia patty paula
  pauline peggy penny rachel rashida rebecca regina rita roberta rosa rose ruth sally samantha sandra sara sarah
  sharon sheila shirley sonia sophie stacey stephanie sue susan suzanne svetlana sylvia tamara tammy tanya tara
  teresa theresa tiffany tina tracy tulsi ursula valerie vanessa victoria virginia wanda wendy yulia yvonne zoe
  annalena giorgia ursula kamala elizabeth nikki tulsi amy kirsten elise liz marjorie lauren ayanna alexandria
  nancy dianne barbara mazie tammy patty debbie heidi jeanne lisa susan shelley marsha joni cindy kyrsten maggie
  christiane katy dana kristi kristen kerry-ann jacinda theresa angela marine ségolène segolene christine federica
  kaja roberta margrethe mette sanna magdalena yulia natalia natalya svetlana irina olena oksana tatiana tatyana
  maria zelenska benazir indira golda tzipi aung sushma sonia nirmala smriti yingluck tsai carrie
  hillary chelsea huma donna jen jennifer sarah stephanie kayleigh
`);

function firstNameGender(lower: string): EntityGender | undefined {
  const m = MALE_NAMES.has(lower);
  const f = FEMALE_NAMES.has(lower);
  if (m === f) return undefined;
  return m ? 'male' : 'female';
}

const MALE_PRONOUNS: ReadonlySet<string> = words('he him his himself');
const FEMALE_PRONOUNS: ReadonlySet<string> = words('she her hers herself');

// ---------------------------------------------------------------------------------------------------------------
// Mentions

interface Mention {
  readonly start: number;
  readonly end: number;
  /** Name words as written (periods kept, possessive dropped). */
  readonly forms: readonly string[];
  /** Lowercased words without periods. */
  readonly keys: readonly string[];
  readonly key: string;
  readonly sentence: number;
  readonly inQuote: boolean;
  /** A lone capitalised word at a sentence start, kept only when something vouches for it. */
  weak: boolean;
  /** Only from a headline-case sentence: kept only when it matches a name seen elsewhere. */
  readonly headline: boolean;
  person: number;
  org: number;
  place: number;
  gender: EntityGender | undefined;
  /** Known to the gazetteers (a place or an organisation): never an alias of a person. */
  readonly listed: boolean;
  group: number;
}

const QUOTE_TOGGLES = '“”"«»„';

/** Marks which tokens are inside double quotation marks (paragraph by paragraph; straight quotes by parity). */
function quoteFlags(text: string, tokens: readonly Token[], paragraphStarts: readonly number[]): Uint8Array {
  const flags = new Uint8Array(tokens.length);
  let inside = false;
  let para = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    while (para < paragraphStarts.length && (paragraphStarts[para] as number) <= t.start) {
      inside = false;
      para++;
    }
    if (t.kind === PUNCT && QUOTE_TOGGLES.includes(t.lower)) {
      const c = t.lower;
      if (c === '“' || c === '«' || c === '„') inside = true;
      else if (c === '”' || c === '»') inside = false;
      else inside = !inside;
      continue;
    }
    if (inside) flags[i] = 1;
  }
  void text;
  return flags;
}

function isNameToken(text: string, t: Token | undefined): boolean {
  if (t === undefined || t.kind !== WORD) return false;
  if (!t.cap) {
    // "al-Assad", "bin-Salman": a lowercase particle joined to a capitalised name.
    const h = t.lower.indexOf('-');
    return h > 0 && h <= 3 && PARTICLES.has(t.lower.slice(0, h)) && isUpperCode(text, t.start + h + 1);
  }
  const c = text.charCodeAt(t.start);
  if (c >= 0x30 && c <= 0x39) return false;
  const h = t.lower.indexOf('-');
  if (h > 0 && t.start + h + 1 < t.end) {
    // "R-Wis.", "D-N.Y.": a party-and-state label.
    if (h === 1 && (c === 0x52 || c === 0x44 || c === 0x49) && isUpperCode(text, t.start + 2)) return false;
    // "US-backed", "UK-based", "Pro-Russian": an adjective; "Ki-moon", "Geun-hye" are names.
    if (!isUpperCode(text, t.start + h + 1)) {
      if (isAllCaps(text, { ...t, end: t.start + h })) return false;
      if (ADJECTIVE_SUFFIXES.has(t.lower.slice(h + 1)) || t.lower.startsWith('pro-') || t.lower.startsWith('anti-')) return false;
    }
  }
  return true;
}

/** Second halves of hyphenated adjectives: "Kremlin-backed", "Moscow-based". */
const ADJECTIVE_SUFFIXES: ReadonlySet<string> = words(`
  backed based led born style made owned run funded linked allied controlled era like type bound wide friendly
  leaning aligned affiliated sponsored supported inspired related centered centred focused oriented
`);

function isAllCaps(text: string, t: Token): boolean {
  let letters = 0;
  for (let p = t.start; p < t.end; p++) {
    const c = text.charCodeAt(p);
    if (c >= 0x61 && c <= 0x7a) return false;
    if (c >= 0x41 && c <= 0x5a) letters++;
  }
  return letters >= 2;
}

/** Whether `lower` (a lowercased word) occurs in the text starting with a lowercase letter, as a whole word. */
function appearsLowercase(text: string, lower: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(lower, from);
    if (at < 0) return false;
    from = at + 1;
    if (at > 0 && isWordCode(text, at - 1)) continue;
    const after = at + lower.length;
    if (after < text.length && isWordCode(text, after)) continue;
    return true;
  }
}

/** Whether the word at `i` (skipping adverbs and auxiliaries) is a speech verb. */
function speechVerbFollows(tokens: readonly Token[], i: number, limit: number): boolean {
  for (let k = i; k < limit && k < i + 3; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== WORD) return false;
    if (SPEECH_VERBS.has(t.lower) || PERSON_VERBS.has(t.lower)) return true;
    if (!AUX_ADVERBS.has(t.lower)) return false;
  }
  return false;
}

/** Verbs whose subject is nearly always a person. */
const PERSON_VERBS: ReadonlySet<string> = words(`
  spoke speaks smiled laughed shrugged apologized apologised thanked joked nodded died resigned married endorsed
  campaigned
`);

/** Words between a subject and its verb: "Putin additionally indicated", "Smith has said". */
export const AUX_ADVERBS: ReadonlySet<string> = words(`
  also additionally later then has have had would will could did does do once previously repeatedly again publicly
  reportedly recently earlier first further subsequently simply just never often even still already privately
  is are was were be been being am
  flatly bluntly openly famously not n't initially ultimately finally quickly immediately frequently sometimes
  separately similarly likewise too however meanwhile
`);

function collectMentions(
  input: AnalysisInput,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
  inQuote: Uint8Array,
): Mention[] {
  const { text } = input;
  const paragraphStarts = input.segmentation.paragraphs.map((p) => p.start);
  const headingParagraphs = new Set<number>();
  for (const p of input.segmentation.paragraphs) if (p.kind === 'heading') headingParagraphs.add(p.index);
  void paragraphStarts;
  const mentions: Mention[] = [];
  let ti = 0;
  for (let si = 0; si < sentences.length; si++) {
    const sentence = sentences[si] as Sentence;
    while (ti < tokens.length && (tokens[ti] as Token).start < sentence.start) ti++;
    let te = ti;
    while (te < tokens.length && (tokens[te] as Token).end <= sentence.end) te++;
    scanSentence(text, tokens, ti, te, si, headingParagraphs.has(sentence.paragraphIndex), inQuote, mentions);
    ti = te;
  }
  return mentions;
}

function scanSentence(
  text: string,
  tokens: readonly Token[],
  from: number,
  to: number,
  sentence: number,
  heading: boolean,
  inQuote: Uint8Array,
  out: Mention[],
): void {
  // Headline case: most words capitalised, function words included ("Markets Rally As Investors Cheer"). Runs are
  // then only kept when they match a name seen elsewhere. A sentence full of names still writes "in", "the", "met"
  // in lowercase.
  let wordCount = 0;
  let capCount = 0;
  let capFunctionWords = 0;
  let lowerWords = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== WORD) continue;
    wordCount++;
    if (t.cap) {
      capCount++;
      if (wordCount > 1 && HEADLINE_FUNCTION_WORDS.has(t.lower)) capFunctionWords++;
    } else if (!isDigitStart(text, t)) {
      lowerWords++;
    }
  }
  const headline = heading || (wordCount >= 4 && capCount / wordCount >= 0.5 && (capFunctionWords > 0 || lowerWords === 0));
  let i = from;
  while (i < to) {
    const t = tokens[i] as Token;
    if (!isNameToken(text, t)) {
      i++;
      continue;
    }
    // Extend the run.
    let j = i + 1;
    for (;;) {
      const n = tokens[j];
      if (j >= to || n === undefined) break;
      if (isNameToken(text, n)) {
        j++;
        continue;
      }
      const prev = tokens[j - 1] as Token;
      if (n.kind === WORD && PARTICLES.has(n.lower) && !n.cap) {
        // "von der Leyen", "de la Cruz": one or more lowercase particles before a capitalised word.
        let k = j + 1;
        while (k < to && k - j < 3 && PARTICLES.has((tokens[k] as Token).lower) && !(tokens[k] as Token).cap) k++;
        if (k < to && isNameToken(text, tokens[k])) {
          j = k + 1;
          continue;
        }
      }
      if (n.kind === WORD && (n.lower === 'of' || n.lower === 'for') && j + 1 < to && prev.kind === WORD &&
        (ORG_CUES.has(prev.lower) || TITLES.has(prev.lower))) {
        const after = tokens[j + 1];
        if (isNameToken(text, after)) {
          j += 2;
          continue;
        }
        if (after !== undefined && after.lower === 'the' && j + 2 < to && isNameToken(text, tokens[j + 2])) {
          j += 3;
          continue;
        }
      }
      if (n.kind === PUNCT && n.lower === '&' && j + 1 < to && isNameToken(text, tokens[j + 1])) {
        j += 2;
        continue;
      }
      break;
    }
    // Split at month and weekday names ("Tuesday", "March"), which end or start runs.
    let a = i;
    for (let k = i; k <= j; k++) {
      const tk = tokens[k];
      const boundary = k === j || (tk !== undefined && isDateWord(text, tokens, k));
      if (!boundary) continue;
      if (k > a) addRun(text, tokens, a, k, from, sentence, headline, inQuote, out);
      a = k + 1;
    }
    i = j;
  }
}

function isDateWord(text: string, tokens: readonly Token[], k: number): boolean {
  const t = tokens[k] as Token;
  if (!WEEKDAYS_MONTHS.has(t.lower)) {
    if (t.lower !== 'may') return false;
    // "May" is a month next to a number or after "in"/"since"/"by"/"last"/"next".
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (next !== undefined && next.kind === WORD && isDigitStart(text, next)) return true;
    if (prev !== undefined && prev.kind === WORD && isDigitStart(text, prev)) return true;
    return prev !== undefined && (prev.lower === 'in' || prev.lower === 'since' || prev.lower === 'by' ||
      prev.lower === 'last' || prev.lower === 'next' || prev.lower === 'early' || prev.lower === 'late' ||
      prev.lower === 'mid');
  }
  // "March" and "August" are months unless a name follows or precedes ("Peter March").
  return true;
}

function isDigitStart(text: string, t: Token): boolean {
  const c = text.charCodeAt(t.start);
  return c >= 0x30 && c <= 0x39;
}

function addRun(
  text: string,
  tokens: readonly Token[],
  i: number,
  j: number,
  sentenceFrom: number,
  sentence: number,
  headline: boolean,
  inQuote: Uint8Array,
  out: Mention[],
): void {
  // Is the run at the start of a sentence (or a quotation, or after a colon)?
  let atStart = true;
  for (let k = i - 1; k >= sentenceFrom; k--) {
    const t = tokens[k] as Token;
    if (t.kind === WORD) {
      atStart = false;
      break;
    }
    if (t.lower === ':' || t.lower === '“' || t.lower === '"' || t.lower === '‘' || t.lower === '«' ||
      t.lower === '„' || t.lower === '—' || t.lower === '–') break;
  }
  // Leading function words ("But", "The", "In").
  while (i < j && STOP.has((tokens[i] as Token).lower)) {
    i++;
    atStart = false;
  }
  if (i >= j) return;
  const last = tokens[j - 1] as Token;
  if (STOP.has(last.lower) && headline) {
    while (j > i && STOP.has((tokens[j - 1] as Token).lower)) j--;
    if (i >= j) return;
  }

  // Titles and roles: strip everything up to the last title that has name words after it.
  let titled = false;
  let gender: EntityGender | undefined;
  let lastTitle = -1;
  for (let k = i; k < j - 1; k++) {
    const t = tokens[k] as Token;
    if (t.kind === WORD && TITLES.has(t.lower)) lastTitle = k;
  }
  if (lastTitle >= 0) {
    let rest = lastTitle + 1;
    // "Secretary of State John Kerry", "Speaker of the House Paul Ryan"
    if ((tokens[rest] as Token).lower === 'of') {
      rest++;
      if (rest < j && (tokens[rest] as Token).lower === 'the') rest++;
      rest++;
    }
    let orgAfter = false;
    for (let k = rest; k < j; k++) if (ORG_CUES.has((tokens[k] as Token).lower)) orgAfter = true;
    if (rest < j && !orgAfter) {
      for (let k = i; k <= lastTitle; k++) {
        const l = (tokens[k] as Token).lower;
        if (MALE_TITLES.has(l)) gender = 'male';
        else if (FEMALE_TITLES.has(l)) gender = 'female';
      }
      titled = true;
      i = rest;
    }
  }
  // A leading demonym or party before a first name: "Republican Mike Pence".
  if (!titled && j - i >= 2) {
    const first = tokens[i] as Token;
    if (isDemonym(first.lower) && firstNameGender((tokens[i + 1] as Token).lower) !== undefined) i++;
  }
  if (i >= j) return;

  const keys: string[] = [];
  const forms: string[] = [];
  for (let k = i; k < j; k++) {
    const t = tokens[k] as Token;
    keys.push(t.kind === PUNCT ? t.lower : t.lower);
    forms.push(text.slice(t.start, t.end));
  }
  const key = keys.join(' ');
  const start = (tokens[i] as Token).start;
  let end = (tokens[j - 1] as Token).end;
  // A trailing period belongs to the name only for initials and abbreviations that end it ("Jr.", "Inc.").
  if (text.charCodeAt(end - 1) === 0x2e && !/^(?:jr|sr|inc|ltd|co|corp)$/.test(keys[keys.length - 1] as string)) {
    const lastKey = keys[keys.length - 1] as string;
    if (lastKey.length > 2 || keys.length === 1) {
      end--;
      forms[forms.length - 1] = (forms[forms.length - 1] as string).slice(0, -1);
    }
  }
  const listedPlace = PLACES.has(key);
  const listedOrg = ORGS.has(key);
  const single = j - i === 1;
  const firstTok = tokens[i] as Token;
  if (single && firstTok.lower.length === 1) return; // "Y" of "(D-N.Y.)", a lone initial
  if (single && isDemonym(firstTok.lower) && !listedPlace && !listedOrg) return;

  let person = 0;
  let org = 0;
  let place = 0;
  if (listedPlace) place += 5;
  if (listedOrg) org += 5;
  if (titled) person += 4;
  let demonymOrPlace = false;
  for (let k = i; k < j; k++) {
    const l = (tokens[k] as Token).lower;
    if (ORG_CUES.has(l)) org += k === j - 1 ? 4 : 2;
    if (k === j - 1 && PLACE_CUES.has(l) && j - i >= 2) place += 4;
    if (isDemonym(l) || (PLACES.has(l) && k === i)) demonymOrPlace = true;
  }
  const fg = firstNameGender(firstTok.lower);
  if (!single && fg !== undefined && !listedPlace && !listedOrg) {
    person += 3;
    gender ??= fg;
  }
  if (single && isAllCaps(text, firstTok) && firstTok.end - firstTok.start <= 6) {
    // An acronym ("NATO"), unless it labels a speaker in a transcript ("PENCE: …").
    const next = tokens[j];
    if (next !== undefined && next.lower === ':' && atStart && firstTok.end - firstTok.start >= 4) person += 3;
    else org += 2;
  }
  const before = tokens[i - 1];
  if (before !== undefined && before.kind === WORD && PLACE_PREPOSITIONS.has(before.lower) && !before.cap) place += 1;
  const speaks = speechVerbFollows(tokens, j + (tokens[j]?.kind === POSS ? 99 : 0), tokens.length);
  // "Rihanna, who was honoured…": a relative "who" follows people.
  const next1 = tokens[j];
  const next2 = tokens[j + 1];
  if ((next1?.lower === 'who') || (next1?.lower === ',' && next2?.lower === 'who')) person += 2;
  if (speaks) {
    person += single ? 1 : 1.5;
    org += 0.5;
  }
  // "the Kentucky House", "the Sandy Hook shootings": people's names take no article.
  if (before !== undefined && before.kind === WORD && (before.lower === 'the' || before.lower === 'a')) org += 1;
  if (!single && org === 0 && place === 0 && j - i <= 3 && !demonymOrPlace) person += 0.5;

  const weak = atStart && single && !titled && !listedPlace && !listedOrg && !speaks;
  // "Officials said…": a sentence-initial word that the text also writes in lowercase is a common word.
  if (atStart && single && !titled && !listedPlace && !listedOrg && appearsLowercase(text, firstTok.lower)) return;
  out.push({
    start,
    end,
    forms,
    keys,
    key,
    sentence,
    inQuote: inQuote[i] === 1,
    weak,
    headline: headline && !titled,
    person,
    org,
    place,
    gender,
    listed: listedPlace || listedOrg,
    group: -1,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Grouping mentions into entities

interface Group {
  readonly mentions: Mention[];
  readonly keys: readonly string[];
  readonly key: string;
  person: number;
  org: number;
  place: number;
  listed: boolean;
  male: number;
  female: number;
  type: EntityType;
  /** The group this one was merged into (aliases), or -1. */
  mergedInto: number;
}

function typeOf(g: { person: number; org: number; place: number }, single: boolean): EntityType {
  if (g.place > g.person && g.place >= g.org && g.place > 0) return 'place';
  if (g.org > g.person && g.org > 0) return 'organization';
  if (g.person > 0 && g.person >= g.org) return 'person';
  return single ? 'organization' : 'person';
}

/** "EU" for "European Union", "DNC" for "Democratic National Committee". */
function initials(keys: readonly string[]): string {
  let s = '';
  for (const k of keys) if (k !== 'of' && k !== 'the' && k !== 'and' && k !== 'for' && k !== '&') s += k.charAt(0);
  return s;
}

export function extractEntities(input: AnalysisInput): Entity[] {
  const { text } = input;
  const tokens: Token[] = [];
  tokenize(text, 0, text.length, tokens);
  const sentences = input.segmentation.sentences.length > 0
    ? input.segmentation.sentences
    : [{ index: 0, paragraphIndex: 0, start: 0, end: text.length }];
  const inQuote = quoteFlags(text, tokens, input.segmentation.paragraphs.map((p) => p.start));
  const mentions = collectMentions(input, tokens, sentences, inQuote);
  if (mentions.length === 0) return [];

  // Lowercase words of the text: a capitalised sentence start that also occurs lowercase is a common word.

  // Exact-key groups from the confident mentions.
  const groups: Group[] = [];
  const byKey = new Map<string, number>();
  const addToGroup = (m: Mention): void => {
    let g = byKey.get(m.key);
    if (g === undefined) {
      g = groups.length;
      byKey.set(m.key, g);
      groups.push({
        mentions: [], keys: m.keys, key: m.key, person: 0, org: 0, place: 0, listed: false, male: 0, female: 0,
        type: 'person', mergedInto: -1,
      });
    }
    const group = groups[g] as Group;
    group.mentions.push(m);
    group.person += m.person;
    group.org += m.org;
    group.place += m.place;
    group.listed ||= m.listed;
    // A title or a first name outweighs the pronoun votes.
    if (m.gender === 'male') group.male += 10;
    else if (m.gender === 'female') group.female += 10;
    m.group = g;
  };
  for (const m of mentions) if (!m.weak && !m.headline) addToGroup(m);

  // Surname and first-name index over multi-word names.
  const bySurname = new Map<string, number[]>();
  const byFirstName = new Map<string, number[]>();
  const byInitials = new Map<string, number[]>();
  const indexGroup = (g: number): void => {
    const group = groups[g] as Group;
    if (group.keys.length < 2) return;
    const pushTo = (map: Map<string, number[]>, k: string): void => {
      const list = map.get(k);
      if (list === undefined) map.set(k, [g]);
      else if (!list.includes(g)) list.push(g);
    };
    // Surnames of one to three words: "Leyen", "der Leyen", "von der Leyen", "Bader Ginsburg".
    for (let n = 1; n <= 3 && n < group.keys.length; n++) pushTo(bySurname, group.keys.slice(-n).join(' '));
    pushTo(byFirstName, group.keys[0] as string);
    pushTo(byInitials, initials(group.keys));
  };
  for (let g = 0; g < groups.length; g++) indexGroup(g);

  const isPersonish = (g: Group): boolean => !g.listed && g.person >= g.org && g.person >= g.place;

  // Weak and headline mentions are kept only when they match something known.
  for (const m of mentions) {
    if (m.group >= 0) continue;
    const known = byKey.has(m.key) || PLACES.has(m.key) || ORGS.has(m.key);
    const alias = bySurname.has(m.key) || byFirstName.has(m.key) || (m.keys.length === 1 && byInitials.has(m.key));
    if (known || alias) {
      addToGroup(m);
      continue;
    }
    if (m.headline) continue;
    // A lone sentence-initial word that also appears lowercase is a common word ("Assaults", "Officials").
    if (m.weak && m.keys.length === 1 && !appearsLowercase(text, m.key)) {
      // Kept when it appears capitalised again later in the text (checked after grouping) — for now, hold it.
      addToGroup(m);
    }
  }
  // Groups made only of weak mentions that were never vouched for are dropped.
  for (const group of groups) {
    if (group.mentions.every((m) => m.weak) && !PLACES.has(group.key) && !ORGS.has(group.key)) {
      if (!bySurname.has(group.key) && !byFirstName.has(group.key) && !byInitials.has(group.key)) group.mergedInto = -2;
    }
  }

  // Aliases: shorter names that end or start a longer person's name, acronyms of organisations.
  const aliasTargets = (group: Group): number[] => {
    if (group.listed && !PLACES.has(group.key) && !ORGS.has(group.key)) return [];
    const out: number[] = [];
    const sur = bySurname.get(group.key);
    if (sur !== undefined) {
      for (const g of sur) {
        const target = groups[g] as Group;
        if (target !== group && target.keys.length > group.keys.length && isPersonish(target) && !group.listed) {
          out.push(g);
        }
      }
    }
    if (out.length === 0 && group.keys.length === 1) {
      const first = byFirstName.get(group.key);
      if (first !== undefined && !bySurname.has(group.key) && !group.listed) {
        for (const g of first) if (isPersonish(groups[g] as Group) && groups[g] !== group) out.push(g);
      }
      const acro = byInitials.get(group.key);
      if (acro !== undefined && out.length === 0) {
        for (const g of acro) {
          const target = groups[g] as Group;
          if (target !== group && target.org > target.person && target.keys.length >= 2) out.push(g);
        }
      }
    }
    return out;
  };

  // Per mention: an alias joins the matching name mentioned in its sentence or the one before; else the first such
  // name introduced in the text (a surname alone stands for the article's main bearer of it: "Scott" is Keith Lamont
  // Scott, not Rakeyia Scott mentioned once in passing).
  const firstStart = (g: Group): number => (g.mentions[0] as Mention).start;
  const resolvedGroup = new Map<Mention, number>();
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as Group;
    if (group.mergedInto === -2) continue;
    const targets = aliasTargets(group);
    if (targets.length === 0) continue;
    for (const m of group.mentions) {
      let best = -1;
      let bestPos = -1;
      for (const tg of targets) {
        const target = groups[tg] as Group;
        for (const tm of target.mentions) {
          if (tm.start < m.start && tm.start > bestPos && tm.sentence >= m.sentence - 1) {
            bestPos = tm.start;
            best = tg;
          }
        }
      }
      if (best < 0) {
        // The first full name in the text.
        let earliest = Infinity;
        for (const tg of targets) {
          const s = firstStart(groups[tg] as Group);
          if (s < earliest) {
            earliest = s;
            best = tg;
          }
        }
      }
      resolvedGroup.set(m, best);
    }
    group.mergedInto = targets[0] as number;
  }

  // Collect final entities.
  interface Final {
    forms: Set<string>;
    name: string;
    spans: TextSpan[];
    mentionList: Mention[];
    person: number;
    org: number;
    place: number;
    male: number;
    female: number;
    single: boolean;
    first: number;
  }
  const finals = new Map<number, Final>();
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as Group;
    if (group.mergedInto === -2) continue;
    for (const m of group.mentions) {
      const target = resolvedGroup.get(m) ?? g;
      let f = finals.get(target);
      const tg = groups[target] as Group;
      if (f === undefined) {
        f = {
          forms: new Set(), name: '', spans: [], mentionList: [], person: tg.person, org: tg.org, place: tg.place,
          male: tg.male, female: tg.female, single: tg.keys.length === 1, first: m.start,
        };
        finals.set(target, f);
      }
      if (target !== g) {
        // The alias's own evidence counts too ("Mr Scholz said").
        f.person += m.person;
        if (m.gender === 'male') f.male += 10;
        else if (m.gender === 'female') f.female += 10;
      }
      const form = m.forms.join(' ').replace(/\s*&\s*/g, ' & ');
      const display = text.slice(m.start, m.end);
      const name = display.includes('\n') ? form : display.replace(/\s+/g, ' ');
      if (name.length > f.name.length) f.name = name;
      f.spans.push({ start: m.start, end: m.end });
      f.mentionList.push(m);
      if (m.start < f.first) f.first = m.start;
    }
  }

  // Gender from pronouns: a he/she after a sentence that names exactly one person, outside quotations.
  const personOf = new Map<Mention, Final>();
  for (const f of finals.values()) {
    const single = f.single;
    const type = typeOf(f, single);
    if (type !== 'person') continue;
    for (const m of f.mentionList) if (!m.inQuote) personOf.set(m, f);
  }
  if (personOf.size > 0) votePronounGender(tokens, mentions, personOf, sentences, inQuote);

  const result: Entity[] = [];
  const ordered = [...finals.values()].sort((a, b) => a.first - b.first);
  for (const f of ordered) {
    f.spans.sort((a, b) => a.start - b.start);
    const type = typeOf(f, f.single);
    const entity: Entity = {
      name: f.name,
      type,
      mentions: f.spans.length,
      spans: f.spans,
      stage: 'entities',
      ...(type === 'person' && f.male !== f.female ? { gender: f.male > f.female ? 'male' : 'female' } : {}),
    };
    result.push(entity);
  }
  return result;
}

function votePronounGender(
  tokens: readonly Token[],
  mentions: readonly Mention[],
  personOf: ReadonlyMap<Mention, { male: number; female: number }>,
  sentences: readonly Sentence[],
  inQuote: Uint8Array,
): void {
  // Persons named (outside quotations) per sentence, in text order.
  const named: Array<Array<{ end: number; f: { male: number; female: number } }> | undefined> = new Array(
    sentences.length,
  );
  for (const m of mentions) {
    const f = personOf.get(m);
    if (f === undefined) continue;
    let list = named[m.sentence];
    if (list === undefined) named[m.sentence] = list = [];
    list.push({ end: m.end, f });
  }
  let si = 0;
  let voted = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== WORD || inQuote[i] === 1) continue;
    const male = MALE_PRONOUNS.has(t.lower);
    const female = !male && FEMALE_PRONOUNS.has(t.lower);
    if (!male && !female) continue;
    while (si < sentences.length - 1 && (sentences[si] as Sentence).end <= t.start) si++;
    if (voted === si) continue; // one vote per sentence
    // The candidates: persons named in this sentence before the pronoun, else in the previous sentence.
    const here = new Set<{ male: number; female: number }>();
    for (const n of named[si] ?? []) if (n.end <= t.start) here.add(n.f);
    // Else the nearest of the three sentences before that names anyone (quoted sentences name no one outside).
    const previous = new Set<{ male: number; female: number }>();
    for (let b = si - 1; b >= 0 && b >= si - 3 && previous.size === 0; b--) {
      for (const n of named[b] ?? []) previous.add(n.f);
    }
    const candidates = here.size > 0 ? here : previous;
    if (candidates.size !== 1) continue;
    for (const f of candidates) {
      if (male) f.male++;
      else f.female++;
    }
    voted = si;
  }
}

export const entitiesStage: Stage<AnalysisInput, Entity[]> = { name: 'entities', run: extractEntities };
