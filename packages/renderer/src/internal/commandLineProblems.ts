import type { AssetProblem } from '../AssetProblem.js';
import { checkComponentFlags } from './upstream/checkComponentFlags.js';
import { kubeletRefusedLabels } from './upstream/kubeletRefusedLabels.js';
import type { UpstreamComponent } from './upstream/UpstreamFlags.js';

const COMPONENTS: readonly UpstreamComponent[] = [
  'kubelet',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'etcd',
];

/** The component a command line starts, from its program: `/opt/bin/kubelet` → kubelet. */
export function componentOf(program: string | undefined): UpstreamComponent | undefined {
  const name = program?.split('/').pop();
  return COMPONENTS.find((component) => component === name);
}

/**
 * What the pinned upstream release of a component would refuse or warn about on one of its
 * command lines: unknown and deprecated flags (each component's flags as data, read from its
 * source), and for kubelet the --node-labels it refuses to start with (kubernetes
 * cmd/kubelet/app/options/options.go, ValidateKubeletFlags). `text` is the file the command line
 * is in, to give each problem its line.
 */
export function commandLineProblems(
  file: string,
  text: string,
  component: UpstreamComponent,
  args: readonly string[],
): AssetProblem[] {
  const lineOf = (needle: string) => {
    const offset = text.indexOf(needle);
    return offset < 0 ? undefined : text.slice(0, offset).split('\n').length;
  };
  const problems: AssetProblem[] = checkComponentFlags(component, args).map((problem) => ({
    file,
    line: lineOf(`-${problem.flag}`),
    message:
      problem.problem === 'unknown'
        ? `${problem.detail}; it would not start`
        : `${component} flag --${problem.flag} is deprecated: ${problem.detail}`,
  }));
  if (component === 'kubelet') {
    const labels = args
      .filter((arg) => arg.startsWith('--node-labels='))
      .flatMap((arg) => arg.slice('--node-labels='.length).split(','));
    for (const key of kubeletRefusedLabels(labels))
      problems.push({
        file,
        line: lineOf(key),
        message: `kubelet refuses to start with the label ${key} in --node-labels (only kubelet.kubernetes.io/, node.kubernetes.io/ and a few well-known labels are its own); set it through the API once the node registers`,
      });
  }
  return problems;
}

interface ContainerSpec {
  command?: unknown;
  args?: unknown;
}

/** The command lines (command, then args) of a Pod's or a workload template's containers. */
export function containerCommandLines(object: unknown): string[][] {
  const spec = (object as { spec?: { containers?: unknown; template?: { spec?: unknown } } } | null)
    ?.spec;
  const podSpec = (spec?.template?.spec ?? spec) as
    { containers?: unknown; initContainers?: unknown } | undefined;
  const containers = [podSpec?.containers, podSpec?.initContainers].flatMap((list) =>
    Array.isArray(list) ? (list as ContainerSpec[]) : [],
  );
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return containers
    .map((container) => [...strings(container.command), ...strings(container.args)])
    .filter((line) => line.length > 0);
}

/** The problems of every container command line of one Kubernetes object. */
export function objectCommandLineProblems(
  file: string,
  text: string,
  object: unknown,
): AssetProblem[] {
  return containerCommandLines(object).flatMap((line) => {
    const component = componentOf(line[0]);
    return component === undefined ? [] : commandLineProblems(file, text, component, line.slice(1));
  });
}
