#!/usr/bin/env node
// The README's first command: kube-aws init of the sample cluster into a temporary directory,
// then print what it wrote. No AWS account is needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kube-aws-sample-'));
console.log(`$ kube-aws init --sample --asset-dir=${dir}`);
const run = spawnSync(process.execPath, [bin, 'init', '--sample', `--asset-dir=${dir}`], {
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 2);
const file = join(dir, 'cluster.yaml');
console.log(`\n--- ${file}`);
process.stdout.write(readFileSync(file, 'utf8'));
