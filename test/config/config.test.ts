import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigError,
  DEFAULT_DB_PATH,
  DEFAULT_DISCORD_API_BASE,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_ARTICLE_BYTES,
  DEFAULT_MAX_PAGE_BYTES,
  DEFAULT_POLL_MINUTES,
  DEFAULT_POSTS_PER_CHANNEL_PER_HOUR,
  DEFAULT_RETENTION_DAYS,
  parseConfig,
  requireBotSettings,
  requireDeploySettings,
  USER_AGENT,
} from '../../src/config/config.ts';

describe('parseConfig', () => {
  it('has working defaults for an empty environment', () => {
    assert.deepEqual(parseConfig({}), {
      dbPath: DEFAULT_DB_PATH,
      maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES,
      logLevel: 'info',
      discord: { token: null, clientId: null, guildId: null, apiBase: DEFAULT_DISCORD_API_BASE },
      fetch: { userAgent: USER_AGENT, timeoutMs: DEFAULT_FETCH_TIMEOUT_MS, maxPageBytes: DEFAULT_MAX_PAGE_BYTES, allowLoopback: false },
      feeds: { postsPerChannelPerHour: DEFAULT_POSTS_PER_CHANNEL_PER_HOUR, pollMinutes: DEFAULT_POLL_MINUTES },
      retentionDays: DEFAULT_RETENTION_DAYS,
    });
  });

  it('allows loopback fetches only when the test setting says so, and polls no more often than every 5 minutes', () => {
    assert.equal(parseConfig({ NEWSBOT_FETCH_ALLOW_LOOPBACK: '1' }).fetch.allowLoopback, true);
    assert.throws(() => parseConfig({ NEWSBOT_FETCH_ALLOW_LOOPBACK: 'yes', NEWSBOT_POLL_MINUTES: '1' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 2, 'both problems at once');
      return true;
    });
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
      () => parseConfig({ NEWSBOT_MAX_ARTICLE_BYTES: 'lots', LOG_LEVEL: 'chatty' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 2);
        assert.match(error.problems.join('\n'), /NEWSBOT_MAX_ARTICLE_BYTES/);
        assert.match(error.problems.join('\n'), /LOG_LEVEL/);
        return true;
      },
    );
  });

  it('rejects a limit that is not a positive whole number', () => {
    for (const value of ['0', '-5', '1.5']) {
      assert.throws(() => parseConfig({ NEWSBOT_MAX_ARTICLE_BYTES: value }), ConfigError, value);
    }
  });

  it('reads the Discord settings and trims a trailing slash from the API base', () => {
    const config = parseConfig({
      DISCORD_TOKEN: ' token ',
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_BASE: 'http://127.0.0.1:4000/api/',
    });
    assert.deepEqual(config.discord, {
      token: 'token',
      clientId: '123456789012345678',
      guildId: '223456789012345678',
      apiBase: 'http://127.0.0.1:4000/api',
    });
  });

  it('rejects a versioned API base and ids that are not Discord ids, all at once', () => {
    assert.throws(
      () => parseConfig({ DISCORD_API_BASE: 'https://discord.com/api/v10', DISCORD_CLIENT_ID: 'my-app', DISCORD_GUILD_ID: '12' }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 3,
    );
  });

  it('says what the bot and the deploy script need', () => {
    assert.throws(() => requireBotSettings(parseConfig({})), /DISCORD_TOKEN.*npm run demo/);
    assert.throws(
      () => requireDeploySettings(parseConfig({})),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2,
    );
    assert.deepEqual(requireDeploySettings(parseConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678' })), {
      token: 't',
      clientId: '123456789012345678',
    });
  });
});
