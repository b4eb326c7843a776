import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_DB_PATH, DEFAULT_MAX_ARTICLE_BYTES, parseConfig } from '../../src/config/config.ts';

describe('parseConfig', () => {
  it('has working defaults for an empty environment', () => {
    assert.deepEqual(parseConfig({}), { dbPath: DEFAULT_DB_PATH, maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES, logLevel: 'info' });
  });

  it('treats empty variables as unset', () => {
    assert.equal(parseConfig({ NEWSBOT_DB: '', NEWSBOT_MAX_ARTICLE_BYTES: '' }).dbPath, DEFAULT_DB_PATH);
  });

  it('lets --db win over NEWSBOT_DB', () => {
    assert.equal(parseConfig({ NEWSBOT_DB: '/env.db' }).dbPath, '/env.db');
    assert.equal(parseConfig({ NEWSBOT_DB: '/env.db' }, { dbPath: '/flag.db' }).dbPath, '/flag.db');
  });

  it('reports every problem at once', () => {
    assert.throws(
      () => parseConfig({ NEWSBOT_MAX_ARTICLE_BYTES: 'lots', NEWSBOT_LOG_LEVEL: 'chatty' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 2);
        assert.match(error.problems.join('\n'), /NEWSBOT_MAX_ARTICLE_BYTES/);
        assert.match(error.problems.join('\n'), /NEWSBOT_LOG_LEVEL/);
        return true;
      },
    );
  });

  it('rejects a limit that is not a positive whole number', () => {
    for (const value of ['0', '-5', '1.5']) {
      assert.throws(() => parseConfig({ NEWSBOT_MAX_ARTICLE_BYTES: value }), ConfigError, value);
    }
  });
});
