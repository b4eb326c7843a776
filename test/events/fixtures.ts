/**
 * Invented news articles for the event grouping tests: every name, place and fact here is fictional.
 * Each has a `story` label: articles with the same label are one event; different labels must stay apart.
 */
import type { NewArticle } from '../../src/domain/article.ts';
import { eventFeatures, type EventFeatures } from '../../src/events/features.ts';
import { analyzed, article } from '../helpers/articles.ts';

export interface Fixture {
  readonly name: string;
  readonly story: string;
  readonly title: string;
  readonly text: string;
  readonly published: string | null;
}

export const FIXTURES: readonly Fixture[] = [
  // One story, three outlets, different wording.
  {
    name: 'rehab-marlow-1',
    story: 'marlow-rehab',
    title: 'Actress Dalia Marlow checks into Silverpine rehab clinic',
    text: 'Actress Dalia Marlow has checked into the Silverpine Recovery Center in Vermont, her publicist Ned Farrow said on Monday. Marlow, 34, entered the clinic for treatment of exhaustion. The star of the drama series Harbor Lights asked fans to respect her privacy.',
    published: '2031-04-07T09:00:00Z',
  },
  {
    name: 'rehab-marlow-2',
    story: 'marlow-rehab',
    title: 'Dalia Marlow enters Silverpine treatment center',
    text: 'Harbor Lights star Dalia Marlow entered the Silverpine Recovery Center this week, according to her representative Ned Farrow. Marlow is being treated at the Vermont facility and asked for privacy. Friends said the actress had been exhausted after months of filming.',
    published: '2031-04-07T15:30:00Z',
  },
  {
    name: 'rehab-marlow-3',
    story: 'marlow-rehab',
    title: 'Marlow in rehab: what we know',
    text: 'Dalia Marlow is receiving treatment at Silverpine, the Vermont rehab clinic, her publicist confirmed. The Harbor Lights actress checked in on Monday. Ned Farrow said Marlow thanked her fans for their support.',
    published: '2031-04-08T11:00:00Z',
  },
  // A second celebrity in rehab: same kind of story, different event.
  {
    name: 'rehab-quill-1',
    story: 'quill-rehab',
    title: 'Singer Tobias Quill checks into rehab at Blue Mesa clinic',
    text: 'Singer Tobias Quill has checked into the Blue Mesa treatment clinic in Arizona, his manager Rita Ostrander said. Quill, 41, cancelled the rest of his Northern Skies tour. The singer asked fans to respect his privacy during treatment.',
    published: '2031-04-09T10:00:00Z',
  },
  {
    name: 'rehab-quill-2',
    story: 'quill-rehab',
    title: 'Tobias Quill cancels tour, enters Blue Mesa rehab',
    text: 'Tobias Quill entered the Blue Mesa clinic in Arizona after cancelling his Northern Skies tour, manager Rita Ostrander confirmed. Quill is expected to stay for several weeks of treatment.',
    published: '2031-04-10T08:00:00Z',
  },
  // Two earthquakes in invented places, a year apart.
  {
    name: 'quake-varnholt-1',
    story: 'varnholt-quake',
    title: 'Magnitude 6.4 earthquake strikes Varnholt, dozens injured',
    text: 'A magnitude 6.4 earthquake struck the mountain town of Varnholt early on Tuesday, injuring dozens and damaging hundreds of homes. The Geological Survey of Estria said the quake was centred 12 kilometres north of Varnholt. Mayor Ilse Brandauer said rescue teams were searching collapsed buildings.',
    published: '2031-03-04T06:00:00Z',
  },
  {
    name: 'quake-varnholt-2',
    story: 'varnholt-quake',
    title: 'Rescuers search rubble after Varnholt quake',
    text: 'Rescue teams searched the rubble of collapsed buildings in Varnholt on Wednesday after a 6.4 magnitude earthquake hit the town. Mayor Ilse Brandauer said dozens were injured and hundreds of homes were damaged. The Geological Survey of Estria recorded several aftershocks.',
    published: '2031-03-05T12:00:00Z',
  },
  {
    name: 'quake-kessin-1',
    story: 'kessin-quake',
    title: 'Magnitude 5.9 earthquake hits Kessin, homes damaged',
    text: 'A magnitude 5.9 earthquake hit the coastal city of Kessin on Friday, damaging homes and injuring several people. The Geological Survey of Estria said the quake was centred off the coast near Kessin. Governor Pavel Lindqvist said rescue teams were checking buildings.',
    published: '2032-02-20T07:00:00Z',
  },
  {
    name: 'quake-kessin-2',
    story: 'kessin-quake',
    title: 'Kessin counts damage after earthquake',
    text: 'Residents of Kessin counted the damage on Saturday after a 5.9 magnitude earthquake struck the coast. Governor Pavel Lindqvist said several people were injured. Engineers were checking the harbour and damaged homes.',
    published: '2032-02-21T10:00:00Z',
  },
  // A business story, with an undated second report.
  {
    name: 'merger-1',
    story: 'orvane-merger',
    title: 'Orvane Foods agrees to buy Glenmoor Dairy for $2.1 billion',
    text: 'Orvane Foods agreed to buy Glenmoor Dairy for $2.1 billion, the companies said on Thursday. The deal would make Orvane the largest dairy producer in the region. Glenmoor shareholders will receive cash for each share.',
    published: '2031-05-15T13:00:00Z',
  },
  {
    name: 'merger-2-undated',
    story: 'orvane-merger',
    title: 'Glenmoor Dairy sold to Orvane Foods in $2.1bn deal',
    text: 'Glenmoor Dairy is being sold to Orvane Foods in a deal worth $2.1 billion. Orvane said the acquisition of Glenmoor would make it the biggest dairy producer in the region. Shareholders of Glenmoor will be paid in cash.',
    published: null,
  },
  // Unrelated undated stories.
  {
    name: 'bridge-undated',
    story: 'tallow-bridge',
    title: 'Tallow River bridge reopens after repairs',
    text: 'The Tallow River bridge reopened to traffic after eight months of repairs, city officials said. Engineers replaced the steel supports of the 90-year-old bridge. Commuters had faced long detours during the works.',
    published: null,
  },
  {
    name: 'election-undated',
    story: 'brennick-election',
    title: 'Mara Brennick wins mayoral race in Oskfield',
    text: 'Mara Brennick won the mayoral election in Oskfield with 54 percent of the vote, the election board said. Brennick, a former teacher, defeated incumbent mayor Hal Dorsey. She promised to expand public transport.',
    published: null,
  },
  // Undated articles whose leads write out their date (datelines, "on March 14, 2009"): two fights of the same
  // invented boxers three years apart, the second told by two outlets.
  {
    name: 'fight-drazen-2009',
    story: 'drazen-okafor-2009',
    title: 'Ivo Drazen stops Lenny Okafor to keep heavyweight title',
    text: 'March 14, 2009. Ivo Drazen stopped Lenny Okafor in the seventh round in Varnholt to keep his heavyweight title. Drazen dropped Okafor twice with right hands before the referee ended the fight. Okafor said he would ask for a rematch.',
    published: null,
  },
  {
    name: 'fight-drazen-2012-a',
    story: 'drazen-okafor-2012',
    title: 'Ivo Drazen stops Lenny Okafor again to retain heavyweight title',
    text: 'July 7, 2012. Ivo Drazen stopped Lenny Okafor in the sixth round in Kessin to retain his heavyweight title. Drazen knocked Okafor down in the fifth round before the referee ended the fight. Okafor said he had no excuses.',
    published: null,
  },
  {
    name: 'fight-drazen-2012-b',
    story: 'drazen-okafor-2012',
    title: 'Drazen beats Okafor in six rounds',
    text: 'Published 7 July 2012. Heavyweight champion Ivo Drazen beat Lenny Okafor in Kessin, stopping him in the sixth round to keep his title. Okafor went down in the fifth round, and the referee ended the fight a round later.',
    published: null,
  },
];

const byName = new Map(FIXTURES.map((fixture) => [fixture.name, fixture]));

export function fixture(name: string): Fixture {
  const found = byName.get(name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
}

export function fixtureArticle(f: Fixture): NewArticle {
  return article({ title: f.title, text: f.text, published: f.published });
}

const featureCache = new Map<string, EventFeatures>();

/** Features from the real pipeline: prepared article, real entities. */
export function fixtureFeatures(name: string): EventFeatures {
  let features = featureCache.get(name);
  if (features === undefined) {
    const [entry] = analyzed(fixtureArticle(fixture(name)));
    if (entry === undefined) throw new Error('unreachable');
    features = eventFeatures(entry.article, entry.analysis);
    featureCache.set(name, features);
  }
  return features;
}
