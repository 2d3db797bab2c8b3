#!/usr/bin/env node
// Start-up timings of kube-aws, printed as a table. Timings are compared as ratios within one run,
// never asserted: the machines are shared and noisy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));

function time(args, prepare = () => ({ cwd: tmpdir(), cleanup() {} })) {
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const { cwd, cleanup } = prepare();
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    cleanup();
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1) };
}

const freshDir = () => {
  const cwd = mkdtempSync(join(tmpdir(), 'kube-aws-bench-'));
  return { cwd, cleanup: () => rmSync(cwd, { recursive: true, force: true }) };
};

const rows = [
  ['node -e 0', time(['-e', '0'])],
  ['kube-aws --version', time([bin, '--version'])],
  ['kube-aws init --sample', time([bin, 'init', '--sample'], freshDir)],
];
const baseline = rows[0][1].median;
console.log(`kube-aws cold start, ${RUNS} runs each, node ${process.version}\n`);
console.log('| command | median ms | min ms | max ms | × node -e 0 |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, t] of rows) {
  console.log(
    `| ${name} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} | ${(t.median / baseline).toFixed(2)} |`,
  );
}
