import { spawnSync } from 'node:child_process';
import type { StdioOptions } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import {
  buildStack,
  COMPONENT_VERSIONS,
  encryptedAssetNames,
  NODE_ASSETS,
  renderAssets,
} from '../src/index.js';
import type { BuiltStack } from '../src/index.js';
import { writeCaseCredentials } from './caseCredentials.js';
import type { CaseCredentials } from './caseCredentials.js';
import { directorySnapshot } from './directorySnapshot.js';
import { caseConfig, FIXTURES } from './goldenFixtures.js';
import { AMI, BOOTSTRAP_TOKEN, ENCRYPTION_KEY } from './helpers.js';
import { goldenNodes, parseRenderedNode } from './renderedNodes.js';
import { runWithEtcKubernetes, SYSTEMD_PATH } from './runWithEtcKubernetes.js';
import { startAwsCli } from './startAwsCli.js';
import type { AwsCli } from './startAwsCli.js';
import type { NodeRun } from './runWithEtcKubernetes.js';

// /opt/bin/fetch-secrets runs on every node before its kubelet: it reads the node's sealed keys
// from the stack's SSM parameters, checks them against the pin in its userdata, and opens them
// with KMS. Here it runs as rendered against moto: the secrets are sealed with moto's KMS, the
// stack is built with those blobs (so the pins are the real ones), and its SSM parameters are put
// into moto's SSM. A `docker` first on PATH stands in for the aws-cli container and runs the real
// aws CLI against moto, logging each call. /etc/kubernetes/ssl is a temporary directory bound in
// a private mount namespace.

const CASE = 'guide-init';
const config = caseConfig(CASE);
const IMAGE = `public.ecr.aws/aws-cli/aws-cli:${COMPONENT_VERSIONS.awsCli}`;
/** A region whose KMS key the node's region cannot use: its ciphertext is refused there. */
const OTHER_REGION = config.region === 'us-east-1' ? 'us-west-2' : 'us-east-1';
const NODES = [
  ['controller0', NODE_ASSETS.controller.encrypted],
  ['worker-default', NODE_ASSETS.worker.encrypted],
] as const;

const work = mkdtempSync(join(tmpdir(), 'kube-aws-fetch-secrets-'));
const stubBin = join(work, 'bin');
const callLog = join(work, 'docker-calls.log');
let moto: MotoServer;
let awsCli: AwsCli;
let credentials: CaseCredentials;
let kms: KMSClient;
let keyArn: string;
/** The secrets in plain text, by file name. */
let plaintexts: Map<string, string>;
let certificates: Map<string, string>;
/** Ciphertext (base64) of each secret, sealed once with moto's KMS. */
let sealed: Map<string, string>;
/** The stack built with the sealed secrets: the one whose parameters moto holds at first. */
let stack: BuiltStack;

/**
 * The stand-in for `docker run … aws-cli:<v> <aws args>`: it accepts only the options the
 * scripts use, logs the call, and runs the real aws CLI against moto with dummy credentials. A
 * `fileb://` file in the container's volume is handed over as a copy in `copies`, because the
 * aws CLI runs outside the node's mount namespace.
 */
function dockerStub(aws: string, endpoint: string, copies: string): string {
  return `#!/bin/bash
set -euo pipefail
[ "\${1:-}" = run ] || { echo "docker stub: only run is expected: $*" >&2; exit 2; }
shift
volume= image=
while [ $# -gt 0 ] && [ -z "$image" ]; do
  case "$1" in
    --rm | --net=host) shift ;;
    -v) volume="$2"; shift 2 ;;
    public.ecr.aws/aws-cli/aws-cli:*) image="$1"; shift ;;
    *) echo "docker stub: unexpected argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$image" ] || { echo "docker stub: no aws-cli image" >&2; exit 2; }
printf '%s %s\\n' "$image" "$*" >> ${callLog}
args=()
for arg in "$@"; do
  if [ -n "$volume" ] && [[ "$arg" == "fileb://\${volume#*:}/"* ]]; then
    copy="$(mktemp -p ${copies})"
    cp "\${volume%%:*}/\${arg#"fileb://\${volume#*:}/"}" "$copy"
    arg="fileb://$copy"
  fi
  args+=("$arg")
done
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
exec ${aws} --endpoint-url ${endpoint} "\${args[@]}"
`;
}

/** The calls the docker stub has run since the last look, then forgets them. */
function takeCalls(): string[] {
  const calls = existsSync(callLog) ? readFileSync(callLog, 'utf8').split('\n') : [];
  rmSync(callLog, { force: true });
  return calls.filter((line) => line !== '');
}

function count(calls: readonly string[], operation: string): number {
  return calls.filter((call) => call.includes(` ${operation} `)).length;
}

async function seal(plaintext: string, key = keyArn, region = config.region): Promise<string> {
  const client =
    region === config.region ? kms : new KMSClient(motoClientConfig(moto.endpoint, region));
  const { CiphertextBlob } = await client.send(
    new EncryptCommand({ KeyId: key, Plaintext: new TextEncoder().encode(plaintext) }),
  );
  return Buffer.from(CiphertextBlob!).toString('base64');
}

async function build(encryptedAssets: ReadonlyMap<string, string>): Promise<BuiltStack> {
  return buildStack({
    config,
    templates: renderAssets(config),
    certificates,
    encryptedAssets,
    amiId: AMI,
  });
}

/** Calls moto's SSM through its JSON protocol (this workspace has no SSM client). */
async function ssm(action: string, body: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${moto.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonSSM.${action}`,
      // moto_server routes a request to a service by the credential scope of its signature.
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${config.region}/ssm/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`SSM ${action}: ${response.status} ${await response.text()}`);
  return response.json();
}

type Resource = { Type: string; Properties: Record<string, string> };

/** The properties (Name, Value, Type, Tier) of the stack's SSM parameters. */
function parameters(built: BuiltStack): Resource['Properties'][] {
  return Object.values(built.template.Resources as Record<string, Resource>)
    .filter((resource) => resource.Type === 'AWS::SSM::Parameter')
    .map((resource) => resource.Properties);
}

/** Puts every SSM parameter of a built stack into moto, as a create or update of it would. */
async function putParameters(built: BuiltStack): Promise<void> {
  for (const { Name, Value, Type, Tier } of parameters(built))
    await ssm('PutParameter', { Name, Value, Type, Tier, Overwrite: true });
}

function script(built: BuiltStack, node: string, path: string): string {
  const userdata = built.userdata.find((item) => item.node === node)!;
  const file = parseRenderedNode(CASE, node, userdata.cloudConfig).files.find(
    (item) => item.path === path,
  );
  if (file === undefined) throw new Error(`${node} writes no ${path}`);
  return file.content;
}

/** Writes a built node's fetch-secrets where the test can run it, and returns its path. */
function fetchSecrets(built: BuiltStack, node: string): string {
  const dir = mkdtempSync(join(work, 'script-'));
  const path = join(dir, 'fetch-secrets');
  writeFileSync(path, script(built, node, '/opt/bin/fetch-secrets'), { mode: 0o700 });
  return path;
}

/** A node's /etc/kubernetes/ssl before its first boot: empty. */
function freshSsl(): string {
  return mkdtempSync(join(work, 'ssl-'));
}

function copySsl(from: string): string {
  const dir = mkdtempSync(join(work, 'ssl-'));
  cpSync(from, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

function run(scriptPath: string, ssl: string): NodeRun {
  return runWithEtcKubernetes(ssl, '/etc/kubernetes/ssl', [scriptPath], {
    PATH: `${stubBin}:${SYSTEMD_PATH}`,
  });
}

function mode(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

function expectOpened(ssl: string, names: readonly string[], expected = plaintexts) {
  for (const name of names) {
    const path = join(ssl, name);
    expect(existsSync(path), name).toBe(true);
    expect(readFileSync(path).equals(Buffer.from(expected.get(name)!)), name).toBe(true);
    expect(mode(path), name).toBe('600');
  }
}

beforeAll(async () => {
  moto = await startMoto();
  awsCli = await startAwsCli();
  kms = new KMSClient(motoClientConfig(moto.endpoint, config.region));
  keyArn = (await kms.send(new CreateKeyCommand({ Description: 'kube-aws assets' }))).KeyMetadata!
    .Arn!;
  credentials = await writeCaseCredentials(CASE);
  plaintexts = new Map(
    [...credentials.names].map((name) => [name, readFileSync(join(credentials.dir, name), 'utf8')]),
  );
  if (!plaintexts.has('bootstrap-token')) plaintexts.set('bootstrap-token', BOOTSTRAP_TOKEN);
  if (!plaintexts.has('encryption-key')) plaintexts.set('encryption-key', ENCRYPTION_KEY);
  certificates = new Map(
    [...plaintexts].filter(([name]) => name.endsWith('.pem') && !name.endsWith('-key.pem')),
  );
  sealed = new Map();
  for (const name of encryptedAssetNames()) sealed.set(name, await seal(plaintexts.get(name)!));
  stack = await build(sealed);
  await putParameters(stack);
  const copies = join(work, 'volume-copies');
  mkdirSync(stubBin);
  mkdirSync(copies);
  const stub = dockerStub(awsCli.command, moto.endpoint, copies);
  writeFileSync(join(stubBin, 'docker'), stub, { mode: 0o755 });
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  await awsCli?.stop();
  credentials?.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('/opt/bin/fetch-secrets against moto', () => {
  it.each(NODES.map(([node]) => node))(
    "%s: the built script is the golden one, pinned to moto's ciphertext",
    (node) => {
      const golden = goldenNodes()
        .find((item) => item.caseName === CASE && item.node === node)!
        .files.find((item) => item.path === '/opt/bin/fetch-secrets')!.content;
      const built = script(stack, node, '/opt/bin/fetch-secrets');
      const pin = /^pin=([0-9a-f]{64})$/m;
      expect(golden).toMatch(pin);
      expect(built.replace(pin, 'pin=…')).toBe(golden.replace(pin, 'pin=…'));
      expect(pin.exec(built)![1]).not.toBe(pin.exec(golden)![1]);
    },
  );

  describe.each(NODES)('%s', (node, names) => {
    let ssl: string;
    let first: NodeRun;
    let calls: string[];
    beforeAll(() => {
      takeCalls();
      ssl = freshSsl();
      first = run(fetchSecrets(stack, node), ssl);
      calls = takeCalls();
    }, 120_000);

    it('opens every secret the node needs, byte for byte, 0600, and nothing else', () => {
      expect(first.status, first.stderr).toBe(0);
      expectOpened(ssl, names);
      expect(readdirSync(ssl).sort()).toEqual([...names, 'sealed'].sort());
      expect(mode(join(ssl, 'sealed'))).toBe('700');
      expect(readdirSync(join(ssl, 'sealed')).sort()).toEqual(
        names.flatMap((name) => [name, `${name}.opened`]).sort(),
      );
    });

    it('reads each parameter once and decrypts each secret once, in the pinned aws-cli image', () => {
      expect(count(calls, 'ssm get-parameter')).toBe(names.length);
      expect(count(calls, 'kms decrypt')).toBe(names.length);
      expect(calls.length).toBe(2 * names.length);
      for (const call of calls)
        expect(call.startsWith(`${IMAGE} --region ${config.region} `), call).toBe(true);
      for (const name of names)
        expect(calls).toContain(
          `${IMAGE} --region ${config.region} ssm get-parameter --name /kube-aws/${config.clusterName}/${name} --query Parameter.Value --output text`,
        );
    });

    it('run again, makes no AWS call and writes nothing', () => {
      const before = directorySnapshot(ssl, { mtime: true });
      const again = run(fetchSecrets(stack, node), ssl);
      expect(again.status, again.stderr).toBe(0);
      expect(takeCalls()).toEqual([]);
      expect(directorySnapshot(ssl, { mtime: true })).toEqual(before);
    });
  });

  describe('a stack update that seals a new apiserver-key.pem', () => {
    const names = NODE_ASSETS.controller.encrypted;
    const newKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    let updated: BuiltStack;
    /** A controller's ssl directory after it opened the secrets of the stack before the update. */
    let opened: string;
    beforeAll(async () => {
      updated = await build(new Map([...sealed, ['apiserver-key.pem', await seal(newKey)]]));
      await putParameters(stack);
      opened = freshSsl();
      expect(run(fetchSecrets(stack, 'controller0'), opened).status).toBe(0);
      takeCalls();
    }, 120_000);
    afterAll(async () => {
      await putParameters(stack);
    });

    it('a node with the new pin, while SSM holds the old ciphertext, stops and keeps its keys', async () => {
      await putParameters(stack);
      const ssl = copySsl(opened);
      const result = run(fetchSecrets(updated, 'controller0'), ssl);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(
        "SSM parameters differ from this node's pin: the stack is still updating",
      );
      expectOpened(ssl, names);
      const calls = takeCalls();
      expect(count(calls, 'ssm get-parameter')).toBe(names.length);
      expect(count(calls, 'kms decrypt')).toBe(0);
    });

    it('a new node with the old pin, once SSM holds the new ciphertext, stops and writes no key', async () => {
      await putParameters(updated);
      const ssl = freshSsl();
      const result = run(fetchSecrets(stack, 'controller0'), ssl);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('the stack is still updating');
      expect(readdirSync(ssl)).toEqual(['sealed']);
      expect(count(takeCalls(), 'kms decrypt')).toBe(0);
    });

    it('a node with the new pin, once SSM holds the new ciphertext, opens only what changed', async () => {
      await putParameters(updated);
      const ssl = copySsl(opened);
      const tokenBefore = statSync(join(ssl, 'bootstrap-token')).mtimeMs;
      const result = run(fetchSecrets(updated, 'controller0'), ssl);
      expect(result.status, result.stderr).toBe(0);
      expectOpened(ssl, ['apiserver-key.pem'], new Map([['apiserver-key.pem', newKey]]));
      expectOpened(
        ssl,
        names.filter((name) => name !== 'apiserver-key.pem'),
      );
      expect(statSync(join(ssl, 'bootstrap-token')).mtimeMs).toBe(tokenBefore);
      const calls = takeCalls();
      expect(count(calls, 'ssm get-parameter')).toBe(names.length);
      expect(calls.filter((call) => call.includes(' kms decrypt '))).toEqual([
        `${IMAGE} --region ${config.region} kms decrypt --ciphertext-blob fileb:///sealed/apiserver-key.pem.bin --query Plaintext --output text`,
      ]);
    });
  });

  // moto's Decrypt ignores the key's state (DisableKey does not stop it), so the failure here is
  // KMS refusing ciphertext of a key the node's region does not hold: AccessDeniedException.
  describe('KMS refuses to open a changed bootstrap-token', () => {
    let refused: BuiltStack;
    let opened: string;
    beforeAll(async () => {
      const otherKms = new KMSClient(motoClientConfig(moto.endpoint, OTHER_REGION));
      const otherKey = (await otherKms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      const token = await seal('fedcba.fedcba9876543210', otherKey, OTHER_REGION);
      refused = await build(new Map([...sealed, ['bootstrap-token', token]]));
      await putParameters(stack);
      opened = freshSsl();
      expect(run(fetchSecrets(stack, 'worker-default'), opened).status).toBe(0);
      await putParameters(refused);
      takeCalls();
    }, 120_000);
    afterAll(async () => {
      await putParameters(stack);
    });

    it('a node that had opened the old one exits non-zero and keeps it whole', () => {
      const ssl = copySsl(opened);
      const result = run(fetchSecrets(refused, 'worker-default'), ssl);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('AccessDeniedException');
      expectOpened(ssl, NODE_ASSETS.worker.encrypted);
      expect(readdirSync(ssl).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(count(takeCalls(), 'kms decrypt')).toBe(1);
    });

    it('a new node exits non-zero and leaves no empty or partial bootstrap-token', () => {
      const ssl = freshSsl();
      const result = run(fetchSecrets(refused, 'worker-default'), ssl);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('AccessDeniedException');
      expect(readdirSync(ssl)).toEqual(['sealed']);
      expect(existsSync(join(ssl, 'bootstrap-token'))).toBe(false);
      expect(readdirSync(ssl).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      takeCalls();
    });
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The add-ons pin in a controller's install-addons: `… | sha256sum | cut -d' ' -f1)" != <hex> ]`. */
const ADDONS_PIN = /!= ([0-9a-f]{64}) \]/;

describe('the add-ons parameter and the pin in /opt/bin/install-addons', () => {
  const controllers = goldenNodes().filter((node) => node.node.startsWith('controller'));

  it.each(controllers.map((node) => [`${node.caseName} ${node.node}`, node] as const))(
    '%s: the pin is the sha256 of the stack\u2019s AddonsParameter, which gunzips to build/addons.yaml',
    (_, node) => {
      const installAddons = node.files.find((file) => file.path === '/opt/bin/install-addons')!;
      const pin = ADDONS_PIN.exec(installAddons.content)?.[1];
      expect(pin).toBeDefined();
      const template = JSON.parse(
        readFileSync(join(FIXTURES, node.caseName, 'build', 'stack-template.json'), 'utf8'),
      ) as { Resources: Record<string, Resource> };
      const value = template.Resources.AddonsParameter!.Properties.Value!;
      expect(sha256(value)).toBe(pin);
      expect(gunzipSync(Buffer.from(value, 'base64')).toString('utf8')).toBe(
        readFileSync(join(FIXTURES, node.caseName, 'build', 'addons.yaml'), 'utf8'),
      );
    },
  );

  /** install-addons from its fetch to its pin check, then the add-ons it would apply. */
  function addonsFetch(): string {
    const lines = script(stack, 'controller0', '/opt/bin/install-addons').split('\n');
    const start = lines.findIndex((line) => line.startsWith('addons="$(docker run'));
    const end = lines.findIndex((line, index) => index > start && line === 'fi');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const path = join(mkdtempSync(join(work, 'addons-')), 'fetch-addons');
    const body = lines.slice(start, end + 1).join('\n');
    writeFileSync(
      path,
      `#!/bin/bash\nset -euo pipefail\n${body}\nprintf '%s' "$addons" | base64 -d | gunzip\n`,
      { mode: 0o700 },
    );
    return path;
  }

  it('read from moto through the aws CLI as install-addons reads it, matches its pin', async () => {
    await putParameters(stack);
    const fetchAddons = addonsFetch();
    const env = { PATH: `${stubBin}:${SYSTEMD_PATH}` };
    // stdin from /dev/null, as systemd gives it: bash reads ~/.bashrc when stdin is a socket.
    const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
    const result = spawnSync(fetchAddons, { encoding: 'utf8', env, stdio, timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(stack.addons.text);
    // Another value in SSM than the pinned one: the script stops before applying anything.
    const name = `/kube-aws/${config.clusterName}/addons`;
    const other = parameters(stack).find((parameter) => parameter.Name === name)!;
    const value = gzipSync(`${stack.addons.text}# changed\n`).toString('base64');
    await ssm('PutParameter', { ...other, Value: value, Overwrite: true });
    try {
      const changed = spawnSync(fetchAddons, { encoding: 'utf8', env, stdio, timeout: 60_000 });
      expect(changed.status).not.toBe(0);
      expect(changed.stderr).toContain(`${name} differs from this node's pin`);
      expect(changed.stdout).toBe('');
    } finally {
      await putParameters(stack);
      takeCalls();
    }
  });
});

describe('the etcd tools parameter and /opt/bin/controller-files', () => {
  /**
   * Runs the built controller's /opt/bin/controller-files with /var/lib overlaid (so its copy in
   * /var/lib/kube-aws lands in `upper`), and a coreos-cloudinit that records the file it is given.
   */
  function runControllerFiles(built: BuiltStack, upper: string) {
    const dir = mkdtempSync(join(work, 'controller-files-'));
    const path = join(dir, 'controller-files');
    writeFileSync(path, script(built, 'controller0', '/opt/bin/controller-files'), { mode: 0o700 });
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'coreos-cloudinit'),
      `#!/bin/bash\nset -euo pipefail\n[ "$1" = --from-file=/var/lib/kube-aws/cloud-config-etcd ]\ncp "\${1#--from-file=}" ${dir}/applied\n`,
      { mode: 0o755 },
    );
    mkdirSync(join(upper, 'upper'), { recursive: true });
    mkdirSync(join(upper, 'work'), { recursive: true });
    const result = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'bash',
        '-c',
        `mount -t overlay overlay -o lowerdir=/var/lib,upperdir=${upper}/upper,workdir=${upper}/work /var/lib && exec ${path}`,
      ],
      {
        encoding: 'utf8',
        env: { PATH: `${bin}:${stubBin}:${SYSTEMD_PATH}` },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      },
    );
    const applied = existsSync(join(dir, 'applied'))
      ? readFileSync(join(dir, 'applied'), 'utf8')
      : undefined;
    return { status: result.status, stderr: result.stderr, applied };
  }

  it('fetches the tools once, checks them against the pin and hands them to coreos-cloudinit', async () => {
    await putParameters(stack);
    takeCalls();
    const state = mkdtempSync(join(work, 'var-lib-'));
    const first = runControllerFiles(stack, state);
    expect(first.status, first.stderr).toBe(0);
    // What the node writes is the template filled in, without comment lines.
    expect(first.applied).toBe(stack.etcdTools.text);
    expect(count(takeCalls(), 'ssm get-parameter')).toBe(1);
    // A reboot uses the kept copy: no AWS call.
    const again = runControllerFiles(stack, state);
    expect(again.status, again.stderr).toBe(0);
    expect(again.applied).toBe(first.applied);
    expect(takeCalls()).toEqual([]);
  });

  it('refuses tools that differ from its pin, and applies nothing', async () => {
    const name = `/kube-aws/${config.clusterName}/etcd-tools`;
    const parameter = parameters(stack).find((item) => item.Name === name)!;
    await ssm('PutParameter', {
      ...parameter,
      Value: gzipSync(`${stack.etcdTools.text}\n`).toString('base64'),
      Overwrite: true,
    });
    try {
      const result = runControllerFiles(stack, mkdtempSync(join(work, 'var-lib-')));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`${name} differs from this node's pin`);
      expect(result.applied).toBeUndefined();
    } finally {
      await putParameters(stack);
      takeCalls();
    }
  });
});
