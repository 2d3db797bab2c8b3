import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkComponentFlags } from '../src/internal/upstream/checkComponentFlags.js';
import { etcdFlags } from '../src/internal/upstream/etcdFlags.js';
import { kubeApiserverFlags } from '../src/internal/upstream/kubeApiserverFlags.js';
import { kubeControllerManagerFlags } from '../src/internal/upstream/kubeControllerManagerFlags.js';
import {
  kubeletConfigurationDeprecatedFields,
  kubeletConfigurationFields,
  kubeletConfigurationNestedFields,
} from '../src/internal/upstream/kubeletConfigurationFields.js';
import { kubeletFlags } from '../src/internal/upstream/kubeletFlags.js';
import { kubeletRefusedLabels } from '../src/internal/upstream/kubeletRefusedLabels.js';
import { kubeProxyFlags } from '../src/internal/upstream/kubeProxyFlags.js';
import { kubeSchedulerFlags } from '../src/internal/upstream/kubeSchedulerFlags.js';
import type { UpstreamComponent } from '../src/internal/upstream/UpstreamFlags.js';
import { goldenNodes, manifestObjects } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

describe(kubeletRefusedLabels, () => {
  // cmd/kubelet/app/options/options.go ValidateKubeletFlags with k8s.io/kubelet
  // pkg/apis/well_known_labels.go IsKubeletLabel (v1.36): kubelet refuses to start.
  it('refuses node-role.kubernetes.io labels in --node-labels', () => {
    expect(kubeletRefusedLabels(['node-role.kubernetes.io/control-plane='])).toEqual([
      'node-role.kubernetes.io/control-plane',
    ]);
  });

  it('refuses other keys in kubernetes.io and k8s.io namespaces and their subdomains', () => {
    expect(
      kubeletRefusedLabels([
        'kubernetes.io/role=master',
        'example.k8s.io/x=1',
        'k8s.io/y',
        'node.kubernetes.io.evil.kubernetes.io/z=1',
      ]),
    ).toEqual([
      'kubernetes.io/role',
      'example.k8s.io/x',
      'k8s.io/y',
      'node.kubernetes.io.evil.kubernetes.io/z',
    ]);
  });

  it('allows the kubelet label set, its namespaces and subdomains, and other domains', () => {
    expect(
      kubeletRefusedLabels([
        'kube-aws.coreos.com/pool=x',
        'node.kubernetes.io/foo',
        'node.kubernetes.io/instance-type=m5.large',
        'sub.node.kubernetes.io/bar=1',
        'kubelet.kubernetes.io/baz=1',
        'kubernetes.io/hostname=a',
        'topology.kubernetes.io/zone=eu-west-1a',
        'beta.kubernetes.io/arch=amd64',
        'plain=1',
        'notkubernetes.io/x=1',
      ]),
    ).toEqual([]);
  });

  it('reports each refused key once', () => {
    expect(kubeletRefusedLabels(['k8s.io/a=1', 'k8s.io/a=2'])).toEqual(['k8s.io/a']);
  });

  // node-role.kubernetes.io/control-plane is set through the API (kubectl label, or the Node
  // object), which NodeRestriction allows an administrator; only the kubelet's own flag is refused.
  it('does not concern labels set through the API', () => {
    expect(kubeletRefusedLabels([])).toEqual([]);
  });
});

describe(checkComponentFlags, () => {
  it('accepts --name=value, --name value and a boolean --name', () => {
    expect(
      checkComponentFlags('kube-apiserver', [
        '--secure-port=443',
        '--etcd-servers',
        'https://10.0.0.1:2379',
        '--anonymous-auth',
        '--v=2',
      ]),
    ).toEqual([]);
  });

  it('reports an unknown flag, whichever way it is spelt', () => {
    expect(checkComponentFlags('kube-apiserver', ['--no-such-flag=1', '--other', 'x'])).toEqual([
      expect.objectContaining({ flag: 'no-such-flag', problem: 'unknown' }),
      expect.objectContaining({ flag: 'other', problem: 'unknown' }),
    ]);
  });

  it('reports a deprecated flag with upstream’s reason', () => {
    expect(checkComponentFlags('kube-apiserver', ['--apiserver-count=3'])).toEqual([
      {
        flag: 'apiserver-count',
        problem: 'deprecated',
        detail: expect.stringContaining('apiserver-count is deprecated') as unknown,
      },
    ]);
  });

  it('treats kubelet flags that belong in KubeletConfiguration as deprecated', () => {
    expect(
      checkComponentFlags('kubelet', [
        '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
        '--register-with-taints=node-role.kubernetes.io/control-plane=:NoSchedule',
        '--v=2',
        '--config=/etc/kubernetes/kubelet.yaml',
      ]),
    ).toEqual([
      expect.objectContaining({
        flag: 'container-runtime-endpoint',
        problem: 'deprecated',
        detail: expect.stringContaining('containerRuntimeEndpoint') as unknown,
      }),
      expect.objectContaining({
        flag: 'register-with-taints',
        problem: 'deprecated',
        detail: expect.stringContaining('registerWithTaints') as unknown,
      }),
    ]);
  });

  it('reports a flag once however often it is given', () => {
    expect(checkComponentFlags('kubelet', ['--bogus', '--bogus=1'])).toHaveLength(1);
  });

  it('normalises underscores as pflag does, and reads shorthands', () => {
    expect(checkComponentFlags('kube-scheduler', ['--leader_elect=true', '-v', '2'])).toEqual([]);
    expect(checkComponentFlags('kube-scheduler', ['-q'])).toEqual([
      expect.objectContaining({ flag: '-q', problem: 'unknown' }),
    ]);
  });

  it('reads etcd flags with one dash or two, and stops at --', () => {
    expect(checkComponentFlags('etcd', ['-name=a', '--data-dir', '/var/lib/etcd'])).toEqual([]);
    expect(checkComponentFlags('etcd', ['--snapshot-count=1'])).toEqual([
      expect.objectContaining({ flag: 'snapshot-count', problem: 'deprecated' }),
    ]);
    expect(checkComponentFlags('kubelet', ['--', '--bogus'])).toEqual([]);
  });

  it('skips the program name and other non-flag words', () => {
    expect(checkComponentFlags('kube-proxy', ['kube-proxy', '--config=/c.conf'])).toEqual([]);
  });
});

describe('upstream flag data', () => {
  const all = [
    kubeletFlags,
    kubeApiserverFlags,
    kubeControllerManagerFlags,
    kubeSchedulerFlags,
    kubeProxyFlags,
    etcdFlags,
  ];

  it.each(all.map((data) => [data.component, data] as const))(
    '%s: every deprecated flag is a flag, and names are bare',
    (_, data) => {
      const flags = new Set(data.flags);
      expect(Object.keys(data.deprecated).filter((flag) => !flags.has(flag))).toEqual([]);
      expect(data.flags.filter((flag) => !/^[a-z0-9][a-z0-9-]*$/.test(flag))).toEqual([]);
      expect(data.sources.length).toBeGreaterThan(0);
    },
  );

  // The answers the template fixes rest on (kube-aws renders these flags).
  it('keeps the flags kube-aws relies on real and undeprecated', () => {
    expect(
      checkComponentFlags('kubelet', [
        '--config=/c',
        '--kubeconfig=/k',
        '--bootstrap-kubeconfig=/b',
        '--hostname-override=n',
        '--node-ip=10.0.0.1',
        '--cloud-provider=external',
        '--node-labels=a=b',
      ]),
    ).toEqual([]);
    expect(
      checkComponentFlags('kube-apiserver', [
        '--kubelet-certificate-authority=/ca',
        '--encryption-provider-config=/e',
        '--audit-policy-file=/p',
        '--audit-log-path=/l',
        '--audit-log-maxage=30',
        '--audit-log-maxbackup=10',
        '--audit-log-maxsize=100',
      ]),
    ).toEqual([]);
    expect(
      checkComponentFlags('kube-proxy', [
        '--config=/c',
        '--hostname-override=n',
        '--kubeconfig=/k',
      ]),
    ).toEqual([]);
  });
});

// ---- The contract over every rendered node of every golden case ----------------------------

/** A systemd unit's lines with backslash continuations joined (systemd.syntax). */
function unitLines(content: string): string[] {
  return content.replace(/\\\n/g, ' ').split('\n');
}

/** Splits a systemd command line into words, honouring '…' and "…" (systemd.service "COMMAND LINES"). */
function splitWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** KEY=VALUE lines of an environment file (systemd.exec EnvironmentFile=). */
function environmentFrom(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    env.set(
      line.slice(0, equals).trim(),
      line
        .slice(equals + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return env;
}

interface CloudConfigUnits {
  coreos?: { units?: { name: string; drop_ins?: { name: string; content?: string }[] }[] };
}

/**
 * The kubelet's arguments as systemd runs them: kubelet.service, then its drop-ins (from the
 * cloud-config's drop_ins and from files under /etc/systemd/system/kubelet.service.d/), where an
 * empty ExecStart= resets it; $VAR and ${VAR} are expanded from Environment= and from
 * EnvironmentFile= files the cloud-config writes. A variable only known at boot stays as it is.
 */
function kubeletArgs(node: RenderedNode): string[] | undefined {
  const unit = node.units.find((candidate) => candidate.name === 'kubelet.service');
  if (unit?.content === undefined) return undefined;
  const document = parse(node.cloudConfig) as CloudConfigUnits;
  const dropIns = [
    ...(document.coreos?.units?.find((candidate) => candidate.name === 'kubelet.service')
      ?.drop_ins ?? []),
    ...node.files
      .filter((file) =>
        /^\/etc\/systemd\/system\/kubelet\.service\.d\/[^/]+\.conf$/.test(file.path),
      )
      .map((file) => ({ name: file.path, content: file.content })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  let execStart = '';
  const env = new Map<string, string>();
  for (const content of [unit.content, ...dropIns.map((dropIn) => dropIn.content ?? '')]) {
    for (const line of unitLines(content)) {
      const [key, ...rest] = line.split('=');
      const value = rest.join('=').trim();
      if (key?.trim() === 'ExecStart') execStart = value;
      if (key?.trim() === 'Environment')
        for (const word of splitWords(value)) {
          const equals = word.indexOf('=');
          if (equals > 0) env.set(word.slice(0, equals), word.slice(equals + 1));
        }
      if (key?.trim() === 'EnvironmentFile') {
        const file = node.files.find((candidate) => candidate.path === value.replace(/^-/, ''));
        if (file !== undefined)
          for (const [name, text] of environmentFrom(file.content)) env.set(name, text);
      }
    }
  }
  const words = splitWords(execStart).flatMap((word) => {
    const whole = /^\$(\w+)$/.exec(word);
    if (whole?.[1] !== undefined && env.has(whole[1])) return splitWords(env.get(whole[1]) ?? '');
    return [word.replace(/\$\{(\w+)\}/g, (text, name: string) => env.get(name) ?? text)];
  });
  return words.slice(1);
}

interface Container {
  name?: string;
  command?: string[];
  args?: string[];
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}
interface KubeObject {
  kind?: string;
  metadata?: { name?: string };
  spec?: PodSpec & { template?: { spec?: PodSpec } };
}

const binaryName = (command: readonly string[] | undefined): string =>
  (command?.[0] ?? '').split('/').pop() ?? '';

/** A container's arguments after the program name (command without its first word, then args). */
const containerArgs = (container: Container): string[] => [
  ...(container.command ?? []).slice(1),
  ...(container.args ?? []),
];

const staticPodComponents = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

interface CommandLine {
  component: UpstreamComponent;
  where: string;
  args: string[];
}

/** Every upstream command line a node gives: kubelet, static pods, the kube-proxy DaemonSet. */
function commandLines(node: RenderedNode): CommandLine[] {
  const lines: CommandLine[] = [];
  const kubelet = kubeletArgs(node);
  if (kubelet !== undefined)
    lines.push({ component: 'kubelet', where: 'kubelet.service', args: kubelet });
  for (const { path, object } of manifestObjects(node)) {
    const manifest = object as KubeObject;
    // etcd's manifest waits in member-manifests until /opt/bin/etcd-member copies it over.
    if (/^\/etc\/kubernetes\/(member-)?manifests\//.test(path) && manifest.kind === 'Pod') {
      for (const container of [
        ...(manifest.spec?.initContainers ?? []),
        ...(manifest.spec?.containers ?? []),
      ]) {
        const component = [binaryName(container.command), container.name].find(
          (name) => name !== undefined && staticPodComponents.includes(name),
        );
        if (component !== undefined)
          lines.push({
            component: component as UpstreamComponent,
            where: path,
            args: containerArgs(container),
          });
      }
    }
    if (path.startsWith('/srv/kubernetes/manifests/') && manifest.kind === 'DaemonSet') {
      for (const container of manifest.spec?.template?.spec?.containers ?? []) {
        if (binaryName(container.command) === 'kube-proxy' || container.name === 'kube-proxy')
          lines.push({ component: 'kube-proxy', where: path, args: containerArgs(container) });
      }
    }
  }
  return lines;
}

/** The values given to --name (as --name=value or --name value). */
function flagValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
    else if (arg === `--${name}` && args[index + 1] !== undefined)
      values.push(args[index + 1] ?? '');
  });
  return values;
}

/** Field paths of a KubeletConfiguration document that v1beta1 does not define, or deprecates. */
function kubeletConfigurationProblems(document: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const known = new Set(kubeletConfigurationFields);
  for (const [key, value] of Object.entries(document)) {
    if (!known.has(key)) problems.push(`${key}: not a KubeletConfiguration (v1beta1) field`);
    const reason = kubeletConfigurationDeprecatedFields[key];
    if (reason !== undefined) problems.push(`${key}: ${reason}`);
    const walk = (path: string, object: unknown): void => {
      const fields = kubeletConfigurationNestedFields[path];
      if (fields === undefined || object === null || typeof object !== 'object') return;
      for (const [child, inner] of Object.entries(object)) {
        if (!fields.includes(child)) problems.push(`${path}.${child}: not a field of ${path}`);
        walk(`${path}.${child}`, inner);
      }
    };
    walk(key, value);
  }
  return problems;
}

const nodes = goldenNodes();

describe.each(nodes.map((node) => [`${node.caseName}/${node.node}`, node] as const))(
  'rendered node %s gives upstream only real, undeprecated settings',
  (_, node) => {
    const lines = commandLines(node);

    it('runs a kubelet whose command line can be read', () => {
      expect(lines.filter((line) => line.component === 'kubelet')).toHaveLength(1);
    });

    // Each component's flags were read from its source at the pinned release: kubelet
    // cmd/kubelet/app/options/options.go (AddKubeletConfigFlags deprecates every config-file
    // field as a flag), kube-apiserver cmd/kube-apiserver/app/options/options.go and
    // k8s.io/apiserver pkg/server/options, kube-controller-manager
    // cmd/kube-controller-manager/app/options, kube-scheduler cmd/kube-scheduler/app/options
    // (deprecated.go), kube-proxy cmd/kube-proxy/app/options.go, etcd server/embed/config.go and
    // server/etcdmain/config.go at v3.6.5. An unknown flag stops the binary; a deprecated one
    // goes away in a later release.
    it.each(lines.map((line) => [line.component, line.where, line] as const))(
      '%s (%s) has no unknown or deprecated flag',
      (component, where, line) => {
        expect(checkComponentFlags(component, line.args), `${component} in ${where}`).toEqual([]);
      },
    );

    // cmd/kubelet/app/options/options.go ValidateKubeletFlags with k8s.io/kubelet
    // pkg/apis/well_known_labels.go (v1.36): kubelet will not start with these labels.
    it('gives kubelet no --node-labels it refuses', () => {
      const labels = lines
        .filter((line) => line.component === 'kubelet')
        .flatMap((line) => flagValues(line.args, 'node-labels'))
        .flatMap((value) => value.split(','));
      expect(kubeletRefusedLabels(labels)).toEqual([]);
    });

    // k8s.io/kubelet config/v1beta1/types.go (v0.36.1): the file given by --config is strict
    // KubeletConfiguration; an unknown field fails decoding, a deprecated one has no effect.
    it('writes only KubeletConfiguration fields kubelet knows', () => {
      const kubelet = lines.find((line) => line.component === 'kubelet');
      const paths = flagValues(kubelet?.args ?? [], 'config');
      for (const path of paths) {
        const file = node.files.find((candidate) => candidate.path === path);
        expect(
          file,
          `${path}, given to kubelet --config, is written by the cloud-config`,
        ).toBeDefined();
        const document = parse(file?.content ?? '') as Record<string, unknown>;
        expect(document.apiVersion).toBe('kubelet.config.k8s.io/v1beta1');
        expect(document.kind).toBe('KubeletConfiguration');
        expect(kubeletConfigurationProblems(document), path).toEqual([]);
      }
    });
  },
);

describe('the rendered nodes', () => {
  // Guards the contract above against finding nothing to check.
  it('give every checked component somewhere', () => {
    const seen = new Set(nodes.flatMap((node) => commandLines(node).map((line) => line.component)));
    expect([...seen].sort()).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-proxy',
      'kube-scheduler',
      'kubelet',
    ]);
  });
});
