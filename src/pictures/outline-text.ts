/**
 * Turns the text of a picture's SVG into glyph outlines before rasterising. resvg outlines every glyph of every text
 * element anew (about 40 µs a glyph here: 60 ms for a long timeline); here each distinct glyph is outlined once, kept
 * in the font cache, defined once per picture and placed with <use>. Positions come from the same advances and
 * kerning the layout measured with, so the drawing matches the layout's boxes exactly. The SVG the layouts write (and
 * tests snapshot) keeps real, escaped <text>; only what resvg is given is outlined.
 */
import type { FontWeight, GlyphSource } from './fonts.ts';

/** The one shape of text element the layouts write (svg.ts textElement). */
const TEXT_ELEMENT = /<text ([^>]*)>([^<]*)<\/text>/g;
const ATTRIBUTE = /([a-z-]+)="([^"]*)"/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function outlineText(svg: string, fonts: GlyphSource): string {
  const used = new Map<string, string>();
  const body = svg.replace(TEXT_ELEMENT, (_element, attributeText: string, content: string) => {
    const attributes = new Map<string, string>();
    for (const [, name, value] of attributeText.matchAll(ATTRIBUTE)) if (name !== undefined && value !== undefined) attributes.set(name, value);
    const weight: FontWeight = attributes.get('font-weight') === 'bold' ? 'bold' : 'regular';
    const size = Number(attributes.get('font-size') ?? '16');
    const scale = size / fonts.unitsPerEm;
    const { glyphs, advance: width } = fonts.layoutLine(unescapeXml(content), weight);
    const anchor = attributes.get('text-anchor') ?? 'start';
    const shift = anchor === 'middle' ? width / 2 : anchor === 'end' ? width : 0;
    const uses = glyphs.map(({ glyph, x }) => {
      const id = `${weight === 'bold' ? 'b' : 'r'}${glyph}`;
      if (!used.has(id)) used.set(id, `<path id="${id}" d="${fonts.outline(glyph, weight)}"/>`);
      return `<use href="#${id}" x="${round(x - shift)}"/>`;
    });
    const x = Number(attributes.get('x') ?? '0');
    const y = Number(attributes.get('y') ?? '0');
    return `<g fill="${attributes.get('fill') ?? '#000000'}" transform="translate(${round(x)} ${round(y)}) scale(${scale})">${uses.join('')}</g>`;
  });
  if (used.size === 0) return body;
  return body.replace(/(<svg[^>]*>)/, `$1<defs>${[...used.values()].join('')}</defs>`);
}

