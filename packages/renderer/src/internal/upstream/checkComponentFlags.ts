import { etcdFlags } from './etcdFlags.js';
import { kubeApiserverFlags } from './kubeApiserverFlags.js';
import { kubeControllerManagerFlags } from './kubeControllerManagerFlags.js';
import { kubeletFlags } from './kubeletFlags.js';
import { kubeProxyFlags } from './kubeProxyFlags.js';
import { kubeSchedulerFlags } from './kubeSchedulerFlags.js';
import type { UpstreamComponent, UpstreamFlags } from './UpstreamFlags.js';

/** One flag on a rendered command line that upstream does not accept, or accepts but deprecates. */
export interface ComponentFlagProblem {
  /** The flag as upstream names it, without dashes: `apiserver-count`. */
  readonly flag: string;
  readonly problem: 'unknown' | 'deprecated';
  /** Upstream's deprecation message, or which release has no such flag. */
  readonly detail: string;
}

const upstreamFlags: Readonly<Record<UpstreamComponent, UpstreamFlags>> = {
  kubelet: kubeletFlags,
  'kube-apiserver': kubeApiserverFlags,
  'kube-controller-manager': kubeControllerManagerFlags,
  'kube-scheduler': kubeSchedulerFlags,
  'kube-proxy': kubeProxyFlags,
  etcd: etcdFlags,
};

/** pflag shorthands the Kubernetes components register: -v (logs) and -h (globalflag). */
const shorthands: Readonly<Record<string, string>> = { v: 'v', h: 'help' };

/**
 * The flag names on a command line, in order. Kubernetes components parse with pflag, which takes
 * `--name=value`, `--name value` and a boolean `--name`, and normalises `_` to `-`
 * (component-base cli/flag WordSepNormalizeFunc); a single dash is a shorthand. etcd parses with
 * Go's flag package, where `-name` and `--name` are the same flag. Parsing stops at `--`. A token
 * that is not a flag (a value, or the program name) is skipped.
 */
function flagNames(component: UpstreamComponent, args: readonly string[]): string[] {
  const names: string[] = [];
  for (const arg of args) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const long = arg.startsWith('--');
    const body = arg.slice(long ? 2 : 1);
    const equals = body.indexOf('=');
    const name = equals < 0 ? body : body.slice(0, equals);
    if (name === '') continue;
    if (component === 'etcd') {
      names.push(name);
    } else if (long) {
      names.push(name.replaceAll('_', '-'));
    } else {
      // pflag reads -abc as the shorthands a, b and c; only the first can take a value.
      names.push(shorthands[name[0] ?? ''] ?? `-${name[0] ?? ''}`);
    }
  }
  return names;
}

/**
 * Checks a component's command-line arguments against the flags its pinned upstream release
 * accepts, and reports each flag that release does not know or marks deprecated, once.
 */
export function checkComponentFlags(
  component: UpstreamComponent,
  args: readonly string[],
): ComponentFlagProblem[] {
  const upstream = upstreamFlags[component];
  const known = new Set(upstream.flags);
  const problems: ComponentFlagProblem[] = [];
  const seen = new Set<string>();
  for (const flag of flagNames(component, args)) {
    if (seen.has(flag)) continue;
    seen.add(flag);
    const deprecated = upstream.deprecated[flag];
    if (!known.has(flag)) {
      problems.push({
        flag,
        problem: 'unknown',
        detail: flag.startsWith('-')
          ? `${component} ${upstream.release} has no shorthand ${flag}`
          : `${component} ${upstream.release} has no flag --${flag}`,
      });
    } else if (deprecated !== undefined) {
      problems.push({ flag, problem: 'deprecated', detail: deprecated });
    }
  }
  return problems;
}
