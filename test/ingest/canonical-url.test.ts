import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalUrl, parseWebUrl } from '../../src/ingest/canonical-url.ts';

function canonical(text: string): string {
  const url = parseWebUrl(text);
  assert.ok(url, `${text} should parse`);
  return canonicalUrl(url);
}

describe('canonicalUrl', () => {
  const samePage: [string, string][] = [
    ['https://news.example/a/b', 'https://news.example/a/b'],
    ['http://www.News.Example/a/b/', 'https://news.example/a/b'],
    ['https://news.example/a/b?utm_source=rss&utm_medium=feed#comments', 'https://news.example/a/b'],
    ['https://news.example/a/b?fbclid=x&id=7&gclid=y', 'https://news.example/a/b?id=7'],
    ['https://news.example/a/b?z=1&a=2', 'https://news.example/a/b?a=2&z=1'],
    ['https://news.example:443/', 'https://news.example'],
    ['https://news.example:8080/x', 'https://news.example:8080/x'],
  ];
  for (const [input, expected] of samePage) {
    it(`keys ${input}`, () => assert.equal(canonical(input), expected));
  }

  it('keeps parameters that choose the page', () => {
    assert.notEqual(canonical('https://news.example/story?id=1'), canonical('https://news.example/story?id=2'));
  });

  for (const notWeb of ['not a url', 'ftp://files.example/a', 'javascript:alert(1)', 'mailto:desk@news.example', '']) {
    it(`rejects ${JSON.stringify(notWeb)}`, () => assert.equal(parseWebUrl(notWeb), null));
  }
});
