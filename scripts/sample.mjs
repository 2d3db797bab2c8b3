#!/usr/bin/env node
// The README's first command: init, render and validate the sample cluster in a temporary
// directory, offline (no AWS account needed), then print the asset tree it made.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kube-aws-sample-'));

for (const args of [['init', '--sample'], ['render'], ['validate']]) {
  console.log(`\n$ kube-aws ${args.join(' ')}`);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: dir, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 2);
}

function tree(path) {
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      return entry.isDirectory() ? [full, ...tree(full)] : [full];
    });
}

console.log(`\nThe asset directory ${dir}:`);
for (const path of tree(dir)) {
  const stats = statSync(path);
  const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
  const size = stats.isDirectory() ? '' : `${stats.size} bytes`;
  console.log(`  ${mode}  ${relative(dir, path)}${stats.isDirectory() ? '/' : ''}  ${size}`);
}
