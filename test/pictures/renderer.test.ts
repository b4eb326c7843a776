// Pictures as PNG, decoded again: the size the layout asked for, an opaque background, and text really drawn (resvg
// draws no text at all, silently, without a font: these pictures use only the fonts shipped in assets/fonts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { coverageSvg } from '../../src/pictures/coverage-svg.ts';
import { loadTextMeasure } from '../../src/pictures/fonts.ts';
import type { CoveragePictureInput, Picture, TimelinePictureInput } from '../../src/pictures/picture.ts';
import { createPictureRenderer, rasterize } from '../../src/pictures/renderer.ts';
import { timelineSvg } from '../../src/pictures/timeline-svg.ts';

const measure = loadTextMeasure();

const TIMELINE: TimelinePictureInput = {
  title: 'Sorn dam opens its floodgates as the Vessa rises',
  subtitle: '3 outlets · 5 articles',
  today: '2026-11-27',
  entries: [
    { date: '2026-11-24', label: 'Heavy rain raised the Vessa river to its highest level in forty years.', outlets: ['Varde Herald'] },
    { date: '2026-11-25', label: 'Engineers opened the floodgates of the Sorn dam and 1,200 residents of Lindal left their homes.', outlets: ['Varde Herald', 'Lund Courier'] },
    { date: '2026-11-26', label: 'The ferry from Lindal to Brekke was cancelled for a second day.', outlets: ['Brekke Tidende'] },
  ],
};

const COVERAGE: CoveragePictureInput = {
  title: 'Sorn dam opens its floodgates as the Vessa rises',
  articles: [
    { date: '2026-11-24', outlet: 'Varde Herald' },
    { date: '2026-11-25', outlet: 'Varde Herald' },
    { date: '2026-11-25', outlet: 'Lund Courier' },
    { date: '2026-11-25', outlet: 'Lund Courier' },
    { date: '2026-11-27', outlet: 'Brekke Tidende' },
  ],
  firstReport: { date: '2026-11-24', outlet: 'Varde Herald' },
  today: '2026-11-27',
};

function luminance(png: PNG, x: number, y: number): number {
  const offset = (png.width * Math.floor(y) + Math.floor(x)) * 4;
  return 0.2126 * (png.data[offset] ?? 0) + 0.7152 * (png.data[offset + 1] ?? 0) + 0.0722 * (png.data[offset + 2] ?? 0);
}

/** Dark pixels inside a box: glyphs drawn there. */
function darkPixelsIn(png: PNG, box: { x: number; y: number; width: number; height: number }): number {
  let dark = 0;
  for (let y = Math.max(0, box.y); y < Math.min(png.height, box.y + box.height); y += 1) {
    for (let x = Math.max(0, box.x); x < Math.min(png.width, box.x + box.width); x += 1) if (luminance(png, x, y) < 128) dark += 1;
  }
  return dark;
}

function checkDecoded(picture: Picture): void {
  const rendered = rasterize(picture, measure);
  assert.ok(rendered.png.length < 1_000_000, `far under Discord's attachment limit (${rendered.png.length} bytes)`);
  const png = PNG.sync.read(rendered.png);
  assert.equal(png.width, Math.round(picture.width));
  assert.equal(png.height, Math.round(picture.height));
  let transparent = 0;
  for (let offset = 3; offset < png.data.length; offset += 4) if ((png.data[offset] ?? 0) < 255) transparent += 1;
  assert.equal(transparent, 0, 'opaque everywhere: it reads the same on dark and light themes');
  const corner = luminance(png, 1, 1);
  let differing = 0;
  for (let y = 0; y < png.height; y += 4) for (let x = 0; x < png.width; x += 4) if (Math.abs(luminance(png, x, y) - corner) > 30) differing += 1;
  assert.ok(differing > 200, `not blank (${differing} sampled pixels differ from the background)`);
  assert.ok(picture.texts.length > 0);
  for (const text of picture.texts) {
    if (text.text.trim() === '') continue;
    assert.ok(darkPixelsIn(png, text) > 0 || text.text.length < 2, `glyphs drawn for “${text.text}” at ${text.x},${text.y}`);
  }
}

describe('pictures as PNG', () => {
  test('a timeline decodes at its size, opaque, with its text drawn', () => {
    checkDecoded(timelineSvg(TIMELINE, measure));
  });

  test('a coverage chart decodes at its size, opaque, with its text drawn', () => {
    checkDecoded(coverageSvg(COVERAGE, measure));
  });

  test('Greek and Cyrillic are drawn with the shipped font', () => {
    const picture = timelineSvg(
      { ...TIMELINE, title: 'Σεισμός στην Κρήτη — Землетрясение на Крите', entries: [{ date: '2026-11-25', label: 'Ο σεισμός έγινε τα ξημερώματα, сообщил Иван Петров.', outlets: ['Καθημερινή'] }] },
      measure,
    );
    checkDecoded(picture);
  });

  test('the renderer gives the same PNG for the same input, from memory the second time', () => {
    const uncached = createPictureRenderer(measure, 0);
    assert.deepEqual(uncached.timeline(TIMELINE).png, uncached.timeline(TIMELINE).png, 'drawing is deterministic');
    const renderer = createPictureRenderer(measure, 2);
    const first = renderer.timeline(TIMELINE);
    assert.equal(renderer.timeline({ ...TIMELINE }), first, 'an equal input is served from memory');
    assert.notEqual(renderer.timeline({ ...TIMELINE, today: '2026-11-28' }), first, 'another day is another picture');
    assert.ok(renderer.coverage(COVERAGE).png.subarray(1, 4).equals(Buffer.from('PNG')));
    assert.notEqual(renderer.timeline(TIMELINE), first, 'at most two kept: the oldest went');
  });
});
