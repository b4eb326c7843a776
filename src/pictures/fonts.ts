/**
 * The fonts pictures are drawn with, shipped in assets/fonts (DejaVu Sans: Latin, Greek, Cyrillic): a machine without
 * system fonts would otherwise render no text at all, silently. The same files give the layout its measurements and
 * the renderer its glyph outlines, so what the layout measured is exactly what is drawn.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import opentype from 'opentype.js';

export const FONT_FAMILY = 'DejaVu Sans';
export const FONT_FILES = {
  regular: fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url)),
  bold: fileURLToPath(new URL('../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url)),
} as const;

export type FontWeight = 'regular' | 'bold';

/** One glyph of a line of text: which, and where along the line, in font units from the line's start. */
export interface PlacedGlyph {
  readonly glyph: number;
  readonly x: number;
}

/** What the layout needs of a font: widths, and which characters it can draw. */
export interface TextMeasure {
  /** Advance width of `text` at `size` px, kerning included (as resvg lays it out, without ligatures). */
  width(text: string, size: number, weight?: FontWeight): number;
  /** Whether the font has a glyph for this character (one code point). */
  covers(char: string): boolean;
}

/** What the renderer needs of a font: the glyphs of a line of text and their outlines. */
export interface GlyphSource {
  readonly unitsPerEm: number;
  /** The glyphs of `text` with their positions and the line's advance (font units), as `TextMeasure.width` measures it. */
  layoutLine(text: string, weight: FontWeight): { readonly glyphs: readonly PlacedGlyph[]; readonly advance: number };
  /** A glyph's outline as SVG path data, in font units, y down, origin on the baseline. */
  outline(glyph: number, weight: FontWeight): string;
}

export type PictureFonts = TextMeasure & GlyphSource;

function parse(path: string): opentype.Font {
  const bytes = readFileSync(path);
  return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/**
 * Reads the shipped fonts once. Widths come from the glyphs' advances and kerning pairs (opentype.js's shaper fails on
 * some of DejaVu's substitution tables; DejaVu Sans has no default ligatures, so advances plus kerning are the layout).
 */
export function loadTextMeasure(): PictureFonts {
  const fonts = { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold) };
  if (fonts.regular.unitsPerEm !== fonts.bold.unitsPerEm) throw new Error('the picture fonts must share their units per em');
  const widthCache = new Map<string, number>();
  const outlines = new Map<string, string>();
  const place = (text: string, weight: FontWeight): { glyphs: PlacedGlyph[]; advance: number } => {
    const font = fonts[weight];
    const glyphs: PlacedGlyph[] = [];
    let advance = 0;
    let previous: opentype.Glyph | null = null;
    for (const char of text) {
      const glyph = font.charToGlyph(char);
      if (previous !== null) advance += font.getKerningValue(previous, glyph);
      glyphs.push({ glyph: glyph.index, x: advance });
      advance += glyph.advanceWidth ?? 0;
      previous = glyph;
    }
    return { glyphs, advance };
  };
  return {
    unitsPerEm: fonts.regular.unitsPerEm,
    width(text, size, weight = 'regular') {
      const key = `${weight}\u0000${text}`;
      let units = widthCache.get(key);
      if (units === undefined) {
        units = place(text, weight).advance / fonts[weight].unitsPerEm;
        if (widthCache.size > 50_000) widthCache.clear();
        widthCache.set(key, units);
      }
      return units * size;
    },
    covers(char) {
      return fonts.regular.hasChar(char);
    },
    layoutLine(text, weight) {
      return place(text, weight);
    },
    outline(glyph, weight) {
      const key = `${weight} ${glyph}`;
      let path = outlines.get(key);
      if (path === undefined) {
        const font = fonts[weight];
        path = font.glyphs.get(glyph).getPath(0, 0, font.unitsPerEm).toPathData(0);
        outlines.set(key, path);
      }
      return path;
    },
  };
}
