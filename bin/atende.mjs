#!/usr/bin/env node
// The `atende` binary. TypeScript sources run through tsx's loader, so a fresh clone needs no build.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// Variables from ./.env (if any) fill in what the environment does not set; src/config parses them.
if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
