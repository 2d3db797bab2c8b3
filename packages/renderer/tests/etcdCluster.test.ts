import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import { writeCaseCredentials } from './caseCredentials.js';
import type { CaseCredentials } from './caseCredentials.js';
import { caseConfig, GOLDEN_CASES } from './goldenFixtures.js';
import { goldenNodes, manifestObjects } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

// A real etcd runs with the exact flags of each controller's rendered static pod, every member in
// its own network namespace holding its controller's IP, so the manifest's URLs work unchanged.
// Debian's etcd is 3.4; the manifest pins 3.6, whose flags 3.4 must still know (checked below).

const ETCD_MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';
const APISERVER_MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const SSL = '/etc/kubernetes/ssl/';

/** The command line of the `name` container of a static pod, command then args. */
function containerCommand(node: RenderedNode, path: string, name: string): string[] {
  for (const { path: file, object } of manifestObjects(node)) {
    const spec = (object as { spec?: { containers?: { name: string; command?: string[] }[] } })
      .spec;
    const container = spec?.containers?.find((item) => item.name === name);
    if (file === path && container !== undefined) {
      const args = (container as { args?: string[] }).args ?? [];
      return [...(container.command ?? []), ...args].map(String);
    }
  }
  throw new Error(`${node.caseName} ${node.node}: no ${name} container in ${path}`);
}

function flag(command: readonly string[], name: string): string {
  const found = command.find((argument) => argument.startsWith(`${name}=`));
  if (found === undefined) throw new Error(`${command[0]} has no ${name}`);
  return found.slice(name.length + 1);
}

function ip(args: readonly string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
}

const NODES = goldenNodes();
const controllersOf = (caseName: string) =>
  NODES.filter((node) => node.caseName === caseName && node.node.startsWith('controller'));

/** Flags Debian's etcd accepts, from its own --help. */
function etcdFlags(): Set<string> {
  ensureDebianPackages(['etcd', 'etcdctl'], ['etcd-server', 'etcd-client']);
  const help = spawnSync('etcd', ['--help'], { encoding: 'utf8' });
  return new Set(`${help.stdout}${help.stderr}`.match(/--[a-z0-9-]+/g));
}

describe('the rendered etcd manifests and Debian etcd', () => {
  it('Debian etcd knows every flag the rendered manifests pass', () => {
    const known = etcdFlags();
    const unknown = NODES.filter((node) => node.node.startsWith('controller')).flatMap((node) =>
      containerCommand(node, ETCD_MANIFEST, 'etcd')
        .slice(1)
        .map((argument) => argument.split('=')[0]!)
        .filter((name) => !known.has(name))
        .map((name) => `${node.caseName} ${node.node}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe.each(GOLDEN_CASES)('etcd cluster of golden case %s', (caseName) => {
  const controllers = controllersOf(caseName);
  const addresses = caseConfig(caseName).controller.privateIPs;
  const hub = `kaws-${process.pid}-${caseName}-hub`;
  const namespaces = controllers.map((node) => `kaws-${process.pid}-${caseName}-${node.node}`);
  const created: string[] = [];
  const members: ChildProcess[] = [];
  const dataDirs: string[] = [];
  let credentials: CaseCredentials | undefined;
  let log = '';

  /** A node path under /etc/kubernetes/ssl as the file of this case's fresh set. */
  function local(path: string): string {
    // A <ca>-trust.pem is the CA's certificate alone unless a CA rotation is staged.
    const name = basename(path).replace(/-trust\.pem$/, '.pem');
    if (!path.startsWith(SSL) || !credentials!.names.has(name))
      throw new Error(`${path} is not a credential kube-aws makes`);
    return join(credentials!.dir, name);
  }

  /** etcdctl inside `namespace`, authenticating as `client` (a node path, without `.pem`). */
  function etcdctl(namespace: string, endpoints: string, client: string, args: string[]) {
    const result = spawnSync(
      'ip',
      [
        'netns',
        'exec',
        namespace,
        'etcdctl',
        `--endpoints=${endpoints}`,
        `--cacert=${local(`${SSL}etcd-ca.pem`)}`,
        `--cert=${local(`${client}.pem`)}`,
        `--key=${local(`${client}-key.pem`)}`,
        '--dial-timeout=3s',
        '--command-timeout=5s',
        ...args,
      ],
      { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 30_000 },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** The API server's own etcd flags on controller `index`, as an etcdctl call. */
  function asApiserver(index: number, args: string[]) {
    const command = containerCommand(controllers[index]!, APISERVER_MANIFEST, 'kube-apiserver');
    const cert = flag(command, '--etcd-certfile');
    expect(flag(command, '--etcd-keyfile')).toBe(cert.replace(/\.pem$/, '-key.pem'));
    expect(flag(command, '--etcd-cafile')).toBe(`${SSL}etcd-ca-trust.pem`);
    return etcdctl(
      namespaces[index]!,
      flag(command, '--etcd-servers'),
      cert.replace(/\.pem$/, ''),
      args,
    );
  }

  beforeAll(async () => {
    ensureDebianPackages(['etcd', 'etcdctl'], ['etcd-server', 'etcd-client']);
    expect(controllers.map((node) => node.node)).toEqual(
      addresses.map((_, index) => `controller${index}`),
    );
    credentials = await writeCaseCredentials(caseName);

    // A bridge in its own namespace, and one namespace per controller wired to it by a veth pair
    // whose inner end holds the controller's private IP: nothing touches this machine's interfaces.
    ip(['netns', 'add', hub]);
    created.push(hub);
    ip(['-n', hub, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', hub, 'link', 'set', 'br0', 'up']);
    namespaces.forEach((namespace, index) => {
      ip(['netns', 'add', namespace]);
      created.push(namespace);
      ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
      ip([
        '-n',
        hub,
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
      ip(['-n', hub, 'link', 'set', `c${index}`, 'master', 'br0', 'up']);
      ip(['-n', namespace, 'addr', 'add', `${addresses[index]}/32`, 'dev', 'eth0']);
      ip(['-n', namespace, 'link', 'set', 'eth0', 'up']);
      ip(['-n', namespace, 'route', 'add', 'default', 'dev', 'eth0']);
    });

    controllers.forEach((node, index) => {
      const [binary, ...flags] = containerCommand(node, ETCD_MANIFEST, 'etcd');
      expect(binary).toBe('etcd');
      const dataDir = mkdtempSync(join(tmpdir(), `kube-aws-etcd-${node.node}-`));
      dataDirs.push(dataDir);
      // Only paths change: the keys' directory and the data directory.
      const args = flags.map((argument) => {
        if (argument.startsWith('--data-dir=')) return `--data-dir=${dataDir}`;
        return argument.replace(/\/etc\/kubernetes\/ssl\/[^,]+/g, (path) => local(path));
      });
      const member = spawn('ip', ['netns', 'exec', namespaces[index]!, 'etcd', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const tag = (chunk: Buffer) => (log += `[${node.node}] ${chunk.toString()}`);
      member.stdout?.on('data', tag);
      member.stderr?.on('data', tag);
      members.push(member);
    });

    for (let attempt = 0; attempt < 120; attempt++) {
      if (asApiserver(0, ['endpoint', 'health']).status === 0) return;
      if (members.some((member) => member.exitCode !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`etcd did not become healthy:\n${log.slice(-4000)}`);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(
      members.map(async (member) => {
        if (member.exitCode !== null || member.signalCode !== null) return;
        const exited = new Promise((resolve) => member.once('exit', resolve));
        member.kill('SIGTERM');
        const timer = setTimeout(() => member.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    for (const namespace of created.splice(0).reverse())
      spawnSync('ip', ['netns', 'del', namespace]);
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    credentials?.remove();
  }, 60_000);

  it("every member is healthy through each API server's --etcd-servers and etcd client certificate", () => {
    controllers.forEach((node, index) => {
      const command = containerCommand(node, APISERVER_MANIFEST, 'kube-apiserver');
      expect(flag(command, '--etcd-servers').split(',')).toEqual(
        addresses.map((address) => `https://${address}:2379`),
      );
      const health = asApiserver(index, ['endpoint', 'health']);
      expect(health.status, `${node.node}: ${health.stderr}`).toBe(0);
      for (const address of addresses)
        expect(`${health.stdout}${health.stderr}`).toContain(`https://${address}:2379 is healthy`);
    });
  });

  it('each member answers on every --listen-client-urls address of its manifest', () => {
    controllers.forEach((node, index) => {
      const urls = flag(containerCommand(node, ETCD_MANIFEST, 'etcd'), '--listen-client-urls');
      for (const url of urls.split(',')) {
        const health = etcdctl(namespaces[index]!, url, `${SSL}apiserver-etcd-client`, [
          'endpoint',
          'health',
        ]);
        expect(health.status, `${node.node} ${url}: ${health.stderr}`).toBe(0);
      }
    });
  });

  it('member list names exactly the controllers, with their peer and client URLs', () => {
    const listed = asApiserver(0, ['member', 'list', '--write-out=json']);
    expect(listed.status, listed.stderr).toBe(0);
    const { members: found } = JSON.parse(listed.stdout) as {
      members: { name: string; peerURLs: string[]; clientURLs: string[] }[];
    };
    expect(
      found
        .map(({ name, peerURLs, clientURLs }) => ({ name, peerURLs, clientURLs }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(
      addresses.map((address, index) => ({
        name: `controller${index}`,
        peerURLs: [`https://${address}:2380`],
        clientURLs: [`https://${address}:2379`],
      })),
    );
  });

  it('refuses the Kubernetes CA admin certificate on every member', async () => {
    const endpoints = flag(
      containerCommand(controllers[0]!, APISERVER_MANIFEST, 'kube-apiserver'),
      '--etcd-servers',
    );
    const before = log.length;
    const refused = etcdctl(namespaces[0]!, endpoints, `${SSL}admin`, [
      '--command-timeout=2s',
      'endpoint',
      'health',
    ]);
    expect(refused.status).not.toBe(0);
    for (const address of addresses)
      expect(`${refused.stdout}${refused.stderr}`).toContain(
        `https://${address}:2379 is unhealthy`,
      );
    // etcd's log reaches this process once its event loop runs again.
    const rejection = /rejected connection.*unknown authority/;
    for (let attempt = 0; attempt < 40 && !rejection.test(log.slice(before)); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.slice(before)).toMatch(rejection);
  });
});
