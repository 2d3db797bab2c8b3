#!/usr/bin/env node
// Regenerates every generated and golden file (`npm run generate`) and fails when git then shows
// a difference: what is committed must be what the code produces. CI runs it on a clean clone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const generate = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'generate', '--outputStyle=static', '--skip-nx-cache'],
  { cwd: root, env, stdio: 'inherit' },
);
if (generate.status !== 0) process.exit(1);
const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], {
  cwd: root,
  encoding: 'utf8',
});
const changed = status.stdout.split('\n').filter((line) => line.trim() !== '');
if (changed.length > 0) {
  console.error('Generated files differ from what is committed (run npm run generate and commit):');
  for (const line of changed) console.error(`  ${line}`);
  process.exit(1);
}
console.log('Generated and golden files match what is committed.');
