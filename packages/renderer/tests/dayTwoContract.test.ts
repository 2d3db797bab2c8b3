import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NODE_ASSETS } from '../src/index.js';
import { goldenNodes, manifestObjects } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

// What issue 12 (day 2) puts on every node, one assertion per rule, so none can go quietly
// (docs/adr/0016-rolls-and-rotation.md). The real programs judge the rest: shellcheck and
// systemd-analyze (nodeScripts, nodeUnits), kubectl against a stand-in of the API
// (approveKubeletServing, drainNode), openssl (controllerCredentials).

const NODES = goldenNodes();
const CONTROLLERS = NODES.filter((node) => node.node.startsWith('controller'));
const WORKERS = NODES.filter((node) => node.node.startsWith('worker'));
const label = (node: RenderedNode) => `${node.caseName}/${node.node}`;

function file(node: RenderedNode, path: string): string {
  const found = node.files.find((item) => item.path === path);
  if (found === undefined) throw new Error(`${label(node)} writes no ${path}`);
  return found.content;
}

/** A unit's `Key=value` lines, by key, in order. */
function unit(node: RenderedNode, name: string): Record<string, string[]> {
  const found = node.units.find((item) => item.name === name);
  if (found?.content === undefined) throw new Error(`${label(node)} has no ${name}`);
  const settings: Record<string, string[]> = {};
  for (const line of found.content.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match !== null) (settings[match[1]!] ??= []).push(match[2]!);
  }
  return settings;
}

function started(node: RenderedNode, name: string): boolean {
  return /command: start/.test(
    node.cloudConfig.slice(node.cloudConfig.indexOf(`- name: ${name}`)).split('\n')[1] ?? '',
  );
}

describe('certificate rotation on every golden node', () => {
  // kubelet rotates its client certificate through the CSR API (KubeletConfiguration
  // rotateCertificates; selfnodeclient approval is in the add-ons) and asks for a serving
  // certificate of its own names (serverTLSBootstrap), so no shared serving key exists.
  it.each(NODES.map((node) => [label(node), node]))(
    '%s: the kubelet rotates its client certificate and asks for its own serving certificate',
    (_, node) => {
      const config = parse(file(node, '/etc/kubernetes/kubelet.yaml')) as Record<string, unknown>;
      expect(config).toMatchObject({ rotateCertificates: true, serverTLSBootstrap: true });
      expect(config.tlsCertFile).toBeUndefined();
      expect(config.tlsPrivateKeyFile).toBeUndefined();
      expect(node.files.some((item) => /worker(-key)?\.pem$/.test(item.path))).toBe(false);
    },
  );

  it('workers receive no private key at all: the CA certificate and the bootstrap token only', () => {
    expect(NODE_ASSETS.worker).toEqual({
      certificates: ['ca.pem'],
      encrypted: ['bootstrap-token'],
    });
    for (const node of WORKERS)
      expect(file(node, '/opt/bin/fetch-secrets'), label(node)).toMatch(
        /^names=\(bootstrap-token\)$/m,
      );
  });

  it.each(CONTROLLERS.map((node) => [label(node), node]))(
    '%s: renews its own certificates daily when due, as well as before each kubelet start',
    (_, node) => {
      const timer = unit(node, 'controller-credentials.timer');
      expect(timer.OnCalendar).toEqual(['daily']);
      expect(timer.Persistent).toEqual(['true']);
      expect(started(node, 'controller-credentials.timer')).toBe(true);
      const service = unit(node, 'controller-credentials.service');
      expect(service.ExecStart).toEqual(['/opt/bin/controller-credentials']);
      expect(service.EnvironmentFile).toEqual(['/etc/kubernetes/node.env']);
      expect(service.After?.[0]).toMatch(/\bfetch-secrets\.service\b/);
      expect(unit(node, 'kubelet.service').ExecStartPre).toEqual([
        '/opt/bin/controller-credentials',
      ]);
      // Renewed in the last third of their life (so well before expiry, whatever the duration).
      expect(file(node, '/opt/bin/controller-credentials')).toMatch(
        /renew_before=\$\(\( \d+ \* 86400 \/ 3 \)\)/,
      );
    },
  );

  it.each(CONTROLLERS.map((node) => [label(node), node]))(
    '%s: approves kubelet serving certificates every 30 seconds, as the local admin',
    (_, node) => {
      const timer = unit(node, 'approve-kubelet-serving.timer');
      expect(timer.OnUnitInactiveSec).toEqual(['30s']);
      expect(started(node, 'approve-kubelet-serving.timer')).toBe(true);
      const service = unit(node, 'approve-kubelet-serving.service');
      expect(service.ExecStart).toEqual(['/opt/bin/approve-kubelet-serving']);
      expect(service.Restart).toEqual(['on-failure']);
      const script = file(node, '/opt/bin/approve-kubelet-serving');
      expect(script).toContain('export KUBECONFIG=/etc/kubernetes/admin.conf ');
      expect(script).toContain('kubernetes.io/kubelet-serving');
      // It approves or leaves pending: it never denies (a request may be early, not forged).
      expect(script).not.toMatch(/certificate deny/);
    },
  );

  it.each(CONTROLLERS.map((node) => [label(node), node]))(
    '%s: the API server checks kubelets against the CA that signs their serving certificates',
    (_, node) => {
      const command = (name: string) =>
        (
          manifestObjects(node).find(
            (item) => item.path === `/etc/kubernetes/manifests/${name}.yaml`,
          )!.object as { spec: { containers: { command: string[] }[] } }
        ).spec.containers[0]!.command;
      expect(command('kube-apiserver')).toContain(
        '--kubelet-certificate-authority=/etc/kubernetes/ssl/ca-trust.pem',
      );
      expect(command('kube-controller-manager')).toContain(
        '--cluster-signing-cert-file=/etc/kubernetes/ssl/ca.pem',
      );
    },
  );

  // Trust and signing are apart, so a CA rotation can be staged (docs/operations.md): every
  // verifier reads <ca>-trust.pem, which is the CA alone while no rotation is staged; only what
  // signs reads <ca>.pem.
  it.each(NODES.map((node) => [label(node), node]))(
    '%s: verifies with the trust bundles, which hold the CAs alone, and signs with the CA alone',
    (_, node) => {
      const cas = node.node.startsWith('controller') ? ['ca', 'etcd-ca', 'front-proxy-ca'] : ['ca'];
      for (const ca of cas)
        expect(file(node, `/etc/kubernetes/ssl/${ca}-trust.pem`), ca).toBe(
          file(node, `/etc/kubernetes/ssl/${ca}.pem`),
        );
      const text = node.cloudConfig;
      // Every mention of a CA file that is not its trust bundle is a signer or the renewal check.
      const single = [...text.matchAll(/[^\s=:]*\/ssl\/(ca|etcd-ca|front-proxy-ca)\.pem/g)].map(
        (match) =>
          text
            .slice(text.lastIndexOf('\n', match.index) + 1, text.indexOf('\n', match.index))
            .trim(),
      );
      for (const line of single)
        expect(line).toMatch(
          /^- --cluster-signing-cert-file=|^- path: \/etc\/kubernetes\/ssl\/(ca|etcd-ca|front-proxy-ca)\.pem$/,
        );
      expect(text).toMatch(
        /--client-ca-file=\/etc\/kubernetes\/ssl\/ca-trust\.pem|clientCAFile: \/etc\/kubernetes\/ssl\/ca-trust\.pem/,
      );
    },
  );
});

describe('drains and signals on every golden node', () => {
  it.each(CONTROLLERS.map((node) => [label(node), node]))(
    '%s: drains itself before it shuts down, and uncordons itself when it is back',
    (_, node) => {
      const drain = unit(node, 'drain-on-shutdown.service');
      expect(drain.ExecStop).toEqual(['/opt/bin/drain-node']);
      expect(drain.RemainAfterExit).toEqual(['true']);
      // Stopped before the kubelet and the network at shutdown: after them at start.
      expect(drain.After?.[0]).toMatch(/\bkubelet\.service\b.*\bnetwork-online\.target\b/);
      // Not Requires=kubelet.service: a kubelet restart must not drain the node.
      expect(drain.Requires).toBeUndefined();
      const seconds = Number(/--timeout=(\d+)s/.exec(file(node, '/opt/bin/drain-node'))![1]);
      expect(Number(drain.TimeoutStopSec![0])).toBeGreaterThan(seconds);
      expect(started(node, 'drain-on-shutdown.service')).toBe(true);
      const addons = file(node, '/opt/bin/install-addons');
      expect(addons.indexOf('kubectl uncordon "$NODE_NAME"')).toBeGreaterThan(
        addons.indexOf('kubectl label node'),
      );
    },
  );

  it.each(WORKERS.map((node) => [label(node), node]))(
    '%s: signals Ready once its Node is, and drains itself when its group terminates it',
    (_, node) => {
      const signal = unit(node, 'signal-ready.service');
      expect(signal.ExecStart).toEqual(['/opt/bin/signal-ready']);
      expect(signal.After?.[0]).toMatch(/\bkubelet\.service\b/);
      const script = file(node, '/opt/bin/signal-ready');
      expect(script).toContain('{.status.conditions[?(@.type=="Ready")].status}');
      expect(script.indexOf('[ "$ready" = yes ] || {')).toBeLessThan(
        script.indexOf('signal-resource'),
      );
      const drain = unit(node, 'drain-on-termination.service');
      expect(drain.ExecStart).toEqual(['/opt/bin/drain-on-termination']);
      // A kubelet restart (Restart=always) must stop neither the wait for Ready nor the watch for
      // termination: Requires= would stop them with it, for good.
      for (const settings of [signal, drain]) {
        expect(settings.Wants).toEqual(['kubelet.service']);
        expect(settings.Requires).toEqual(['docker.service']);
      }
      const termination = file(node, '/opt/bin/drain-on-termination');
      expect(termination).toContain('imds autoscaling/target-lifecycle-state');
      expect(termination.indexOf('drain-node')).toBeLessThan(
        termination.indexOf('complete-lifecycle-action'),
      );
      // kubectl is there for both.
      expect(file(node, '/opt/bin/install-kubernetes')).toMatch(/for bin in kubelet kubectl; do/);
      expect(file(node, '/opt/bin/drain-node')).toContain(
        'export KUBECONFIG=/etc/kubernetes/kubelet.conf ',
      );
    },
  );

  // kubectl drain reads the DaemonSet of each DaemonSet pod (kubectl pkg/drain/filters.go); the
  // Node authorizer lets a node read pods, patch its Node and evict its own pods, not that.
  it.each(CONTROLLERS.map((node) => [label(node), node]))(
    '%s: the add-ons let nodes read DaemonSets, and nothing more',
    (_, node) => {
      const objects = manifestObjects(node).map((item) => item.object as Record<string, unknown>);
      const role = objects.find(
        (item) =>
          item.kind === 'ClusterRole' &&
          (item.metadata as { name: string }).name === 'kube-aws:node-drain',
      )!;
      expect(role.rules).toEqual([
        { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
      ]);
      const binding = objects.find(
        (item) =>
          item.kind === 'ClusterRoleBinding' &&
          (item.metadata as { name: string }).name === 'kube-aws:node-drain',
      )!;
      expect(binding.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:nodes' },
      ]);
    },
  );
});
