import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { RenderedPicture } from '../pictures/renderer.ts';
import { writeLine } from './output.ts';

/** Writes a picture for `--png FILE` (folders created) and says where on stderr, so that --json output stays clean. */
export function writePicture(path: string, picture: RenderedPicture, stderr: Writable): void {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, picture.png);
  writeLine(stderr, `wrote ${path} (${picture.width}×${picture.height} PNG, ${Math.max(1, Math.round(picture.png.length / 1024))} KB)`);
}
