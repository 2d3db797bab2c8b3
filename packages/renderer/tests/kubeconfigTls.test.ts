import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { renderKubeconfig } from '@kube-aws/pki';
import { freePort } from '../../../testing/freePort.js';
import { writeCaseCredentials } from './caseCredentials.js';
import type { CaseCredentials } from './caseCredentials.js';
import { caseConfig, GOLDEN_CASES } from './goldenFixtures.js';
import { NOW } from './helpers.js';
import { goldenNodes, manifestObjects, scriptFiles } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

// Every address a component or the user dials must be a name on the API server's certificate,
// or the client refuses the handshake. openssl and curl judge it, not our own parsing of SANs.

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseYaml(source: string): Json | undefined {
  try {
    return record(parse(source));
  } catch {
    return undefined;
  }
}

/** One client of the API server: where it connects and which CA it trusts there. */
interface ApiClient {
  /** `controller0 /etc/kubernetes/admin.conf`, `the user's kubeconfig`, … */
  readonly who: string;
  /** The node it runs on; undefined for the user and for pods, which may run anywhere. */
  readonly node?: RenderedNode;
  readonly server: string;
  /** The CA file as the client names it on its machine. */
  readonly certificateAuthority: string;
  /** The kubeconfig, when the client reads one. */
  readonly kubeconfig?: Json;
}

function kubeconfigClients(
  who: string,
  kubeconfig: Json,
  node: RenderedNode | undefined,
): ApiClient[] {
  return list(kubeconfig.clusters).map((entry) => {
    const cluster = record(record(entry)?.cluster) ?? {};
    return {
      who,
      ...(node === undefined ? {} : { node }),
      server: text(cluster.server) ?? '(no server)',
      certificateAuthority:
        text(cluster['certificate-authority']) ??
        (cluster['certificate-authority-data'] === undefined ? '(none)' : '(inline data)'),
      kubeconfig,
    };
  });
}

/** `cat > target <<TAG … TAG` documents of a script, with their targets. */
function heredocs(script: string): { target: string; body: string }[] {
  return [...script.matchAll(/^(.*)<<-?\s*['"]?(\w+)['"]?[^\n]*\n([\s\S]*?)\n\s*\2$/gm)].map(
    (match) => ({
      target: [...match[1]!.matchAll(/(?:>|\btee\s)\s*([^\s()<>;&|]+)/g)].pop()?.[1] ?? '',
      body: match[3]!,
    }),
  );
}

function podSpec(object: Json): Json | undefined {
  const spec = record(object.spec);
  return object.kind === 'Pod' ? spec : record(record(spec?.template)?.spec);
}

function containers(pod: Json): Json[] {
  return [...list(pod.initContainers), ...list(pod.containers)].flatMap((item) => {
    const container = record(item);
    return container === undefined ? [] : [container];
  });
}

/** `--flag=value` arguments of a static pod's container, by flag. */
function staticPodFlags(node: RenderedNode, path: string): Map<string, string> {
  const flags = new Map<string, string>();
  for (const { path: file, object } of manifestObjects(node)) {
    if (file !== path) continue;
    for (const container of containers(podSpec(record(object)!) ?? {})) {
      for (const argument of [...list(container.command), ...list(container.args)]) {
        const match = /^(--[\w-]+)=(.*)$/.exec(String(argument));
        if (match !== null) flags.set(match[1]!, match[2]!);
      }
    }
  }
  return flags;
}

function firstAddress(cidr: string): string {
  const octets = cidr.split(',')[0]!.split('/')[0]!.split('.').map(Number);
  const value = octets.reduce((sum, octet) => sum * 256 + octet, 0) + 1;
  return [3, 2, 1, 0].map((shift) => Math.floor(value / 256 ** shift) % 256).join('.');
}

/** Where a pod finds the CA of its service account token: the controller manager's --root-ca-file. */
const SERVICE_ACCOUNT_CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

const KUBECONFIG_REFERENCE =
  /(--(?:bootstrap-|authentication-|authorization-)?kubeconfig[= ]|KUBECONFIG=)"?([^\s"',;}\]]+)/g;

/** Kubeconfig paths a pod's containers name: in flags, env, or a KubeProxyConfiguration. */
function podKubeconfigPaths(
  pod: Json,
  namespace: string,
  configMaps: ReadonlyMap<string, Json>,
): { container: Json; path: string }[] {
  const named: { container: Json; path: string }[] = [];
  for (const container of containers(pod)) {
    const strings = [
      ...list(container.command),
      ...list(container.args),
      ...list(container.env).map((entry) => record(entry)?.value),
    ].map(String);
    for (const value of strings)
      for (const [, , path] of value.matchAll(KUBECONFIG_REFERENCE))
        named.push({ container, path: path! });
    for (const volume of list(pod.volumes)) {
      const name = text(record(record(volume)?.configMap)?.name);
      const configMap = configMaps.get(`${namespace}/${name}`);
      for (const value of Object.values(record(configMap?.data) ?? {})) {
        const path = text(record(parseYaml(String(value))?.clientConnection)?.kubeconfig);
        if (path !== undefined && path !== '') named.push({ container, path });
      }
    }
  }
  return named;
}

/** Where a path inside a container comes from: a host file, or a ConfigMap's `name:key`. */
function mountedFrom(
  pod: Json,
  container: Json,
  path: string,
): { hostPath?: string; configMapKey?: string } | undefined {
  const mount = list(container.volumeMounts)
    .map((entry) => record(entry) ?? {})
    .filter((entry) =>
      entry.subPath === undefined
        ? path.startsWith(`${String(entry.mountPath).replace(/\/$/, '')}/`)
        : path === entry.mountPath,
    )
    .sort((a, b) => String(b.mountPath).length - String(a.mountPath).length)[0];
  if (mount === undefined) return undefined;
  const volume = list(pod.volumes)
    .map((entry) => record(entry) ?? {})
    .find((entry) => entry.name === mount.name);
  const rest = text(mount.subPath) ?? path.slice(String(mount.mountPath).length + 1);
  const hostPath = text(record(volume?.hostPath)?.path);
  if (hostPath !== undefined) return { hostPath: `${hostPath.replace(/\/$/, '')}/${rest}` };
  const configMap = record(volume?.configMap);
  if (configMap === undefined) return undefined;
  const item = list(configMap.items)
    .map((entry) => record(entry) ?? {})
    .find((entry) => entry.path === rest);
  return { configMapKey: `${String(configMap.name)}:${text(item?.key) ?? rest}` };
}

interface CaseClients {
  readonly clients: ApiClient[];
  /** Kubeconfig paths a unit, script or manifest names that no collected kubeconfig is. */
  readonly unresolved: string[];
}

/**
 * Every API server client of a case's nodes, and the user's: kubeconfig files, kubeconfigs that
 * scripts write, kubeconfigs in ConfigMaps, KUBERNETES_SERVICE_HOST overrides, and the in-cluster
 * clients that dial the `kubernetes` Service's IP (what kubelet puts in KUBERNETES_SERVICE_HOST).
 */
function collectClients(caseName: string, nodes: readonly RenderedNode[]): CaseClients {
  const controller = nodes.find((node) => node.node.startsWith('controller'))!;
  const apiserver = staticPodFlags(controller, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  // The `kubernetes` Service's IP, which kubelet puts in every pod's KUBERNETES_SERVICE_HOST.
  const serviceIP = firstAddress(apiserver.get('--service-cluster-ip-range')!);
  const clients: ApiClient[] = [];
  const nodePaths = new Map<string, Set<string>>();
  const configMapKubeconfigs = new Set<string>();
  const configMaps = new Map<string, Json>();
  for (const node of nodes) {
    const paths = new Set<string>();
    nodePaths.set(node.node, paths);
    for (const file of node.files) {
      if (file.encoding !== undefined || file.path.endsWith('.pem')) continue;
      const document = parseYaml(file.content);
      if (document?.kind === 'Config') {
        paths.add(file.path);
        clients.push(...kubeconfigClients(`${node.node} ${file.path}`, document, node));
      }
    }
    for (const script of scriptFiles(node)) {
      for (const { target, body } of heredocs(script.content)) {
        const document = parseYaml(body);
        if (document?.kind !== 'Config') continue;
        paths.add(target);
        clients.push(
          ...kubeconfigClients(`${node.node} ${script.path} → ${target}`, document, node),
        );
      }
    }
    for (const { path, object } of manifestObjects(node)) {
      const item = record(object)!;
      const metadata = record(item.metadata) ?? {};
      const name = `${text(metadata.namespace) ?? 'default'}/${text(metadata.name)}`;
      if (item.kind === 'ConfigMap') {
        configMaps.set(name, item);
        for (const [key, value] of Object.entries(record(item.data) ?? {})) {
          const document = parseYaml(String(value));
          if (document?.kind !== 'Config') continue;
          if (configMapKubeconfigs.has(`${name}:${key}`)) continue;
          configMapKubeconfigs.add(`${name}:${key}`);
          clients.push(
            ...kubeconfigClients(`${path} ConfigMap ${name} ${key}`, document, undefined),
          );
        }
      }
      for (const container of containers(podSpec(item) ?? {})) {
        const env = new Map(
          list(container.env).map((entry) => [
            text(record(entry)?.name),
            text(record(entry)?.value),
          ]),
        );
        const host = env.get('KUBERNETES_SERVICE_HOST');
        const port = env.get('KUBERNETES_SERVICE_PORT');
        if (host === undefined && port === undefined) continue;
        clients.push({
          who: `${node.node} ${path} ${String(item.kind)} ${name} container ${String(container.name)} KUBERNETES_SERVICE_HOST/_PORT`,
          server: `https://${host ?? serviceIP}:${port ?? '443'}`,
          certificateAuthority: SERVICE_ACCOUNT_CA,
        });
      }
    }
  }

  const addOnPods = nodes
    .flatMap((node) => manifestObjects(node))
    .filter(({ path, object }) => path.startsWith('/srv/') && podSpec(record(object)!));
  if (addOnPods.length > 0) {
    clients.push({
      who: 'in-cluster clients (the `kubernetes` Service)',
      server: `https://${serviceIP}:443`,
      certificateAuthority: SERVICE_ACCOUNT_CA,
    });
  }
  clients.push(
    ...kubeconfigClients(
      "the user's kubeconfig (kube-aws render)",
      parse(renderKubeconfig(caseConfig(caseName))),
      undefined,
    ),
  );

  const unresolved: string[] = [];
  for (const node of nodes) {
    const paths = nodePaths.get(node.node)!;
    const sources = [
      ...node.units.map((unit) => ({ where: unit.name, content: unit.content ?? '' })),
      ...scriptFiles(node).map((file) => ({ where: file.path, content: file.content })),
    ];
    // The kubelet writes its own kubeconfig once TLS bootstrap has signed its certificate, with
    // the server of its bootstrap kubeconfig; the node's scripts may then read it too.
    const writtenByKubelet = new Set<string>();
    for (const { content } of sources)
      for (const line of content.split('\n'))
        if (line.includes('--bootstrap-kubeconfig='))
          for (const [, flag, path] of line.matchAll(KUBECONFIG_REFERENCE))
            if (flag === '--kubeconfig=') writtenByKubelet.add(path!);
    for (const { where, content } of sources) {
      for (const line of content.split('\n')) {
        for (const [, , path] of line.matchAll(KUBECONFIG_REFERENCE)) {
          if (!paths.has(path!) && !writtenByKubelet.has(path!))
            unresolved.push(`${node.node} ${where}: ${path}`);
        }
      }
    }
    for (const { path: file, object } of manifestObjects(node)) {
      const item = record(object)!;
      const pod = podSpec(item);
      if (pod === undefined) continue;
      const namespace = text(record(item.metadata)?.namespace) ?? 'default';
      for (const { container, path } of podKubeconfigPaths(pod, namespace, configMaps)) {
        const source = mountedFrom(pod, container, path);
        // A static pod reads its own node; a DaemonSet's kubeconfig must be on every node.
        const hosts = file.startsWith('/etc/kubernetes/manifests/')
          ? [node]
          : nodes.filter((other) => item.kind === 'DaemonSet' || other === node);
        const found =
          source?.hostPath !== undefined
            ? hosts.every((other) => nodePaths.get(other.node)!.has(source.hostPath!))
            : source?.configMapKey !== undefined &&
              configMapKubeconfigs.has(`${namespace}/${source.configMapKey}`);
        if (!found) unresolved.push(`${node.node} ${file} ${String(container.name)}: ${path}`);
      }
    }
  }
  // Behind the load balancer (issue 11), workers' scripts and the add-ons name the API by the
  // load balancer's DNS name, which they read from SSM at boot: an NLB's name has this form.
  const config = caseConfig(caseName);
  const balancer = `kube-aws-api-0123456789abcdef.elb.${config.region}.amazonaws.com`;
  const endpoint = config.controller.loadBalancer ? balancer : config.controllerIP;
  return {
    clients: clients.map((client) => ({
      ...client,
      server: client.server.replace('$endpoint', endpoint).replace('@API_ENDPOINT@', balancer),
    })),
    unresolved: [...new Set(unresolved)],
  };
}

/** Child processes get no proxy: every connection here goes to loopback. */
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/_proxy$/i.test(name)),
);

function run(command: string, args: readonly string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: ENV, timeout: 30_000 });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

function target(server: string): { host: string; port: string } {
  const url = new URL(server);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? '443' : url.port };
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const NODES = goldenNodes();

describe.each(GOLDEN_CASES)('kubeconfig servers of golden case %s', (caseName) => {
  const { clients, unresolved } = collectClients(
    caseName,
    NODES.filter((node) => node.caseName === caseName),
  );
  const controller = NODES.find(
    (node) => node.caseName === caseName && node.node.startsWith('controller'),
  )!;
  const apiserverFlags = staticPodFlags(
    controller,
    '/etc/kubernetes/manifests/kube-apiserver.yaml',
  );
  const controllerManagerFlags = staticPodFlags(
    controller,
    '/etc/kubernetes/manifests/kube-controller-manager.yaml',
  );
  let credentials: CaseCredentials | undefined;
  let scratch = '';
  let server: ChildProcess | undefined;
  let serverLog = '';
  let localPort = 0;
  let copies = 0;

  /** A node, pod or credentials/ path as the file of this case's fresh set. */
  function local(path: string): string | undefined {
    // A pod's service account CA is what the controller manager puts there: its --root-ca-file.
    if (path === SERVICE_ACCOUNT_CA) return local(controllerManagerFlags.get('--root-ca-file')!);
    // A node's <ca>-trust.pem is the CA's certificate alone unless a CA rotation is staged.
    const name = basename(path).replace(/-trust\.pem$/, '.pem');
    const known = /^(\/etc\/kubernetes\/ssl|credentials)\/[^/]+$/.test(path);
    return known && credentials!.names.has(name) ? join(credentials!.dir, name) : undefined;
  }

  /** Distinct server and CA pairs, each with every client that uses it. */
  function byServer(): { server: string; ca: string | undefined; users: ApiClient[] }[] {
    const groups = new Map<
      string,
      { server: string; ca: string | undefined; users: ApiClient[] }
    >();
    for (const client of clients) {
      const ca = local(client.certificateAuthority);
      const key = `${client.server} ${ca}`;
      if (!groups.has(key)) groups.set(key, { server: client.server, ca, users: [] });
      groups.get(key)!.users.push(client);
    }
    return [...groups.values()];
  }

  function label(group: { server: string; users: ApiClient[] }): string {
    return `${group.server} (${group.users.map((client) => client.who).join('; ')})`;
  }

  /** openssl verify of the API server certificate (this case's fresh one unless given) for `host`. */
  function verify(
    host: string,
    ca: string,
    certificate = local(apiserverFlags.get('--tls-cert-file')!)!,
    at?: Date,
  ) {
    return run('openssl', [
      'verify',
      '-x509_strict',
      '-purpose',
      'sslserver',
      ...(at === undefined ? [] : ['-attime', String(Math.floor(at.getTime() / 1000))]),
      '-CAfile',
      ca,
      isIP(host) === 0 ? '-verify_hostname' : '-verify_ip',
      host,
      certificate,
    ]);
  }

  /** A file the golden cloud-config of `node` writes, copied to the scratch directory. */
  function goldenFile(node: RenderedNode, path: string): string | undefined {
    const file = node.files.find((item) => item.path === path && item.encoding === undefined);
    if (file === undefined) return undefined;
    const copy = join(scratch, `golden-${node.node}-${basename(path)}`);
    writeFileSync(copy, file.content);
    return copy;
  }

  function curl(server: string, ca: string) {
    const { host, port } = target(server);
    const authority = isIP(host) === 6 ? `[${host}]` : host;
    return run('curl', [
      '--silent',
      '--show-error',
      '--max-time',
      '10',
      '--cacert',
      ca,
      '--connect-to',
      `${authority}:${port}:127.0.0.1:${localPort}`,
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code}',
      `https://${authority}:${port}/`,
    ]);
  }

  /**
   * kubectl with a copy of the kubeconfig whose server is the local s_server, under the original
   * name (tls-server-name), and whose files are this case's.
   */
  function kubectl(kubeconfig: Json, server: string) {
    const copy = structuredClone(kubeconfig);
    for (const entry of list(copy.clusters)) {
      const cluster = record(record(entry)!.cluster)!;
      const ca = text(cluster['certificate-authority']);
      if (ca !== undefined) cluster['certificate-authority'] = local(ca) ?? ca;
      cluster['tls-server-name'] = target(server).host;
      cluster.server = `https://127.0.0.1:${localPort}`;
    }
    for (const entry of list(copy.users)) {
      const user = record(record(entry)!.user) ?? {};
      for (const field of ['client-certificate', 'client-key']) {
        const path = text(user[field]);
        if (path !== undefined) user[field] = local(path) ?? path;
      }
    }
    const file = join(scratch, `kubeconfig-${++copies}`);
    writeFileSync(file, stringify(copy), { mode: 0o600 });
    return run('kubectl', ['--kubeconfig', file, '--request-timeout=10s', 'get', '--raw', '/']);
  }

  /** Whether kubectl can read every file the kubeconfig names in this case's fresh set. */
  function kubectlCanRead(kubeconfig: Json): boolean {
    const paths = [
      ...list(kubeconfig.clusters).map((entry) =>
        text(record(record(entry)?.cluster)?.['certificate-authority']),
      ),
      ...list(kubeconfig.users).flatMap((entry) => {
        const user = record(record(entry)?.user) ?? {};
        return [text(user['client-certificate']), text(user['client-key']), text(user.tokenFile)];
      }),
    ];
    return paths.every((path) => path === undefined || local(path) !== undefined);
  }

  beforeAll(async () => {
    credentials = await writeCaseCredentials(caseName);
    scratch = mkdtempSync(join(tmpdir(), 'kube-aws-kubeconfig-'));
    localPort = await freePort();
    server = spawn(
      'openssl',
      [
        's_server',
        '-quiet',
        '-www',
        '-accept',
        `127.0.0.1:${localPort}`,
        '-cert',
        local(apiserverFlags.get('--tls-cert-file')!)!,
        '-key',
        local(apiserverFlags.get('--tls-private-key-file')!)!,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: ENV },
    );
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await listening(localPort)) return;
      if (server.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`openssl s_server did not listen on ${localPort}:\n${serverLog}`);
  }, 300_000);

  afterAll(async () => {
    if (server !== undefined && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    credentials?.remove();
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('finds a kubeconfig for every node and the user, and every kubeconfig the nodes name', () => {
    const nodes = NODES.filter((node) => node.caseName === caseName).map((node) => node.node);
    for (const node of nodes)
      expect(
        clients.some((client) => client.who.startsWith(`${node} `)),
        node,
      ).toBe(true);
    expect(clients.some((client) => client.who.startsWith("the user's kubeconfig"))).toBe(true);
    expect(unresolved).toEqual([]);
    for (const client of clients) expect(client.server, client.who).toMatch(/^https:\/\//);
  });

  it('openssl verify: every server is a name on the apiserver certificate, under the CA its client trusts', () => {
    const refused: string[] = [];
    for (const group of byServer()) {
      if (group.ca === undefined) {
        refused.push(
          `${label(group)}: trusts ${group.users[0]!.certificateAuthority}, not a credential`,
        );
        continue;
      }
      const result = verify(target(group.server).host, group.ca);
      if (result.status !== 0) refused.push(`${label(group)}: ${result.output}`);
    }
    expect(refused).toEqual([]);
  });

  // The certificate the golden nodes hold, issued by buildStack's pinned credentials at NOW.
  const tlsCertFile = apiserverFlags.get('--tls-cert-file')!;
  const goldenHolds = controller.files.some((file) => file.path === tlsCertFile);
  it.skipIf(!goldenHolds)(
    'openssl verify: the certificate in the golden cloud-configs names every server too',
    () => {
      const refused: string[] = [];
      for (const client of clients) {
        const server = client.node?.node.startsWith('controller') ? client.node : controller;
        const caPath =
          client.certificateAuthority === SERVICE_ACCOUNT_CA
            ? controllerManagerFlags.get('--root-ca-file')!
            : client.certificateAuthority.replace(/^credentials\//, '/etc/kubernetes/ssl/');
        const ca = goldenFile(client.node ?? controller, caPath);
        const certificate = goldenFile(server, tlsCertFile);
        if (ca === undefined || certificate === undefined) {
          refused.push(`${client.server} (${client.who}): ${caPath} or ${tlsCertFile} not written`);
          continue;
        }
        const result = verify(target(client.server).host, ca, certificate, NOW);
        if (result.status !== 0)
          refused.push(`${client.server} (${client.who}) on ${server.node}: ${result.output}`);
      }
      expect(refused).toEqual([]);
    },
  );

  it('curl completes the handshake under every server name', () => {
    const refused: string[] = [];
    for (const group of byServer()) {
      if (group.ca === undefined) continue;
      const result = curl(group.server, group.ca);
      if (result.status !== 0 || result.output !== '200')
        refused.push(`${label(group)}: curl exit ${result.status}: ${result.output}`);
    }
    expect(refused).toEqual([]);
  });

  it('kubectl completes the handshake with each server’s kubeconfig', () => {
    const refused: string[] = [];
    let tried = 0;
    for (const group of byServer()) {
      const client = group.users.find(
        (user) => user.kubeconfig !== undefined && kubectlCanRead(user.kubeconfig),
      );
      if (client === undefined) continue;
      tried++;
      const result = kubectl(client.kubeconfig!, group.server);
      // s_server -www answers with a page naming itself, so only a completed handshake shows it.
      if (result.status !== 0 || !result.output.includes('s_server -quiet -www'))
        refused.push(`${label(group)}: kubectl (${client.who}): ${result.output}`);
    }
    expect(tried).toBeGreaterThan(0);
    expect(refused).toEqual([]);
  });

  it('refuses names that are not on the certificate: openssl, curl and kubectl', () => {
    const ca = local('/etc/kubernetes/ssl/ca.pem')!;
    for (const [host, reason] of [
      ['127.0.0.2', /IP address mismatch/],
      ['other.example', /hostname mismatch/],
    ] as const) {
      const verified = verify(host, ca);
      expect(verified.status, host).not.toBe(0);
      expect(verified.output).toMatch(reason);
      const fetched = curl(`https://${host}:443`, ca);
      expect(fetched.status, host).toBe(60);
      expect(fetched.output).toMatch(
        /no alternative certificate subject name matches|does not match/,
      );
      const user = parse(renderKubeconfig(caseConfig(caseName))) as Json;
      const dialled = kubectl(user, `https://${host}:443`);
      expect(dialled.status, host).not.toBe(0);
      expect(dialled.output).toMatch(new RegExp(`x509: certificate is valid for .*not ${host}`));
    }
  });
});
