#!/usr/bin/env node
// Start-up timings of kube-aws, printed as a table. Timings are compared as ratios within one run,
// never asserted: the machines are shared and noisy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The AWS SDK's notice about future Node versions is not part of any measurement.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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

// `kube-aws up` against moto: wall time of the CLI process and the AWS calls it makes, counted by SDK
// middleware (KUBE_AWS_API_CALL_LOG). moto's own start-up is outside the measurement.
async function upAgainstMoto(runs) {
  const { createServer } = await import('node:net');
  const { readFileSync, existsSync } = await import('node:fs');
  const { homedir } = await import('node:os');
  const { spawn } = await import('node:child_process');
  const port = await new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => done(free));
    });
  });
  const shim = join(homedir(), '.pyenv', 'shims', 'moto_server');
  const moto = spawn(
    existsSync(shim) ? shim : 'moto_server',
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (
      await fetch(`${endpoint}/moto-api/`)
        .then((response) => response.ok)
        .catch(() => false)
    )
      break;
    await new Promise((done) => setTimeout(done, 100));
  }
  try {
    const sdk = (name) => import(`../node_modules/@aws-sdk/${name}/dist-cjs/index.js`);
    const { KMSClient, CreateKeyCommand } = await sdk('client-kms');
    const {
      EC2Client,
      CreateKeyPairCommand,
      DescribeImagesCommand,
      RunInstancesCommand,
      CreateImageCommand,
    } = await sdk('client-ec2');
    const config = {
      region: 'us-west-1',
      endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    };
    const ec2 = new EC2Client(config);
    const arn = (await new KMSClient(config).send(new CreateKeyCommand({}))).KeyMetadata.Arn;
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'bench' }));
    const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    const base = Images.find(
      (image) => image.Architecture === 'x86_64' && image.VirtualizationType === 'hvm',
    );
    const { Instances } = await ec2.send(
      new RunInstancesCommand({ ImageId: base.ImageId, MinCount: 1, MaxCount: 1 }),
    );
    await ec2.send(
      new CreateImageCommand({
        InstanceId: Instances[0].InstanceId,
        Name: 'Flatcar-stable-0.0.0-hvm',
      }),
    );
    const samples = [];
    const calls = [];
    for (let run = 0; run < runs; run++) {
      const cwd = mkdtempSync(join(tmpdir(), 'kube-aws-bench-up-'));
      const log = join(cwd, 'calls.log');
      const env = {
        ...process.env,
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        KUBE_AWS_POLL_INTERVAL_MS: '200',
        KUBE_AWS_FLATCAR_OWNER: '123456789012',
      };
      const cli = (args, extra = {}) =>
        spawnSync(process.execPath, [bin, ...args], {
          cwd,
          env: { ...env, ...extra },
          stdio: 'ignore',
        });
      cli([
        'init',
        `--cluster-name=bench-${run}`,
        '--external-dns-name=k.example.com',
        '--region=us-west-1',
        '--availability-zone=us-west-1b',
        '--key-name=bench',
        `--kms-key-arn=${arn}`,
      ]);
      cli(['render']);
      const start = process.hrtime.bigint();
      const up = cli(['up', '--yes'], { KUBE_AWS_API_CALL_LOG: log });
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (up.status !== 0) throw new Error('kube-aws up failed against moto');
      calls.push(readFileSync(log, 'utf8').trim().split('\n').length);
      rmSync(cwd, { recursive: true, force: true });
    }
    return {
      time: median(samples),
      calls: calls.sort((a, b) => a - b)[Math.floor(calls.length / 2)],
    };
  } finally {
    moto.kill();
  }
}

const UP_RUNS = Number(process.env.BENCH_UP_RUNS ?? 3);
const up = await upAgainstMoto(UP_RUNS);
console.log(`\nkube-aws up against moto (a new stack each run), ${UP_RUNS} runs\n`);
console.log('| what | median | min | max |');
console.log('|---|---:|---:|---:|');
console.log(
  `| wall time of the CLI process, ms | ${up.time.median.toFixed(0)} | ${up.time.min.toFixed(0)} | ${up.time.max.toFixed(0)} |`,
);
console.log(`| AWS API calls per up | ${up.calls} | | |`);

/**
 * Milliseconds from spawning `command` until its first line on stdout (the action's first log
 * line names the mode, event and runtime), and until it exits. The action runs in an empty
 * workspace, so it stops right after that line: the start-up cost, not AWS.
 */
async function firstLine(command, args, env) {
  const { spawn } = await import('node:child_process');
  const samples = { line: [], exit: [] };
  for (let run = 0; run < RUNS; run++) {
    const { cwd, cleanup } = freshDir();
    const start = process.hrtime.bigint();
    const child = spawn(command, args(cwd), {
      cwd,
      env: { ...env, GITHUB_WORKSPACE: cwd },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let seen = false;
    child.stdout.on('data', (chunk) => {
      if (!seen && chunk.toString().includes('\n')) {
        seen = true;
        samples.line.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    });
    await new Promise((resolve) => child.on('close', resolve));
    samples.exit.push(Number(process.hrtime.bigint() - start) / 1e6);
    cleanup();
    if (!seen) throw new Error(`${command} printed nothing`);
  }
  return { line: median(samples.line), exit: median(samples.exit) };
}

const { statSync } = await import('node:fs');
const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'index.js');
const deno = join(root, 'node_modules', '.bin', 'deno');
const actionEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GITHUB_|INPUT_)/.test(name)),
  ),
  INPUT_MODE: 'plan',
};
const denoArgs = (cwd) => [
  'run',
  `--config=${join(root, 'deno', 'deno.json')}`,
  '--frozen',
  '--quiet',
  '--no-prompt',
  '--allow-env',
  '--allow-read',
  '--allow-sys',
  '--allow-run=git',
  `--allow-write=${cwd}`,
  '--allow-net=127.0.0.1',
  join(root, 'packages', 'action', 'src', 'main.ts'),
];
// One run first, so Deno's module cache is warm as on a runner's second step (the first downloads).
spawnSync(deno, denoArgs(tmpdir()), { env: actionEnv, stdio: 'ignore' });
const nodeHello = await firstLine(
  process.execPath,
  () => ['-e', 'console.log("hello")'],
  actionEnv,
);
const nodeAction = await firstLine(process.execPath, () => [bundle], actionEnv);
const denoAction = await firstLine(deno, denoArgs, actionEnv);
console.log('\nThe GitHub Action: the committed bundle\n');
console.log('| file | bytes | MiB |');
console.log('|---|---:|---:|');
console.log(
  `| dist/index.js | ${statSync(bundle).size} | ${(statSync(bundle).size / 1024 / 1024).toFixed(2)} |`,
);
console.log(`\nThe GitHub Action: cold start to the first log line, ${RUNS} runs\n`);
console.log('| what | median ms | min ms | max ms | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, t] of [
  ['node -e console.log (baseline)', nodeHello.line],
  ['Node: node dist/index.js, first line', nodeAction.line],
  ['Node: node dist/index.js, exit', nodeAction.exit],
  ['Deno: deno run src/main.ts, first line', denoAction.line],
  ['Deno: deno run src/main.ts, exit', denoAction.exit],
]) {
  console.log(
    `| ${name} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} | ${(t.median / nodeHello.line.median).toFixed(2)} |`,
  );
}
