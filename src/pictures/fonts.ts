/**
 * The fonts pictures are drawn with, shipped in assets/fonts (DejaVu Sans: Latin, Greek, Cyrillic): a machine without
 * system fonts would otherwise render no text at all, silently. The same files give resvg its glyphs and the layout
 * its measurements, so what the layout measured is what resvg draws.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import opentype from 'opentype.js';

export const FONT_FAMILY = 'DejaVu Sans';
export const FONT_FILES = {
  regular: fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url)),
  bold: fileURLToPath(new URL('../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url)),
} as const;

/** What the layout needs of a font: widths, and which characters it can draw. */
export interface TextMeasure {
  /** Advance width of `text` at `size` px, kerning included (as resvg lays it out, without ligatures). */
  width(text: string, size: number, weight?: 'regular' | 'bold'): number;
  /** Whether the font has a glyph for this character (one code point). */
  covers(char: string): boolean;
}

function parse(path: string): opentype.Font {
  const bytes = readFileSync(path);
  return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/**
 * Reads the shipped fonts once. Widths come from the glyphs' advances and kerning pairs (opentype.js's shaper fails on
 * some of DejaVu's substitution tables; DejaVu Sans has no default ligatures, so advances plus kerning are the layout).
 */
export function loadTextMeasure(): TextMeasure {
  const fonts = { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold) };
  const widthCache = new Map<string, number>();
  return {
    width(text, size, weight = 'regular') {
      const key = `${weight}\u0000${text}`;
      let units = widthCache.get(key);
      if (units === undefined) {
        const font = fonts[weight];
        units = 0;
        let previous: opentype.Glyph | null = null;
        for (const char of text) {
          const glyph = font.charToGlyph(char);
          units += glyph.advanceWidth ?? 0;
          if (previous !== null) units += font.getKerningValue(previous, glyph);
          previous = glyph;
        }
        units /= font.unitsPerEm;
        if (widthCache.size > 50_000) widthCache.clear();
        widthCache.set(key, units);
      }
      return units * size;
    },
    covers(char) {
      return fonts.regular.hasChar(char);
    },
  };
}
