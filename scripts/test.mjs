#!/usr/bin/env node
// The whole test suite: build, type-check, lint and test every package, check formatting, run the
// workspace checks, then print one total line, the wall time of each step and the slowest test
// files. `.ci/run` and the README call this through `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  FORCE_COLOR: '0',
};
const reports = readdirSync(`${root}/packages`).map(
  (name) => `packages/${name}/out-tsc/vitest-report.json`,
);
reports.push('out-tsc/workspace-vitest-report.json');

const started = performance.now();
/** Each step's title and wall time in seconds, printed at the end. */
const timings = [];

function step(title, command, args) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const begun = performance.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  timings.push({ title, seconds: (performance.now() - begun) / 1000 });
  if (result.error) throw result.error;
  return result.status === 0;
}

/** `m:ss` for a number of seconds. */
function clock(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

if (!existsSync(`${root}/node_modules/.bin/nx`)) {
  console.error("Dependencies are missing: run `npm ci` first (the README's first command does).");
  process.exit(1);
}
for (const report of reports) rmSync(`${root}/${report}`, { force: true });

const NX = ['--outputStyle=static', '--skip-nx-cache'];

const results = [
  // In phases: typecheck rebuilds each package's declarations (tsc --build --emitDeclarationOnly),
  // which must not run while another package's tests load that package's build.
  step('build every package', 'npx', ['nx', 'run-many', '-t', 'build', ...NX]),
  step('typecheck and lint every package', 'npx', [
    'nx',
    'run-many',
    '-t',
    'typecheck',
    'lint',
    ...NX,
  ]),
  step('test every package', 'npx', ['nx', 'run-many', '-t', 'test', ...NX]),
  step('lint the shared test support', 'npx', ['eslint', 'testing']),
  step('formatting', 'npx', ['prettier', '--check', '.']),
  step('workspace checks', 'npx', ['vitest', 'run', '--config', 'tests/vitest.config.ts']),
];

let passed = 0;
let failed = 0;
/** Every test file's wall time, from the reports' start and end times. */
const files = [];
for (const report of reports) {
  if (!existsSync(`${root}/${report}`)) {
    console.error(`missing test report ${report}: a test run did not finish`);
    failed++;
    continue;
  }
  const data = JSON.parse(readFileSync(`${root}/${report}`, 'utf8'));
  passed += data.numPassedTests;
  failed += data.numFailedTests;
  for (const file of data.testResults ?? []) {
    if (typeof file.startTime === 'number' && typeof file.endTime === 'number')
      files.push({
        name: relative(root, file.name),
        seconds: (file.endTime - file.startTime) / 1000,
      });
  }
}
// Last, as regenerating rewrites the reports above. On a clean clone (CI) it must change nothing;
// locally, work in progress would differ, so it runs in CI only.
if (process.env.CI)
  results.push(step('generated and golden files', 'node', ['scripts/check-generated.mjs']));
const ok = results.every(Boolean) && failed === 0 && passed > 0;
console.log('\nSlowest test files (wall time, run in parallel with others):');
for (const file of files.sort((a, b) => b.seconds - a.seconds).slice(0, 10))
  console.log(`  ${clock(file.seconds).padStart(6)}  ${file.name}`);
console.log('Steps:');
for (const timing of timings)
  console.log(`  ${clock(timing.seconds).padStart(6)}  ${timing.title}`);
console.log(`Wall time: ${clock((performance.now() - started) / 1000)} (m:ss)`);
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
