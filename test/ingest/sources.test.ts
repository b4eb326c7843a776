import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readInputs } from '../../src/ingest/sources.ts';
import type { InputItem, InputLimits } from '../../src/ingest/sources.ts';
import { tempDirectory } from '../helpers/temp.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
const LIMITS: InputLimits = { maxArticleBytes: 10_000 };
const MB = 1024 * 1024;

async function collect(paths: readonly string[], limits: InputLimits = LIMITS, stdin?: NodeJS.ReadableStream): Promise<InputItem[]> {
  const items: InputItem[] = [];
  for await (const item of readInputs(paths, limits, stdin)) items.push(item);
  return items;
}

/** `[label, 'ok' | reason]` of each item. */
function outcomes(items: readonly InputItem[]): [string, string][] {
  return items.map((item) => [item.label, item.ok ? 'ok' : item.reason]);
}

function only(items: readonly InputItem[]): InputItem {
  assert.equal(items.length, 1, JSON.stringify(items));
  return items[0] as InputItem;
}

function story(title: string): string {
  return `---\ntitle: ${title}\n---\nThe ${title.toLowerCase()} happened on Monday, officials said.\n`;
}

describe('readInputs', () => {
  it('reads the fixture folder in name order, with JSON elements and JSON Lines lines labelled', async () => {
    const items = await collect([FIXTURES]);
    const at = (name: string): string => join(FIXTURES, name);
    assert.deepEqual(outcomes(items), [
      [`${at('articles.json')}[0]`, 'ok'],
      [`${at('articles.json')}[1]`, 'ok'],
      [`${at('articles.json')}[2]`, 'empty'],
      [at('bridge-closure.html'), 'ok'],
      [at('harbour-strike.txt'), 'ok'],
      [at('library-reopens.md'), 'ok'],
      [`${at('wire.jsonl')}:1`, 'ok'],
      [`${at('wire.jsonl')}:3`, 'parse_error'],
      [`${at('wire.jsonl')}:4`, 'ok'],
    ]);
    const titles = items.flatMap((item) => (item.ok ? [item.article.title] : []));
    assert.deepEqual(titles, [
      'Tram line extension approved',
      'Bakery wins national award',
      'River bridge to close for repairs',
      'Harbour workers end three-day strike',
      'Old library reopens after renovation',
      'Storm warning lifted',
      'Ferry service resumes',
    ]);
  });

  it('walks nested folders, skips hidden entries, survives symlink loops and reports what it cannot read', async () => {
    const root = tempDirectory();
    mkdirSync(join(root, 'a', 'y'), { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'b.txt'), story('Market reopening'));
    writeFileSync(join(root, 'a', 'z.md'), '# Festival postponed\n\nRain forced organisers to wait a week.\n');
    writeFileSync(join(root, 'a', 'y', 'deep.TXT'), story('Bridge inspection'));
    writeFileSync(join(root, '.hidden.txt'), story('Hidden'));
    writeFileSync(join(root, '.git', 'notes.txt'), story('Hidden too'));
    writeFileSync(join(root, 'c.pdf'), '%PDF-1.4');
    writeFileSync(join(root, 'README'), 'no extension');
    symlinkSync(root, join(root, 'loop'));
    symlinkSync(join(root, 'missing.txt'), join(root, 'broken.txt'));

    const items = await collect([root]);
    assert.deepEqual(outcomes(items), [
      [join(root, 'README'), 'unsupported'],
      [join(root, 'a', 'y', 'deep.TXT'), 'ok'],
      [join(root, 'a', 'z.md'), 'ok'],
      [join(root, 'b.txt'), 'ok'],
      [join(root, 'broken.txt'), 'unsupported'],
      [join(root, 'c.pdf'), 'unsupported'],
    ]);
    const details = items.flatMap((item) => (item.ok ? [] : [item.detail]));
    assert.deepEqual(details, ['file has no extension', 'no such file or folder', 'unsupported file type ".pdf"']);
  });

  it('labels folder contents with the path as given', async () => {
    const root = tempDirectory();
    mkdirSync(join(root, 'news'));
    writeFileSync(join(root, 'news', 'one.txt'), story('Library opening'));
    const given = `${join(root, 'news')}/`;
    assert.deepEqual(outcomes(await collect([given])), [[join(root, 'news', 'one.txt'), 'ok']]);
  });

  it('reports a missing path and goes on', async () => {
    const root = tempDirectory();
    writeFileSync(join(root, 'ok.txt'), story('Road reopens'));
    const items = await collect([join(root, 'nope'), join(root, 'ok.txt')]);
    assert.deepEqual(items[0], { label: join(root, 'nope'), ok: false, reason: 'unsupported', detail: 'no such file or folder' });
    assert.equal(items[1]?.ok, true);
  });

  describe('every reject reason', () => {
    const root = tempDirectory();
    const max = LIMITS.maxArticleBytes;
    const files: [name: string, content: string | Uint8Array, reason: string, detail: RegExp][] = [
      ['empty.txt', '', 'empty', /file is empty/],
      ['blank.md', '  \n\t\n', 'empty', /whitespace/],
      ['front-matter-only.txt', '---\ntitle: Nothing else\n---\n', 'empty', /no text/],
      ['title-only.md', '# Just a title\n', 'empty', /no text/],
      ['navigation-only.html', '<html><body><script>x()</script></body></html>', 'empty', /no article text/],
      ['binary.txt', Buffer.from([0x47, 0x49, 0x46, 0x38, 0x00, 0x01, 0x02]), 'binary', /NUL/],
      ['undecodable.md', Buffer.from([0x61, 0x81, 0x62, 0x8d, 0x0a]), 'undecodable', /UTF-8/],
      ['big.txt', 'a'.repeat(max + 1), 'too_large', /limit for \.txt/],
      ['big.md', 'a'.repeat(max + 1), 'too_large', /limit for \.md/],
      ['big.html', `<p>${'a'.repeat(5 * max)}</p>`, 'too_large', /limit for \.html/],
      ['long-text.html', `<p>${'word '.repeat(max / 4)}</p>`, 'too_large', /text is .* more than the .* limit/],
      ['bad.json', '{"text": ', 'parse_error', /invalid JSON/],
      ['bad-front-matter.md', '---\ntitle: [unclosed\n---\nBody.\n', 'parse_error', /front matter is not valid YAML/],
      ['wrong-type.json', '{"text": 5}', 'parse_error', /text must be a string/],
      ['photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'unsupported', /"\.png"/],
    ];
    for (const [name, content, reason, detail] of files) {
      it(`${name}: ${reason}`, async () => {
        const path = join(root, name);
        writeFileSync(path, content);
        const item = only(await collect([path]));
        assert.equal(item.label, path);
        assert.equal(item.ok, false);
        if (item.ok) return;
        assert.equal(item.reason, reason);
        assert.match(item.detail, detail);
      });
    }
  });

  it('applies the larger HTML and JSON file limits, and the article limit to each JSON element', async () => {
    const root = tempDirectory();
    const max = 1000;
    // 3 × max of HTML markup is fine as long as the text is under max.
    writeFileSync(join(root, 'page.html'), `<html><body><div class="${'x'.repeat(3 * max)}"><p>Short story body.</p></div></body></html>`);
    const articles = [{ text: 'Fine.' }, { text: 'b'.repeat(max + 1) }, { text: 'Also fine.' }];
    writeFileSync(join(root, 'many.json'), JSON.stringify([...articles, ...Array.from({ length: 30 }, () => ({ text: 'c'.repeat(900) }))]));
    writeFileSync(join(root, 'huge.json'), JSON.stringify([{ text: 'd'.repeat(64 * max) }]));
    const items = await collect([join(root, 'page.html'), join(root, 'many.json'), join(root, 'huge.json')], { maxArticleBytes: max });
    assert.deepEqual(outcomes(items).slice(0, 4), [
      [join(root, 'page.html'), 'ok'],
      [`${join(root, 'many.json')}[0]`, 'ok'],
      [`${join(root, 'many.json')}[1]`, 'too_large'],
      [`${join(root, 'many.json')}[2]`, 'ok'],
    ]);
    assert.equal(items.length, 1 + 33 + 1);
    assert.deepEqual(outcomes(items).at(-1), [join(root, 'huge.json'), 'too_large']);
  });

  it('measures the article limit in UTF-8 bytes', async () => {
    const root = tempDirectory();
    writeFileSync(join(root, 'greek.json'), JSON.stringify({ text: 'α'.repeat(600) })); // 1200 bytes
    const item = only(await collect([join(root, 'greek.json')], { maxArticleBytes: 1000 }));
    assert.equal(item.ok ? 'ok' : item.reason, 'too_large');
  });

  it('reads a UTF-16 file', async () => {
    const root = tempDirectory();
    const path = join(root, 'utf16.txt');
    writeFileSync(path, Buffer.from('\ufeff---\ntitle: Ψηφοφορία\n---\nΤο συμβούλιο ψήφισε τον προϋπολογισμό.\n', 'utf16le'));
    const item = only(await collect([path]));
    assert.ok(item.ok);
    assert.equal(item.article.title, 'Ψηφοφορία');
    assert.equal(item.article.text, 'Το συμβούλιο ψήφισε τον προϋπολογισμό.\n');
  });

  it('passes a non-English article through untouched', async () => {
    const root = tempDirectory();
    const body = '東京都は水曜日、新しい図書館を開館した。\n\n開館式には約三百人が参加した。\n';
    writeFileSync(join(root, 'tokyo.txt'), `---\ntitle: 新図書館が開館\nsource: 架空新聞\n---\n${body}`);
    writeFileSync(join(root, 'madrid.md'), '# Nueva línea de metro\n\nEl ayuntamiento aprobó el martes la ampliación de la línea 11.\n');
    const [tokyo, madrid] = await collect([join(root, 'tokyo.txt'), join(root, 'madrid.md')]);
    assert.ok(tokyo?.ok && madrid?.ok);
    assert.deepEqual(tokyo.article, { title: '新図書館が開館', url: null, source: '架空新聞', published: null, text: body });
    assert.equal(madrid.article.title, 'Nueva línea de metro');
    assert.equal(madrid.article.text, 'El ayuntamiento aprobó el martes la ampliación de la línea 11.');
  });

  it('rejects 50 MB files from their size alone, without reading them', async () => {
    const root = tempDirectory();
    const names = ['huge.txt', 'huge.md', 'huge.html', 'huge.json'];
    for (const name of names) {
      const path = join(root, name);
      writeFileSync(path, '');
      truncateSync(path, 50 * MB); // sparse: no disk space, nothing in memory
    }
    const before = process.memoryUsage();
    const started = performance.now();
    const items = await collect(names.map((name) => join(root, name)), { maxArticleBytes: 100_000 });
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    assert.deepEqual(
      items.map((item) => (item.ok ? 'ok' : item.reason)),
      ['too_large', 'too_large', 'too_large', 'too_large'],
    );
    assert.ok(items.every((item) => !item.ok && /file is 50\.0 MB/.test(item.detail)));
    assert.ok(elapsed < 1000, `took ${Math.round(elapsed)} ms`);
    assert.ok(after.arrayBuffers - before.arrayBuffers < 10 * MB, 'buffers grew');
    assert.ok(after.rss - before.rss < 30 * MB, 'resident memory grew');
  });

  describe('JSON Lines', () => {
    it('counts lines from 1, skips blank lines and reads CRLF and a last line without a newline', async () => {
      const root = tempDirectory();
      const path = join(root, 'feed.jsonl');
      writeFileSync(path, '{"text":"One."}\r\n\r\n   \n{"text":"Two."}\n[1,2]\n{"text":"Three."}');
      const items = await collect([path]);
      assert.deepEqual(outcomes(items), [
        [`${path}:1`, 'ok'],
        [`${path}:4`, 'ok'],
        [`${path}:5`, 'parse_error'],
        [`${path}:6`, 'ok'],
      ]);
      assert.deepEqual(
        items.map((item) => (item.ok ? item.article.text : item.detail)),
        ['One.', 'Two.', 'expected an article object, got an array', 'Three.'],
      );
    });

    it('rejects an over-long line without holding it, and reads on', async () => {
      const root = tempDirectory();
      const path = join(root, 'long.jsonl');
      const long = `{"text":"${'x'.repeat(20 * MB)}"}`;
      writeFileSync(path, `{"text":"Before."}\n${long}\n{"text":"After."}\n`);
      // Read chunks count as external memory until collected and swept (the sweep runs in the background), so
      // memory is measured after a collection, a pause and another collection, at each item.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const settled = async (): Promise<number> => {
        gc();
        await sleep(20);
        gc();
        return process.memoryUsage().external;
      };
      const before = await settled();
      let peak = 0;
      const items: InputItem[] = [];
      for await (const item of readInputs([path], { maxArticleBytes: 1000 })) {
        peak = Math.max(peak, (await settled()) - before);
        items.push(item);
      }
      assert.deepEqual(outcomes(items), [
        [`${path}:1`, 'ok'],
        [`${path}:2`, 'too_large'],
        [`${path}:3`, 'ok'],
      ]);
      assert.ok(peak < 5 * MB, `external memory grew by ${Math.round(peak / MB)} MB`);
    });

    it('judges a line as its own text: binary, undecodable, too large', async () => {
      const root = tempDirectory();
      const path = join(root, 'mixed.jsonl');
      writeFileSync(path, Buffer.concat([
        Buffer.from('{"text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n'), // Latin-1 é: windows-1252 fallback
        Buffer.from('{"text":"a'), Buffer.from([0x81]), Buffer.from('"}\n'),
        Buffer.from(`{"text":"${'y'.repeat(1500)}"}\n`),
      ]));
      const items = await collect([path], { maxArticleBytes: 1000 });
      assert.deepEqual(outcomes(items), [
        [`${path}:1`, 'ok'],
        [`${path}:2`, 'undecodable'],
        [`${path}:3`, 'too_large'],
      ]);
      assert.equal(items[0]?.ok && items[0].article.text, 'café');
    });

    const whole: [name: string, content: string | Uint8Array, reason: string][] = [
      ['an empty file', '', 'empty'],
      ['only blank lines', '\n\n  \n', 'empty'],
      ['a binary file', Buffer.from([0x7b, 0x00, 0x7d, 0x0a]), 'binary'],
      ['a 50 MB sparse file', 'sparse', 'binary'],
    ];
    for (const [name, content, reason] of whole) {
      it(`rejects ${name} as a whole`, async () => {
        const root = tempDirectory();
        const path = join(root, 'feed.ndjson');
        writeFileSync(path, content === 'sparse' ? '' : content);
        if (content === 'sparse') truncateSync(path, 50 * MB);
        const item = only(await collect([path]));
        assert.deepEqual([item.label, item.ok ? 'ok' : item.reason], [path, reason]);
      });
    }

    it('reads a UTF-16 JSON Lines file', async () => {
      const root = tempDirectory();
      const path = join(root, 'utf16.jsonl');
      writeFileSync(path, Buffer.from('\ufeff{"text":"Één."}\n{"text":"Twee."}\n', 'utf16le'));
      const items = await collect([path]);
      assert.deepEqual(items.map((item) => (item.ok ? item.article.text : item.reason)), ['Één.', 'Twee.']);
    });
  });

  describe('standard input', () => {
    const stdin = (text: string | Uint8Array): Readable => Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);

    const cases: [name: string, input: string | Uint8Array, expected: [string, string][]][] = [
      ['one JSON object', '  {"title":"T","text":"Body."}', [['-', 'ok']]],
      ['a JSON array', '[{"text":"A."},{"text":""},{"text":"C."}]', [['-[0]', 'ok'], ['-[1]', 'empty'], ['-[2]', 'ok']]],
      ['a pretty-printed JSON object', '{\n  "title": "T",\n  "text": "Body."\n}\n', [['-', 'ok']]],
      ['JSON Lines', '{"text":"A."}\n\n{"text":"B."}\n{"text":\n', [['-:1', 'ok'], ['-:3', 'ok'], ['-:4', 'parse_error']]],
      ['invalid JSON', '{"text": "A."', [['-', 'parse_error']]],
      ['HTML', '<!DOCTYPE html><title>Vote delayed</title><p>The vote was delayed.</p>', [['-', 'ok']]],
      ['text with front matter', story('Park opening'), [['-', 'ok']]],
      ['nothing', '', [['-', 'empty']]],
      ['binary', Buffer.from([0x00, 0x01, 0x02]), [['-', 'binary']]],
      ['text over the text limit', 'z'.repeat(LIMITS.maxArticleBytes + 1), [['-', 'too_large']]],
    ];
    for (const [name, input, expected] of cases) {
      it(name, async () => assert.deepEqual(outcomes(await collect(['-'], LIMITS, stdin(input))), expected));
    }

    it('keeps the fields of what it reads', async () => {
      const [html, text] = [
        only(await collect(['-'], LIMITS, stdin('<title>Vote delayed</title><p>The vote was delayed.</p>'))),
        only(await collect(['-'], LIMITS, stdin(story('Park opening')))),
      ];
      assert.ok(html.ok && text.ok);
      assert.equal(html.article.title, 'Vote delayed');
      assert.equal(html.article.text, 'The vote was delayed.');
      assert.equal(text.article.title, 'Park opening');
    });

    it('stops reading an endless stream past its cap', async () => {
      let pulled = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const endless = Readable.from(
        (function* () {
          for (;;) {
            pulled++;
            yield chunk;
          }
        })(),
      );
      const item = only(await collect(['-'], { maxArticleBytes: 1000 }, endless));
      assert.deepEqual([item.label, item.ok ? 'ok' : item.reason], ['-', 'too_large']);
      assert.ok(pulled < 50, `pulled ${pulled} chunks`);
    });

    it('turns a failing stream into one rejected item', async () => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('connection reset'));
        },
      });
      assert.deepEqual(await collect(['-'], LIMITS, failing), [{ label: '-', ok: false, reason: 'parse_error', detail: 'connection reset' }]);
    });

    it('mixes with files in the order given', async () => {
      const root = tempDirectory();
      writeFileSync(join(root, 'a.txt'), story('Ferry delay'));
      const items = await collect([join(root, 'a.txt'), '-'], LIMITS, stdin('{"text":"From stdin."}'));
      assert.deepEqual(outcomes(items), [[join(root, 'a.txt'), 'ok'], ['-', 'ok']]);
    });
  });

  it('never throws: problems in one input leave the others alone', async () => {
    const root = tempDirectory();
    writeFileSync(join(root, '1-bad.json'), '[{"text": 1}, {"text": "Good element."}]');
    writeFileSync(join(root, '2-bad.md'), '---\n: [\n---\n');
    writeFileSync(join(root, '3-good.txt'), story('Harvest festival'));
    const items = await collect([root, join(root, 'missing.html'), root]);
    assert.deepEqual(
      items.map((item) => (item.ok ? 'ok' : item.reason)),
      ['parse_error', 'ok', 'parse_error', 'ok', 'unsupported', 'parse_error', 'ok', 'parse_error', 'ok'],
    );
  });
});
