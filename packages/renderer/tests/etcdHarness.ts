import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import { writeCaseCredentials } from './caseCredentials.js';
import type { CaseCredentials } from './caseCredentials.js';
import { caseConfig } from './goldenFixtures.js';
import { goldenNodes } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';
import { SYSTEMD_PATH } from './runWithEtcKubernetes.js';
import type { NodeRun } from './runWithEtcKubernetes.js';

// Controllers of a golden case as far as etcd goes, on this machine: each in a network namespace
// holding its controller's fixed IP, and each command in a mount namespace of its own where
// /etc/kubernetes is the controller's directory (its rendered files and the case's credentials
// in ssl/) and /var/lib/etcd its "volume". The rendered scripts (etcd-member, controller-ready,
// etcd-backup) run there as they are, and Debian's etcd runs with the exact command line of the
// manifest etcd-member writes. A `docker` first on PATH stands in for the containers the scripts
// run: the etcd image's etcdctl is Debian's (3.4), its etcdutl is Debian's etcdctl too (3.4 has no
// etcdutl; the restore flags 3.4 lacks, --bump-revision and --mark-compacted, are logged and
// dropped), and the aws-cli image's aws is the real aws CLI, against moto for S3 (CloudFormation's
// stack status and signals are answered from files here).

/** Runs as root, in namespaces: where the controller's directories appear. */
const SETUP = `set -euo pipefail
upper=$1 work=$2 etc=$3 ssl=$4 data=$5
shift 5
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$upper,workdir=$work" /etc
mkdir -p /etc/kubernetes
mount --bind "$etc" /etc/kubernetes
mount --bind "$ssl" /etc/kubernetes/ssl
mount --bind "$data" /var/lib/etcd
exec "$@"`;

function dockerStub(state: string): string {
  return `#!/bin/bash
set -euo pipefail
[ "\${1:-}" = run ] || { echo "docker stub: only run is expected: $*" >&2; exit 2; }
shift
image=
while [ $# -gt 0 ] && [ -z "$image" ]; do
  case "$1" in
    --rm | --net=host) shift ;;
    -v) shift 2 ;;
    registry.k8s.io/etcd:* | public.ecr.aws/aws-cli/aws-cli:*) image="$1"; shift ;;
    *) echo "docker stub: unexpected argument $1" >&2; exit 2 ;;
  esac
done
printf '%s %s\\n' "$image" "$*" >> ${state}/calls.log
case "$image" in
  registry.k8s.io/etcd:*)
    tool="$1"
    shift
    if [ "$tool" = etcdutl ]; then
      args=()
      while [ $# -gt 0 ]; do
        case "$1" in
          --bump-revision) shift 2 ;;
          --mark-compacted) shift ;;
          *) args+=("$1"); shift ;;
        esac
      done
      set -- "\${args[@]}"
      tool=etcdctl
    fi
    ETCDCTL_API=3 exec "$tool" "$@"
    ;;
esac
[ "$1" = --region ] && shift 2
if [ "$1 $2" = "cloudformation describe-stacks" ]; then
  cat ${state}/stack-status
  exit 0
fi
if [ "$1 $2" = "cloudformation signal-resource" ]; then
  echo "$*" >> ${state}/signals.log
  exit 0
fi
# Files named in the aws-cli container are under the volume /var/lib/etcd/backup:/backup; the aws
# CLI server opens them on this machine, outside the controller's mount namespace.
args=()
for arg in "$@"; do
  case "$arg" in
    /backup/*) arg="$DATA_HOST/backup/\${arg#/backup/}" ;;
  esac
  args+=("$arg")
done
export AWS_ACCESS_KEY_ID="$AWS_KEY" AWS_SECRET_ACCESS_KEY="$AWS_SECRET" AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_DEFAULT_REGION="$REGION"
exec "$AWS_CLI" --endpoint-url "$AWS_ENDPOINT" "\${args[@]}"
`;
}

const CURL_STUB = `#!/bin/bash
# IMDS, as controller-ready reads it: a token, then the instance id.
case "$*" in
  *api/token*) echo token ;;
  *meta-data/instance-id*) echo "i-$CONTROLLER_NAME" ;;
  *) echo "curl stub: unexpected $*" >&2; exit 22 ;;
esac
`;

export interface AwsAccess {
  readonly command: string;
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A golden case's controllers on this machine, for etcd. */
export class EtcdHarness {
  readonly controllers: RenderedNode[];
  readonly addresses: readonly string[];
  readonly namespaces: string[];
  private readonly work = mkdtempSync(join(tmpdir(), 'kube-aws-etcd-harness-'));
  private readonly hub: string;
  private readonly created: string[] = [];
  private readonly members = new Map<number, ChildProcess>();
  private credentials: CaseCredentials | undefined;
  private aws: AwsAccess | undefined;
  log = '';

  constructor(readonly caseName: string) {
    this.controllers = goldenNodes().filter(
      (node) => node.caseName === caseName && node.node.startsWith('controller'),
    );
    this.addresses = caseConfig(caseName).controller.privateIPs;
    this.hub = `kaws-${process.pid}-${caseName.slice(0, 8)}-hub`;
    this.namespaces = this.controllers.map(
      (_, index) => `kaws-${process.pid}-${caseName.slice(0, 8)}-c${index}`,
    );
  }

  get state(): string {
    return join(this.work, 'state');
  }

  /** The controller's /etc/kubernetes on this machine. */
  etc(index: number): string {
    return join(this.work, `etc${index}`);
  }

  /** The controller's volume, /var/lib/etcd, on this machine. */
  data(index: number): string {
    return join(this.work, `data${index}`);
  }

  /** The controllers' /etc/kubernetes/ssl: the case's credentials, each CA's trust bundle beside it. */
  ssl(): string {
    return join(this.work, 'ssl');
  }

  setStackStatus(status: string): void {
    writeFileSync(join(this.state, 'stack-status'), `${status}\n`);
  }

  /** Calls the docker stand-in ran since the last look, then forgets them. */
  takeCalls(): string[] {
    const path = join(this.state, 'calls.log');
    const calls = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
    rmSync(path, { force: true });
    return calls.filter((line) => line !== '');
  }

  signals(): string[] {
    const path = join(this.state, 'signals.log');
    return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
  }

  async setUp(aws?: AwsAccess): Promise<void> {
    ensureDebianPackages(['etcd', 'etcdctl'], ['etcd-server', 'etcd-client']);
    this.aws = aws;
    this.credentials = await writeCaseCredentials(this.caseName);
    // A <ca>-trust.pem is the CA's certificate alone unless a CA rotation is staged.
    cpSync(this.credentials.dir, this.ssl(), { recursive: true });
    for (const ca of ['ca', 'etcd-ca', 'front-proxy-ca'])
      copyFileSync(join(this.ssl(), `${ca}.pem`), join(this.ssl(), `${ca}-trust.pem`));
    mkdirSync(join(this.work, 'bin'));
    mkdirSync(this.state);
    this.setStackStatus('CREATE_IN_PROGRESS');
    writeFileSync(join(this.work, 'bin', 'docker'), dockerStub(this.state), { mode: 0o755 });
    writeFileSync(join(this.work, 'bin', 'curl'), CURL_STUB, { mode: 0o755 });
    writeFileSync(join(this.work, 'bin', 'kubectl'), '#!/bin/bash\nexit 0\n', { mode: 0o755 });
    this.controllers.forEach((node, index) => {
      mkdirSync(join(this.etc(index), 'ssl'), { recursive: true });
      mkdirSync(join(this.etc(index), 'manifests'));
      mkdirSync(this.data(index));
      for (const file of node.files) {
        if (
          file.path.startsWith('/etc/kubernetes/') &&
          !file.path.startsWith('/etc/kubernetes/ssl/')
        ) {
          const target = join(this.etc(index), file.path.slice('/etc/kubernetes/'.length));
          mkdirSync(join(target, '..'), { recursive: true });
          writeFileSync(target, file.content);
        }
        if (file.path.startsWith('/opt/bin/')) {
          mkdirSync(join(this.work, `opt${index}`), { recursive: true });
          writeFileSync(
            join(this.work, `opt${index}`, file.path.slice('/opt/bin/'.length)),
            file.content,
            {
              mode: 0o700,
            },
          );
        }
      }
    });
    // A bridge in its own namespace, and one namespace per controller wired to it by a veth pair
    // whose inner end holds the controller's fixed IP: nothing touches this machine's interfaces.
    this.ip(['netns', 'add', this.hub]);
    this.created.push(this.hub);
    this.ip(['-n', this.hub, 'link', 'add', 'br0', 'type', 'bridge']);
    this.ip(['-n', this.hub, 'link', 'set', 'br0', 'up']);
    this.namespaces.forEach((namespace, index) => {
      this.ip(['netns', 'add', namespace]);
      this.created.push(namespace);
      this.ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
      this.ip([
        '-n',
        this.hub,
        'link',
        'add',
        `c${index}`,
        'type',
        'veth',
        'peer',
        'eth0',
        'netns',
        namespace,
      ]);
      this.ip(['-n', this.hub, 'link', 'set', `c${index}`, 'master', 'br0', 'up']);
      this.ip(['-n', namespace, 'addr', 'add', `${this.addresses[index]}/32`, 'dev', 'eth0']);
      this.ip(['-n', namespace, 'link', 'set', 'eth0', 'up']);
      this.ip(['-n', namespace, 'route', 'add', 'default', 'dev', 'eth0']);
    });
  }

  private ip(args: string[]): void {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
  }

  /** The environment systemd gives the controller's units: controller.env and a PATH with stubs. */
  private env(index: number): Record<string, string> {
    const file = readFileSync(join(this.etc(index), 'controller.env'), 'utf8');
    const fromFile = Object.fromEntries(
      file
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return {
      ...fromFile,
      PATH: `${join(this.work, 'bin')}:${SYSTEMD_PATH}`,
      DATA_HOST: this.data(index),
      AWS_CLI: this.aws?.command ?? '/bin/false',
      AWS_ENDPOINT: this.aws?.endpoint ?? 'http://127.0.0.1:1',
      AWS_KEY: this.aws?.accessKeyId ?? 'testing',
      AWS_SECRET: this.aws?.secretAccessKey ?? 'testing',
      REGION: caseConfig(this.caseName).region,
    };
  }

  private command(index: number, command: readonly string[]): string[] {
    const overlay = mkdtempSync(join(this.work, 'overlay-'));
    mkdirSync(join(overlay, 'upper'));
    mkdirSync(join(overlay, 'work'));
    return [
      'netns',
      'exec',
      this.namespaces[index]!,
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'bash',
      '-c',
      SETUP,
      'setup',
      join(overlay, 'upper'),
      join(overlay, 'work'),
      this.etc(index),
      this.ssl(),
      this.data(index),
      ...command,
    ];
  }

  /** Runs one of the controller's /opt/bin scripts as its unit would. */
  run(index: number, script: string, extra: Record<string, string> = {}): NodeRun {
    const result = spawnSync('ip', this.command(index, [join(this.work, `opt${index}`, script)]), {
      encoding: 'utf8',
      env: { ...this.env(index), ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 480_000,
    });
    if (result.error !== undefined) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** The same, without waiting: for scripts that wait on the kubelet (etcd-backup's restore). */
  runAsync(index: number, script: string): Promise<NodeRun> {
    const child = spawn('ip', this.command(index, [join(this.work, `opt${index}`, script)]), {
      env: this.env(index),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) =>
      child.once('exit', (status) => resolve({ status, stdout, stderr })),
    );
  }

  /** The etcd command line of the manifest etcd-member wrote, or undefined when there is none. */
  manifestCommand(index: number): string[] | undefined {
    const path = join(this.etc(index), 'manifests', 'etcd.yaml');
    if (!existsSync(path)) return undefined;
    const pod = parse(readFileSync(path, 'utf8')) as {
      spec: { containers: { name: string; command: string[] }[] };
    };
    return pod.spec.containers.find((container) => container.name === 'etcd')!.command.map(String);
  }

  running(index: number): boolean {
    const member = this.members.get(index);
    return member !== undefined && member.exitCode === null && member.signalCode === null;
  }

  /** Starts the member as the kubelet would, with its manifest's exact command line. */
  start(index: number): void {
    const command = this.manifestCommand(index);
    if (command === undefined) throw new Error(`controller${index} has no etcd manifest`);
    const member = spawn('ip', this.command(index, command), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tag = (chunk: Buffer) => (this.log += `[controller${index}] ${chunk.toString()}`);
    member.stdout?.on('data', tag);
    member.stderr?.on('data', tag);
    this.members.set(index, member);
  }

  async stop(index: number): Promise<void> {
    const member = this.members.get(index);
    if (member === undefined || !this.running(index)) return;
    const exited = new Promise((resolve) => member.once('exit', resolve));
    member.kill('SIGTERM');
    const timer = setTimeout(() => member.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Plays the kubelet for etcd while `until` is pending: starts the member when its manifest is in
   * /etc/kubernetes/manifests and stops it when the manifest leaves.
   */
  async kubelet<T>(until: Promise<T>): Promise<T> {
    let done = false;
    const result = until.finally(() => (done = true));
    while (!done) {
      for (const index of this.controllers.keys()) {
        const present = existsSync(join(this.etc(index), 'manifests', 'etcd.yaml'));
        if (present && !this.running(index)) this.start(index);
        if (!present && this.running(index)) await this.stop(index);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return result;
  }

  /** etcdctl in controller `index`'s namespace, as `client` (a file name under ssl/, no `.pem`). */
  etcdctl(index: number, endpoints: string, client: string, args: string[]) {
    const result = spawnSync(
      'ip',
      [
        'netns',
        'exec',
        this.namespaces[index]!,
        'etcdctl',
        `--endpoints=${endpoints}`,
        `--cacert=${join(this.ssl(), 'etcd-ca.pem')}`,
        `--cert=${join(this.ssl(), `${client}.pem`)}`,
        `--key=${join(this.ssl(), `${client}-key.pem`)}`,
        '--dial-timeout=3s',
        '--command-timeout=5s',
        ...args,
      ],
      { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 30_000 },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * Brings the controllers up as CloudFormation creates the stack: one after the other, each once
   * the one before has signalled. controller0 starts etcd (the stack is being created); each next
   * one joins the running cluster through the member API as a learner, and its controller-ready
   * promotes it. Fails with the scripts' and etcd's output when a step does.
   */
  bootstrap(): void {
    for (const index of this.controllers.keys()) {
      // etcd-member.service has Restart=on-failure: a failed run is tried again.
      let member = this.run(index, 'etcd-member');
      for (let retry = 0; retry < 3 && member.status !== 0; retry++)
        member = this.run(index, 'etcd-member');
      if (member.status !== 0)
        throw new Error(`controller${index} etcd-member: ${member.stdout}${member.stderr}`);
      this.start(index);
      const ready = this.run(index, 'controller-ready');
      if (ready.status !== 0)
        throw new Error(
          `controller${index} controller-ready: ${ready.stdout}${ready.stderr}\n${this.log.slice(-3000)}`,
        );
    }
  }

  /** Every controller's client URL. */
  endpoints(): string {
    return this.addresses.map((address) => `https://${address}:2379`).join(',');
  }

  /** Waits until `check` holds, or fails with etcd's log. */
  async waitFor(what: string, check: () => boolean, attempts = 160): Promise<void> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (check()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.caseName}: ${what} did not happen:\n${this.log.slice(-4000)}`);
  }

  /** Members as `member list` gives them. */
  memberList(
    index = 0,
  ): { name: string; peerURLs: string[]; clientURLs: string[]; isLearner?: boolean }[] {
    const listed = this.etcdctl(index, this.endpoints(), 'apiserver-etcd-client', [
      'member',
      'list',
      '--write-out=json',
    ]);
    if (listed.status !== 0) throw new Error(`member list: ${listed.stderr}`);
    return (JSON.parse(listed.stdout) as { members: never[] }).members;
  }

  async tearDown(): Promise<void> {
    await Promise.all([...this.members.keys()].map((index) => this.stop(index)));
    for (const namespace of this.created.splice(0).reverse())
      spawnSync('ip', ['netns', 'del', namespace]);
    this.credentials?.remove();
    rmSync(this.work, { recursive: true, force: true });
  }
}
