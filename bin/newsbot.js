#!/usr/bin/env node
// The `newsbot` command. TypeScript sources run through tsx's loader, so a fresh clone works right after `npm ci`
// with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
