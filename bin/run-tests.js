#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner, behind a guard against connections off this machine. Node 20's `--test` takes no glob, so the files are listed
// here; extra arguments (file paths) narrow the run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = process.argv.length > 2 ? process.argv.slice(2) : findTests('test').sort();
// The network guard loads first in every test process: a connection outside 127.0.0.1 fails the test.
const guard = new URL('../test/helpers/network-guard.ts', import.meta.url).href;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', guard, '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
