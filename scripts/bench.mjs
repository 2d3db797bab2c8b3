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

/**
 * The openssl commands that make what `kube-aws render` makes for `algorithm`: a key per credential
 * of the plan, the CAs self-signed, each leaf from a CSR signed by its CA, the service-account
 * public key, the bootstrap token and the encryption key. With `streams` 2, keys and leaves are
 * split over two shells running in parallel (CAs must exist before their leaves).
 */
async function opensslScript(algorithm, streams) {
  const { loadClusterConfig } = await import('../packages/config-schema/dist/index.js');
  const { planCredentials } = await import('../packages/pki/dist/index.js');
  const { config } = loadClusterConfig(
    `clusterName: bench\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\npki:\n  keyAlgorithm: ${algorithm}\n`,
  );
  const specs = planCredentials(config);
  const keyOptions =
    algorithm === 'ecdsa-p256'
      ? '-algorithm EC -pkeyopt ec_paramgen_curve:P-256'
      : `-algorithm RSA -pkeyopt rsa_keygen_bits:${algorithm.slice(4)}`;
  const sans = (spec) =>
    [
      ...(spec.profile.dnsNames ?? []).map((name) => `DNS:${name}`),
      ...(spec.profile.ipAddresses ?? []).map((address) => `IP:${address}`),
    ].join(',');
  // genpkey's progress dots go nowhere; OpenSSL 3 gives each certificate a random serial itself.
  const keys = specs.map(
    (spec) => `openssl genpkey ${keyOptions} -out ${spec.keyFile} 2>/dev/null`,
  );
  const cas = specs
    .filter((spec) => spec.kind === 'ca')
    .map(
      (spec) =>
        `openssl req -x509 -new -key ${spec.keyFile} -subj /CN=${spec.profile.subject.commonName} -days 365 -out ${spec.certificateFile}`,
    );
  const leaves = specs.flatMap((spec) => {
    if (spec.kind === 'key-pair')
      return [`openssl pkey -in ${spec.keyFile} -pubout -out ${spec.certificateFile}`];
    if (spec.kind !== 'certificate') return [];
    const extensions = [
      `extendedKeyUsage=${spec.profile.extendedKeyUsages.join(',')}`,
      ...(sans(spec) === '' ? [] : [`subjectAltName=${sans(spec)}`]),
    ].join('\\n');
    return [
      `openssl req -new -key ${spec.keyFile} -subj /CN=${spec.profile.subject.commonName} | openssl x509 -req -CA ${spec.issuer}.pem -CAkey ${spec.issuer}-key.pem -days 90 -extfile <(printf '${extensions}') -out ${spec.certificateFile} 2>/dev/null`,
    ];
  });
  const secrets = [
    'openssl rand -base64 32 > encryption-key',
    'openssl rand -hex 11 > bootstrap-token',
  ];
  const parallel = (lines) => {
    if (streams === 1) return lines;
    const halves = [
      lines.filter((_, index) => index % 2 === 0),
      lines.filter((_, index) => index % 2 === 1),
    ];
    // `wait <pid>` returns the stream's status, so a failing openssl fails the loop (set -e).
    return [
      ...halves.map((half, index) => `{ ${half.join(' && ')}; } & stream${index}=$!`),
      'wait $stream0',
      'wait $stream1',
    ];
  };
  return ['set -e', ...parallel(keys), ...cas, ...parallel([...leaves, ...secrets])].join('\n');
}

/** Runs `a` and `b` alternately, `runs` times each, and returns their medians and a ÷ b. */
function paired(a, b, runs) {
  const samples = { a: [], b: [] };
  for (let run = 0; run < runs; run++) {
    samples.a.push(a());
    samples.b.push(b());
  }
  const ours = median(samples.a);
  const theirs = median(samples.b);
  return { ours, theirs, ratio: ours.median / theirs.median };
}

/** Milliseconds of one process (or shell) in `cwd`; a failure stops the bench. */
function timed(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** A new directory holding only the sample cluster.yaml, with `extra` appended. */
function sampleDir(extra = '') {
  const cwd = mkdtempSync(join(tmpdir(), 'kube-aws-bench-'));
  spawnSync(process.execPath, [bin, 'init', '--sample'], { cwd, stdio: 'ignore' });
  if (extra !== '') writeFileSync(join(cwd, 'cluster.yaml'), extra, { flag: 'a' });
  return cwd;
}

/** The table of issue 13's ratios, each with its goal and whether it meets it. */
function printRatios(results, runs) {
  console.log(
    `\nCredentials, whole processes paired in one run, ${runs} runs each, node ${process.version} (issue 13)\n`,
  );
  console.log('| ratio | ours, median ms | theirs, median ms | ratio | goal | meets it |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const item of results)
    console.log(
      `| ${item.name} | ${item.ours.median.toFixed(0)} | ${item.theirs.median.toFixed(0)} | ${item.ratio.toFixed(2)}× | ≤ ${item.goal}× | ${item.ratio <= item.goal ? 'yes' : 'no'} |`,
    );
}

/**
 * The three ratios of issue 13, each of whole processes paired in this run: a fresh render against
 * openssl making the same keys and certificates (ECDSA; RSA-2048 with openssl in two parallel
 * streams), and a render that changes nothing against `node -e 0`.
 */
async function pkiRatios() {
  const runs = Number(process.env.BENCH_PKI_RUNS ?? 11);
  const results = [];
  for (const [algorithm, streams, goal] of [
    ['ecdsa-p256', 1, 1.2],
    ['rsa-2048', 2, 1.2],
  ]) {
    const script = await opensslScript(algorithm, streams);
    const extra = algorithm === 'ecdsa-p256' ? '' : `pki:\n  keyAlgorithm: ${algorithm}\n`;
    const dirs = [];
    const fresh = (run) => () => {
      const cwd = run();
      dirs.push(cwd);
      return cwd;
    };
    const render = fresh(() => sampleDir(extra));
    const loop = fresh(() => {
      const cwd = mkdtempSync(join(tmpdir(), 'kube-aws-bench-openssl-'));
      writeFileSync(join(cwd, 'loop.sh'), script);
      return cwd;
    });
    const result = paired(
      () => timed(process.execPath, [bin, 'render'], render()),
      () => timed('bash', ['loop.sh'], loop()),
      runs,
    );
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    results.push({
      name: `fresh kube-aws render, ${algorithm} ÷ openssl${streams === 2 ? ' in 2 parallel streams' : ', one shell loop'}`,
      goal,
      ...result,
    });
  }
  const rendered = sampleDir();
  timed(process.execPath, [bin, 'render'], rendered);
  results.push({
    name: 'kube-aws render that changes nothing ÷ node -e 0',
    goal: 3,
    ...paired(
      () => timed(process.execPath, [bin, 'render'], rendered),
      () => timed(process.execPath, ['-e', '0'], rendered),
      runs,
    ),
  });
  rmSync(rendered, { recursive: true, force: true });
  printRatios(results, runs);
  return results;
}

// BENCH_ONLY=action measures only the action (issue 15's ratios, below).
if (process.env.BENCH_ONLY === 'action') {
  printActionMeasurements(await actionMeasurements());
  process.exit(0);
}
// The ratios of issue 13 come first; BENCH_ONLY=credentials stops after them.
const ratios = await pkiRatios();
if (process.env.BENCH_ONLY === 'credentials') process.exit(0);

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
      await globalThis
        .fetch(`${endpoint}/moto-api/`)
        .then((response) => response.ok)
        .catch(() => false)
    )
      break;
    await new Promise((done) => globalThis.setTimeout(done, 100));
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
async function firstLineOnce(command, args, env) {
  const { spawn } = await import('node:child_process');
  const { cwd, cleanup } = freshDir();
  const start = process.hrtime.bigint();
  const child = spawn(command, args(cwd), {
    cwd,
    env: { ...env, GITHUB_WORKSPACE: cwd },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let line;
  child.stdout.on('data', (chunk) => {
    if (line === undefined && chunk.toString().includes('\n'))
      line = Number(process.hrtime.bigint() - start) / 1e6;
  });
  await new Promise((resolve) => child.on('close', resolve));
  const exit = Number(process.hrtime.bigint() - start) / 1e6;
  cleanup();
  if (line === undefined) throw new Error(`${command} printed nothing`);
  return { line, exit };
}

/** `runs` first lines of `a` and of `b`, alternately; medians and a ÷ b of the first lines. */
async function pairedFirstLines(a, b, runs) {
  const samples = { a: [], b: [], exit: [] };
  for (let run = 0; run < runs; run++) {
    const ours = await firstLineOnce(...a);
    samples.a.push(ours.line);
    samples.exit.push(ours.exit);
    samples.b.push((await firstLineOnce(...b)).line);
  }
  const ours = median(samples.a);
  const theirs = median(samples.b);
  return { ours, theirs, exit: median(samples.exit), ratio: ours.median / theirs.median };
}

/** A process's peak resident memory so far, in MiB (Linux: VmHWM of /proc/<pid>/status). */
async function peakMiB(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kib / 1024;
}

/**
 * The action's peak memory before its first AWS call: it runs against a loopback endpoint
 * (AWS_ENDPOINT_URL) that, on the first request it gets, reads the process's peak resident memory
 * so far, then refuses the call (403), which ends the run. `prepare(cwd)` sets up the workspace.
 */
async function peakBeforeFirstAwsCall(command, args, env, prepare) {
  const { createServer } = await import('node:http');
  const { spawn } = await import('node:child_process');
  const { cwd, cleanup } = freshDir();
  prepare(cwd);
  let child;
  let peak;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', async () => {
      if (peak === undefined) peak = await peakMiB(child.pid);
      response.writeHead(403, { 'content-type': 'text/xml' }).end('<Error/>');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  child = spawn(command, args(cwd), {
    cwd,
    env: {
      ...env,
      GITHUB_WORKSPACE: cwd,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${server.address().port}`,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    },
    stdio: 'ignore',
  });
  await new Promise((resolve) => child.on('close', resolve));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  cleanup();
  if (peak === undefined) throw new Error(`${command} made no AWS call`);
  return peak;
}

/**
 * The shell step of deno/action.yml as GitHub's runner runs it (`bash --noprofile --norc -eo
 * pipefail`), its `env:` filled in from `inputs` and the action's defaults, with the npm package's
 * deno first on PATH (setup-deno's job on GitHub). The step ends in `exec deno run`, so the process
 * measured is Deno itself.
 */
async function denoStep(root, deno, inputs) {
  const { readFileSync } = await import('node:fs');
  const { delimiter, dirname } = await import('node:path');
  const { parse } = await import('yaml');
  const action = parse(readFileSync(join(root, 'deno', 'action.yml'), 'utf8'));
  const step = action.runs.steps.find((each) => each.id === 'kube-aws');
  // A default that is an expression (github-token's) is left empty, as outside a workflow.
  const value = (name) => {
    const given = inputs[name] ?? String(action.inputs[name]?.default ?? '');
    return given.includes('${{') ? '' : given;
  };
  const env = Object.fromEntries(
    Object.entries(step.env).map(([name, text]) => [
      name,
      text.replace(/\$\{\{ inputs\.([a-z0-9-]+) \}\}/g, (_, input) => value(input)),
    ]),
  );
  return {
    args: () => ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
    env: {
      ...env,
      GITHUB_ACTION_PATH: join(root, 'deno'),
      RUNNER_TEMP: tmpdir(),
      PATH: `${dirname(deno)}${delimiter}${process.env.PATH ?? ''}`,
    },
  };
}

/**
 * Issue 15's measurements of the action, each of whole processes in this run: the first log line
 * paired with `node -e 'console.log(1)'`, on Node (the committed bundle, as action.yml runs it) and
 * on Deno (the step deno/action.yml runs, which runs the same bundle); and the peak memory before
 * the first AWS call, in mode plan on a fresh sample cluster (rendering its keys and templates
 * comes first) and in mode drift. Deno's are measured with its cache (DENO_DIR) warm, as the goal
 * is set, and on a first run, with it empty, as on a fresh hosted runner: Deno analyses each module
 * when it first loads it and keeps the result in that cache.
 */
async function actionMeasurements() {
  const { statSync, readdirSync } = await import('node:fs');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const deno = join(root, 'node_modules', '.bin', 'deno');
  const runs = Number(process.env.BENCH_ACTION_RUNS ?? RUNS);
  const actionEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GITHUB_|INPUT_|AWS_|DENO_DIR$)/.test(name)),
  );
  const onNode = (mode) => [
    process.execPath,
    () => [join(root, 'dist', 'index.js')],
    { ...actionEnv, INPUT_MODE: mode },
  ];
  const onDeno = async (mode, extraEnv = {}) => {
    const step = await denoStep(root, deno, { mode });
    return ['bash', step.args, { ...actionEnv, ...step.env, ...extraEnv }];
  };
  const hello = [process.execPath, () => ['-e', 'console.log(1)'], actionEnv];
  const sample = (cwd) =>
    spawnSync(process.execPath, [bin, 'init', '--sample'], { cwd, stdio: 'ignore' });
  // One run of each mode first, so Deno's cache holds every part of the bundle.
  for (const mode of ['plan', 'drift'])
    await peakBeforeFirstAwsCall(...(await onDeno(mode)), sample);
  const results = [
    {
      name: "Node: the action's first line (node dist/index.js) ÷ node -e 'console.log(1)'",
      goal: 2,
      ...(await pairedFirstLines(onNode('plan'), hello, runs)),
    },
    {
      name: "Deno: the action's first line (deno/action.yml: deno run dist/index.js) ÷ node -e 'console.log(1)'",
      goal: 2,
      ...(await pairedFirstLines(await onDeno('plan'), hello, runs)),
    },
  ];
  console.log(`\nThe GitHub Action: the committed bundle\n`);
  console.log('| file | bytes | MiB |');
  console.log('|---|---:|---:|');
  const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.c?js$/.test(name))
    .sort();
  for (const name of files) {
    const size = statSync(join(root, 'dist', name)).size;
    console.log(`| dist/${name} | ${size} | ${(size / 1024 / 1024).toFixed(2)} |`);
  }

  const memoryRuns = Number(process.env.BENCH_MEMORY_RUNS ?? 3);
  const memory = [];
  for (const [name, command, emptyCache] of [
    ['Node', onNode],
    ['Deno', onDeno],
    [
      'Deno, first run (empty DENO_DIR)',
      (mode) => onDeno(mode, { DENO_DIR: mkdtempSync(join(tmpdir(), 'kube-aws-bench-deno-')) }),
      true,
    ],
  ]) {
    for (const mode of ['plan', 'drift']) {
      const peaks = [];
      for (let run = 0; run < memoryRuns; run++) {
        const [program, args, env] = await command(mode);
        peaks.push(await peakBeforeFirstAwsCall(program, args, env, sample));
        if (emptyCache) rmSync(env.DENO_DIR, { recursive: true, force: true });
      }
      memory.push({ name: `${name}, mode ${mode}`, peak: Math.max(...peaks) });
    }
  }
  return { results, runs, memory, memoryRuns };
}

function printActionMeasurements({ results, runs, memory, memoryRuns }) {
  console.log(
    `\nThe GitHub Action: first log line, whole processes paired in one run, ${runs} runs each, node ${process.version} (issue 15)\n`,
  );
  console.log(
    '| ratio | ours, median ms | theirs, median ms | ratio | goal | meets it | ours, exit ms |',
  );
  console.log('|---|---:|---:|---:|---:|---|---:|');
  for (const item of results)
    console.log(
      `| ${item.name} | ${item.ours.median.toFixed(0)} | ${item.theirs.median.toFixed(0)} | ${item.ratio.toFixed(2)}× | ≤ ${item.goal}× | ${item.ratio <= item.goal ? 'yes' : 'no'} | ${item.exit.median.toFixed(0)} |`,
    );
  console.log(
    `\nThe GitHub Action: peak resident memory (VmHWM) before its first AWS call, the most of ${memoryRuns} runs (issue 15)\n`,
  );
  console.log('| runtime, mode | MiB | goal | meets it |');
  console.log('|---|---:|---:|---|');
  for (const item of memory)
    console.log(
      `| ${item.name} | ${item.peak.toFixed(1)} | ≤ 80 | ${item.peak <= 80 ? 'yes' : 'no'} |`,
    );
}

const action = await actionMeasurements();
printActionMeasurements(action);

// Once more at the end, where a long run's output finishes.
printRatios(ratios, Number(process.env.BENCH_PKI_RUNS ?? 11));
printActionMeasurements(action);
