#!/usr/bin/env node
// `npm test`: every check and every test, once on the embedded PostgreSQL and, when TEST_DATABASE_URL
// is set (CI sets it), once more against that PostgreSQL server. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = join(root, '.jest');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const extraArgs = process.argv.slice(2);
const results = [];

function run(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}\n`);
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status === 0;
}

function check(name, command, args) {
  const ok = run(name, command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

/**
 * Files whose subject does not depend on the database server or the queue backend (the browser, the generated client,
 * input validation under fuzzing, a PostgreSQL of the test's own killed under load) run in the first pass only, to
 * keep the whole run well under 15 minutes.
 */
const FIRST_PASS_ONLY = [
  '<rootDir>/test/web/',
  '<rootDir>/test/web-client\\.',
  '<rootDir>/test/fuzz\\.',
  '<rootDir>/test/faults-postgres\\.',
];

function jestPass(mode, env, ignore = []) {
  const out = join(outDir, `${mode}.json`);
  const ok = run(
    `jest (${mode})`,
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      'node_modules/jest/bin/jest.js',
      '--ci',
      '--json',
      `--outputFile=${out}`,
      // One pattern argument: several would swallow the file patterns given after them.
      ...(ignore.length > 0 ? [`--testPathIgnorePatterns=/node_modules/|${ignore.join('|')}`] : []),
      ...extraArgs,
    ],
    env,
  );
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed = report.numPassedTests;
    // A suite that fails to load has no failed tests of its own: count it as one failure.
    failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  } catch {
    failed = 1;
  }
  if (!ok && failed === 0) failed = 1;
  results.push({ name: `jest (${mode})`, passed, failed });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const onlyJest = extraArgs.length > 0;
if (!onlyJest) {
  check('build', npm, ['run', '-s', 'build']);
  check('typecheck', npm, ['run', '-s', 'typecheck']);
  check('lint', npm, ['run', '-s', 'lint']);
  check('format', npm, ['run', '-s', 'format:check']);
} else {
  // Running a subset (npm test -- <pattern>): still build, since some tests start the built app.
  check('build', npm, ['run', '-s', 'build']);
}

const { TEST_DATABASE_URL } = process.env;
// The first pass is the `npm start` default: embedded PostgreSQL, queues on its PostgreSQL backend (no Redis).
jestPass('embedded', { TEST_DATABASE_URL: '', TEST_REDIS_URL: '' });
if (TEST_DATABASE_URL) jestPass('postgres', { TEST_DATABASE_URL }, FIRST_PASS_ONLY);

process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.name}: ${r.passed} passed, ${r.failed} failed\n`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
