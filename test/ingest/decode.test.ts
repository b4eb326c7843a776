import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../../src/ingest/decode.ts';

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return be;
}

const STORY = 'The ferry to Holm island resumed service on Monday.\n';

describe('decodeText', () => {
  describe('text it decodes', () => {
    const cases: [name: string, bytes: Uint8Array, expected: string][] = [
      ['plain UTF-8', Buffer.from(STORY), STORY],
      ['UTF-8 without its byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(STORY)]), STORY],
      ['UTF-16 LE with a byte order mark', Buffer.from(`\ufeff${STORY}`, 'utf16le'), STORY],
      ['UTF-16 BE with a byte order mark', utf16be(`\ufeff${STORY}`), STORY],
      ['UTF-16 LE non-Latin text', Buffer.from('\ufeffΗ βροχή έκλεισε τον δρόμο.', 'utf16le'), 'Η βροχή έκλεισε τον δρόμο.'],
      ['non-English UTF-8, untouched', Buffer.from('市議会は火曜日に予算を承認した。\nÉté: la mairie a voté.'), '市議会は火曜日に予算を承認した。\nÉté: la mairie a voté.'],
      ['tabs, CRLF and form feeds', Buffer.from('Line one\r\n\tLine two\f\r\n'), 'Line one\r\n\tLine two\f\r\n'],
      ['a stray Latin-1 pound sign (windows-1252 fallback)', Buffer.from([0x43, 0x6f, 0x73, 0x74, 0x3a, 0x20, 0xa3, 0x35]), 'Cost: £5'],
      ['windows-1252 curly quotes', Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x6f, 0x6b]), '“Hi” – ok'],
      ['an ANSI escape in otherwise plain text', Buffer.from('\u001b[1mBold\u001b[0m headline'), '\u001b[1mBold\u001b[0m headline'],
    ];
    for (const [name, bytes, expected] of cases) {
      it(name, () => assert.deepEqual(decodeText(bytes), { ok: true, text: expected }));
    }
  });

  describe('what it rejects', () => {
    const controls = Buffer.alloc(2000, 0x01);
    Buffer.from(STORY).copy(controls, 0);
    const cases: [name: string, bytes: Uint8Array, reason: 'empty' | 'binary' | 'undecodable', detail: RegExp][] = [
      ['no bytes at all', new Uint8Array(0), 'empty', /empty/],
      ['only whitespace', Buffer.from(' \n\t\r\n  '), 'empty', /whitespace/],
      ['only a byte order mark', Buffer.from([0xef, 0xbb, 0xbf]), 'empty', /whitespace/],
      ['a UTF-16 byte order mark and spaces', Buffer.from('\ufeff   ', 'utf16le'), 'empty', /whitespace/],
      ['a NUL byte', Buffer.from('Headline\u0000body'), 'binary', /NUL/],
      ['a PNG header', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), 'binary', /NUL/],
      ['UTF-16 without a byte order mark', Buffer.from(STORY, 'utf16le'), 'binary', /NUL/],
      ['mostly control characters', controls, 'binary', /control/],
      ['UTF-16 text full of NUL characters', Buffer.from('\ufeffa\u0000b', 'utf16le'), 'binary', /NUL/],
      ['invalid UTF-8 that windows-1252 reads as control characters', Buffer.from([0x61, 0x81, 0x62, 0x8d]), 'undecodable', /UTF-8/],
      ['UTF-16 LE with a lone surrogate', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x00, 0xd8, 0x41, 0x00])]), 'undecodable', /UTF-16/],
    ];
    for (const [name, bytes, reason, detail] of cases) {
      it(name, () => {
        const result = decodeText(bytes);
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.equal(result.reason, reason);
        assert.match(result.detail, detail);
      });
    }
  });

  it('looks at the whole file for NUL bytes, not only the first 8 KB', () => {
    const bytes = Buffer.concat([Buffer.from('a'.repeat(20_000)), Buffer.from([0])]);
    assert.deepEqual(decodeText(bytes), { ok: false, reason: 'binary', detail: 'contains NUL bytes' });
  });

  it('judges the control-character share on the first 8 KB only', () => {
    const bytes = Buffer.concat([Buffer.from('a'.repeat(9000)), Buffer.alloc(2000, 0x02)]);
    const result = decodeText(bytes);
    assert.equal(result.ok, true);
  });
});
