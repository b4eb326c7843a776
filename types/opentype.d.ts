// The part of opentype.js's API newsbot uses (measuring text, and glyph outlines). @types/opentype.js would pull the DOM library into the
// whole program for its canvas drawing methods, which newsbot never calls.
declare module 'opentype.js' {
  namespace opentype {
    interface Path {
      toPathData(decimalPlaces?: number): string;
    }
    interface Glyph {
      readonly index: number;
      readonly advanceWidth: number | undefined;
      getPath(x: number, y: number, fontSize: number): Path;
    }
    interface Font {
      readonly unitsPerEm: number;
      readonly glyphs: { get(index: number): Glyph };
      readonly ascender: number;
      readonly descender: number;
      charToGlyph(char: string): Glyph;
      getKerningValue(left: Glyph, right: Glyph): number;
      hasChar(char: string): boolean;
    }
    function parse(buffer: ArrayBuffer): Font;
  }
  const opentype: { parse: typeof opentype.parse };
  export default opentype;
}
