import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commands } from '../../commands/index.ts';
import { FIXTURE_IDS, startDiscordDouble } from '../discord-double/index.ts';
import { tempDirectory } from '../helpers/temp.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// Resolved here, because the bot runs in a temp folder (so that no developer's .env is read) where tsx is not found.
const TSX = import.meta.resolve('tsx');
const directory = tempDirectory('newsbot-main-');

function baseEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: directory, NEWSBOT_DB: join(directory, 'bot.db'), LOG_LEVEL: 'info', ...extra };
}

describe('npm start (src/main.ts)', () => {
  it('exits 1 without a token, saying what to set and pointing to the demo', () => {
    const run = spawnSync(process.execPath, ['--import', TSX, MAIN], { env: baseEnv({}), cwd: directory, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /DISCORD_TOKEN/);
    assert.match(run.stderr, /npm run demo/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('connects to Discord and ends cleanly within 10 s of SIGTERM', async () => {
    const double = await startDiscordDouble();
    try {
      const child = spawn(process.execPath, ['--import', TSX, MAIN], {
        env: baseEnv({ DISCORD_TOKEN: double.token, DISCORD_API_BASE: double.restOptions.api }),
        cwd: directory,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const online = Date.now();
      while (!output.includes('newsbot is online')) {
        assert.ok(Date.now() - online < 20_000, `did not come online: ${output}`);
        assert.equal(child.exitCode, null, `exited early: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(double.gateway.identifyCount >= 1);
      const stopAt = Date.now();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.ok(Date.now() - stopAt < 10_000);
      assert.match(output, /stopped/);
    } finally {
      await double.close();
    }
  });
});

describe('npm run deploy-commands', () => {
  const NEWSBOT = fileURLToPath(new URL('../../bin/newsbot.js', import.meta.url));

  it('registers every command in one request, in the development server when DISCORD_GUILD_ID is set', async () => {
    const double = await startDiscordDouble();
    try {
      const env = baseEnv({
        DISCORD_TOKEN: double.token,
        DISCORD_API_BASE: double.restOptions.api,
        DISCORD_CLIENT_ID: double.applicationId,
        DISCORD_GUILD_ID: FIXTURE_IDS.guild,
      });
      const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [NEWSBOT, 'deploy-commands'], { env, cwd: directory });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.once('exit', (code) => resolve({ code, stdout }));
      });
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, new RegExp(`Registered ${commands.length} slash commands in server`));
      assert.equal(double.requestsTo('/applications/:appId/guilds/:guildId/commands', 'PUT').length, 1);
      assert.deepEqual(
        double.commands(FIXTURE_IDS.guild).map((command) => command.name).sort(),
        commands.map((command) => command.data.name).sort(),
      );
    } finally {
      await double.close();
    }
  });

  it('names everything missing at once', () => {
    const run = spawnSync(process.execPath, [NEWSBOT, 'deploy-commands'], { env: baseEnv({}), cwd: directory, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /DISCORD_TOKEN/);
    assert.match(run.stderr, /DISCORD_CLIENT_ID/);
  });
});
