import type { Writable } from 'node:stream';

/** Where a command writes: injected so that tests and the demo can capture it. */
export interface Output {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}

export function writeJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralNoun}`;
}

/**
 * A status line redrawn in place on a terminal, at most every `intervalMs`; nothing at all when the stream is not a
 * terminal, so logs and pipes stay clean.
 */
export class StatusLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: Writable & { isTTY?: boolean },
    private readonly intervalMs = 100,
  ) {}

  update(text: string, now = Date.now()): void {
    if (!this.stream.isTTY || now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${text}`);
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
