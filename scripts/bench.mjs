#!/usr/bin/env node
// Start-up timings of kube-aws, printed as a table. Timings are compared as ratios within one run,
// never asserted: the machines are shared and noisy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function median(samples) {
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1) };
}

function table(title, rows, baselineIndex, unit) {
  const baseline = rows[baselineIndex][1].median;
  console.log(`\n${title}\n`);
  console.log(`| what | median ${unit} | min ${unit} | max ${unit} | ratio |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, t] of rows) {
    console.log(
      `| ${name} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} | ${(t.median / baseline).toFixed(2)} |`,
    );
  }
}

/** The full credential set, generated in-process by @kube-aws/pki. */
async function pkiSet(algorithm, runs) {
  const { loadClusterConfig } = await import('../packages/config-schema/dist/index.js');
  const { generateCredentials, planCredentials } = await import('../packages/pki/dist/index.js');
  const text = `clusterName: bench\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\npki:\n  keyAlgorithm: ${algorithm}\n`;
  const { config } = loadClusterConfig(text);
  const specs = planCredentials(config);
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    await generateCredentials(config, new Map());
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    keys: specs.length,
    certificates: specs.filter((spec) => spec.kind !== 'key-pair').length,
    ...median(samples),
  };
}

/** openssl making the same number of keys and certificates in one shell loop. */
function opensslLoop(algorithm, keys, certificates, runs) {
  const keyOptions =
    algorithm === 'rsa-2048'
      ? '-algorithm RSA -pkeyopt rsa_keygen_bits:2048'
      : '-algorithm EC -pkeyopt ec_paramgen_curve:P-256';
  const script = [
    'set -e',
    `openssl genpkey ${keyOptions} -out ca.key 2>/dev/null`,
    'openssl req -x509 -new -key ca.key -subj /CN=ca -days 365 -out ca.pem',
    `for i in $(seq 2 ${keys}); do openssl genpkey ${keyOptions} -out k$i.key 2>/dev/null; done`,
    `for i in $(seq 2 ${certificates}); do openssl req -new -key k$i.key -subj /CN=leaf$i | openssl x509 -req -CA ca.pem -CAkey ca.key -set_serial $i -days 90 -out c$i.pem 2>/dev/null; done`,
  ].join('\n');
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const cwd = mkdtempSync(join(tmpdir(), 'kube-aws-bench-openssl-'));
    writeFileSync(join(cwd, 'loop.sh'), script);
    const start = process.hrtime.bigint();
    const result = spawnSync('bash', ['loop.sh'], { cwd, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    rmSync(cwd, { recursive: true, force: true });
    if (result.status !== 0) throw new Error('the openssl loop failed');
  }
  return median(samples);
}

/** A directory holding only a sample cluster.yaml, for a cold `kube-aws render`. */
const initialisedDir = () => {
  const { cwd, cleanup } = freshDir();
  spawnSync(process.execPath, [bin, 'init', '--sample'], { cwd, stdio: 'ignore' });
  return { cwd, cleanup };
};

/** buildStack in-process for a cluster with `pools` node pools. */
async function buildStackTimes(pools, runs) {
  const { loadClusterConfig } = await import('../packages/config-schema/dist/index.js');
  const { generateCredentials } = await import('../packages/pki/dist/index.js');
  const { buildStack, encryptedAssetNames, fakeKmsCiphertext, renderAssets } =
    await import('../packages/renderer/dist/index.js');
  const poolList = Array.from(
    { length: pools },
    (_, index) => `    - name: pool-${index}\n      count: 2`,
  ).join('\n');
  const text = `clusterName: bench\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\ns3URI: s3://bench/kube-aws\nworker:\n  nodePools:\n${poolList}\n`;
  const { config } = loadClusterConfig(text);
  const set = await generateCredentials(config, new Map());
  const plain = new Map([...set.files].map(([name, file]) => [name, file.content]));
  const encryptedAssets = new Map();
  for (const name of encryptedAssetNames())
    encryptedAssets.set(name, await fakeKmsCiphertext(name, plain.get(name).length));
  const certificates = new Map(
    [...plain].filter(([name]) => name.endsWith('.pem') && !name.endsWith('-key.pem')),
  );
  const templates = renderAssets(config);
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    await buildStack({
      config,
      templates,
      certificates,
      encryptedAssets,
      amiId: 'ami-00000000000000000',
    });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const rows = [
  ['node -e 0', time(['-e', '0'])],
  ['kube-aws --version', time([bin, '--version'])],
  ['kube-aws init --sample', time([bin, 'init', '--sample'], freshDir)],
  ['kube-aws render (only cluster.yaml in the directory)', time([bin, 'render'], initialisedDir)],
];
table(
  `kube-aws cold start, ${RUNS} runs each, node ${process.version} (ratio: × node -e 0)`,
  rows,
  0,
  'ms',
);

const STACK_RUNS = Number(process.env.BENCH_STACK_RUNS ?? 10);
table(
  `buildStack in-process, ${STACK_RUNS} runs each (ratio: × 1 pool)`,
  [
    ['1 node pool', await buildStackTimes(1, STACK_RUNS)],
    ['20 node pools', await buildStackTimes(20, STACK_RUNS)],
  ],
  0,
  'ms',
);

const PKI_RUNS = Number(process.env.BENCH_PKI_RUNS ?? 5);
for (const algorithm of ['ecdsa-p256', 'rsa-2048']) {
  const ours = await pkiSet(algorithm, PKI_RUNS);
  const theirs = opensslLoop(algorithm, ours.keys, ours.certificates, PKI_RUNS);
  table(
    `Full credential set, ${algorithm}: ${ours.keys} keys and ${ours.certificates} certificates, ${PKI_RUNS} runs (ratio: × openssl)`,
    [
      ['openssl, one shell loop', theirs],
      ['@kube-aws/pki generateCredentials', ours],
    ],
    0,
    'ms',
  );
}
