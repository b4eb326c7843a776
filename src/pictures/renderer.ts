/**
 * Pictures as PNG files: the pure layouts draw SVG, resvg turns it into pixels with the shipped fonts (never the
 * system's: a machine without fonts would draw no text, silently). Built once by the composition root, which loads
 * the fonts; rendering is synchronous and takes a few tens of milliseconds.
 */
import { Resvg } from '@resvg/resvg-js';
import { coverageSvg } from './coverage-svg.ts';
import { FONT_FAMILY, FONT_FILES, loadTextMeasure } from './fonts.ts';
import type { GlyphSource, PictureFonts } from './fonts.ts';
import { outlineText } from './outline-text.ts';
import type { CoveragePictureInput, Picture, TimelinePictureInput } from './picture.ts';
import { timelineSvg } from './timeline-svg.ts';

/** The opaque background behind everything: dark and light Discord themes both show a white card. */
const BACKGROUND = '#ffffff';

export interface RenderedPicture {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** The SVG it was drawn from, for tests and debugging. */
  readonly svg: string;
}

export interface PictureRenderer {
  timeline(input: TimelinePictureInput): RenderedPicture;
  coverage(input: CoveragePictureInput): RenderedPicture;
}

export function rasterize(picture: Picture, fonts: GlyphSource): RenderedPicture {
  const resvg = new Resvg(outlineText(picture.svg, fonts), {
    background: BACKGROUND,
    font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, svg: picture.svg };
}

/**
 * Pictures asked for again (the same event's timeline, as several people in a server look at one story) are served
 * from memory: the input holds everything drawn, today's date included, so an equal input is the same picture.
 */
const CACHED_PICTURES = 64;

export function createPictureRenderer(fonts: PictureFonts = loadTextMeasure(), cacheSize = CACHED_PICTURES): PictureRenderer {
  const cache = new Map<string, RenderedPicture>();
  const remembered = (key: string, draw: () => RenderedPicture): RenderedPicture => {
    const found = cache.get(key);
    if (found !== undefined) {
      // Most recently used last: the first key is the one to drop.
      cache.delete(key);
      cache.set(key, found);
      return found;
    }
    const picture = draw();
    if (cacheSize > 0) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(key, picture);
    }
    return picture;
  };
  return {
    timeline: (input) => remembered(`timeline ${JSON.stringify(input)}`, () => rasterize(timelineSvg(input, fonts), fonts)),
    coverage: (input) => remembered(`coverage ${JSON.stringify(input)}`, () => rasterize(coverageSvg(input, fonts), fonts)),
  };
}
