#!/usr/bin/env node
// `npm test`: every check, in order — lint and format (Biome), typecheck, unit and integration tests
// (Vitest, real sockets on loopback), the production build and its JS budget,
// then end-to-end tests in Debian's Chromium (Playwright). Ends with one line
// that sums the tests of both runners.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureChromium, ensureTools } from './ensure-tools.mjs';

const reports = 'test-results';
mkdirSync(reports, { recursive: true });
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };

function step(title, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

function count(file, read) {
  if (!existsSync(file)) return;
  try {
    const c = read(JSON.parse(readFileSync(file, 'utf8')));
    totals.passed += c.passed;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
  } catch (e) {
    console.warn(`could not read ${file}: ${e}`);
  }
}

function finish(ok) {
  console.log(`\nnpm test ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(ok ? 0 : 1);
}

const npx = 'npx';
ensureTools();
if (!step('lint and format (Biome)', 'npm', ['run', '--silent', 'lint'])) finish(false);
if (!step('typecheck', 'npm', ['run', '--silent', 'typecheck'])) finish(false);

const vitestJson = `${reports}/vitest.json`;
const unitOk = step('unit and integration tests', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
count(vitestJson, (j) => ({
  passed: j.numPassedTests ?? 0,
  // A test file that fails to load has no test results of its own: count it once.
  failed:
    (j.numFailedTests ?? 0) +
    (j.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults?.length).length,
  skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
}));
if (!unitOk && totals.failed === 0) totals.failed = 1; // a suite that could not even load

const buildOk =
  step('production build', 'npm', ['run', '--silent', 'build']) &&
  step('initial JavaScript budget', 'node', ['scripts/bundle-size.mjs', '--check']);
if (!buildOk) finish(false);

ensureChromium();
const pwJson = resolve(reports, 'playwright.json'); // written by the json reporter of e2e/playwright.config.ts
const e2eOk = step('end-to-end tests (Chromium)', npx, ['playwright', 'test', '-c', 'e2e/playwright.config.ts']);
count(pwJson, (j) => ({
  passed: j.stats?.expected ?? 0,
  failed: j.stats?.unexpected ?? 0,
  skipped: j.stats?.skipped ?? 0,
}));
if (!e2eOk && totals.failed === 0) totals.failed = 1;

finish(unitOk && e2eOk);
