// Text outlined before rasterising: every text element becomes glyph uses, each glyph defined once, placed as the
// layout measured it (anchors included), escaped text read back as the characters it stands for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadTextMeasure } from '../../src/pictures/fonts.ts';
import { outlineText } from '../../src/pictures/outline-text.ts';

const fonts = loadTextMeasure();
const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">\n${body}\n</svg>\n`;

describe('outlineText', () => {
  test('each text element becomes a group of glyph uses; each glyph is defined once', () => {
    const out = outlineText(svg('<text x="10" y="50" font-family="DejaVu Sans" font-size="24" fill="#1a1a1a">aaa b</text>'), fonts);
    assert.doesNotMatch(out, /<text/);
    assert.equal((out.match(/<path id="r\d+"/g) ?? []).length, 3, 'a, space and b');
    assert.equal((out.match(/<use /g) ?? []).length, 5);
    assert.match(out, /<g fill="#1a1a1a" transform="translate\(10 50\) scale\(0\.01171875\)">/);
    assert.match(out, /^<svg[^>]*><defs>/);
  });

  test('bold glyphs come from the bold font, under their own ids', () => {
    const out = outlineText(svg('<text x="0" y="20" font-family="DejaVu Sans" font-size="24" font-weight="bold" fill="#000">a</text><text x="0" y="60" font-family="DejaVu Sans" font-size="24" fill="#000">a</text>'), fonts);
    assert.equal((out.match(/<path id="b\d+"/g) ?? []).length, 1);
    assert.equal((out.match(/<path id="r\d+"/g) ?? []).length, 1);
  });

  test('end and middle anchors shift the line by its measured width', () => {
    const width = fonts.layoutLine('Kelm', 'regular').advance;
    const end = outlineText(svg('<text x="300" y="50" font-family="DejaVu Sans" font-size="24" text-anchor="end" fill="#000">Kelm</text>'), fonts);
    const first = /<use href="#r\d+" x="(-?[\d.]+)"/.exec(end);
    assert.ok(first);
    assert.ok(Math.abs(Number(first[1]) + width) < 0.01, 'the first glyph starts one line-width left of the anchor');
    const middle = outlineText(svg('<text x="300" y="50" font-family="DejaVu Sans" font-size="24" text-anchor="middle" fill="#000">Kelm</text>'), fonts);
    assert.ok(Math.abs(Number(/x="(-?[\d.]+)"/.exec(middle.slice(middle.indexOf('<use')))?.[1]) + width / 2) < 0.01);
  });

  test('escaped characters are drawn as what they stand for', () => {
    const escaped = outlineText(svg('<text x="0" y="50" font-family="DejaVu Sans" font-size="24" fill="#000">&lt;&amp;&gt;</text>'), fonts);
    const plain = fonts.layoutLine('<&>', 'regular').glyphs.map((placed) => `#r${placed.glyph}"`);
    for (const id of plain) assert.ok(escaped.includes(id));
    assert.equal((escaped.match(/<use /g) ?? []).length, 3);
  });

  test('an SVG without text is left as it is', () => {
    const plain = svg('<rect x="0" y="0" width="10" height="10" fill="#fff"/>');
    assert.equal(outlineText(plain, fonts), plain);
  });
});
