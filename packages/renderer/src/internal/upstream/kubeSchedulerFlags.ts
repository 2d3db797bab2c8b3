/*
 * kube-scheduler's command line at Kubernetes v1.36 (the cluster pins v1.36.1).
 *
 * Read:
 *   cmd/kube-scheduler/app/options/options.go     Options.Flags ("misc": config, write-config-to,
 *                                                 master; secure serving; authn/authz delegation;
 *                                                 leader election; metrics; logs; feature gates)
 *   cmd/kube-scheduler/app/options/deprecated.go  DeprecatedOptions.AddFlags: every flag there
 *                                                 has help text starting "DEPRECATED:" and is
 *                                                 ignored when --config is given; its setting
 *                                                 belongs in KubeSchedulerConfiguration
 *   k8s.io/apiserver and k8s.io/component-base at v0.36.1 (exact tags), see sharedFlags.ts
 * The cmd/ files come from the public code index (kubernetes/kubernetes is larger than the mirror
 * allows). --lock-object-name/--lock-object-namespace (1.27) and the policy flags (1.23) are gone.
 *
 * To refresh: at the new tag, list every fs.*Var in Options.Flags and DeprecatedOptions.AddFlags.
 */
import {
  componentGlobalsFlags,
  delegatingAuthFlags,
  globalFlags,
  leaderElectionFlags,
  loggingFlags,
  metricsFlags,
  secureServingFlags,
} from './sharedFlags.js';
import type { UpstreamFlags } from './UpstreamFlags.js';

/** deprecated.go: each flag and the KubeSchedulerConfiguration field to set instead. */
const deprecatedFields: Record<string, string> = {
  kubeconfig: 'clientConnection.kubeconfig',
  'kube-api-content-type': 'clientConnection.contentType',
  'kube-api-qps': 'clientConnection.qps',
  'kube-api-burst': 'clientConnection.burst',
  profiling: 'enableProfiling',
  'contention-profiling': 'enableContentionProfiling',
};

/** kube-scheduler v1.36: every flag it accepts, and the deprecated ones. */
export const kubeSchedulerFlags: UpstreamFlags = {
  component: 'kube-scheduler',
  release: 'v1.36.x (cmd/ from the code index, staging at v0.36.1)',
  sources: [
    'cmd/kube-scheduler/app/options/options.go',
    'cmd/kube-scheduler/app/options/deprecated.go',
    'staging/src/k8s.io/apiserver/pkg/server/options/{serving,authentication,authorization}.go',
    'staging/src/k8s.io/component-base/{logs,metrics,compatibility,config/options}',
  ],
  flags: [
    'config',
    'write-config-to',
    'master',
    ...Object.keys(deprecatedFields),
    ...secureServingFlags,
    ...delegatingAuthFlags,
    ...leaderElectionFlags,
    ...metricsFlags,
    ...loggingFlags,
    ...componentGlobalsFlags,
    ...globalFlags,
  ],
  deprecated: Object.fromEntries(
    Object.entries(deprecatedFields).map(([flag, field]) => [
      flag,
      `help text says "DEPRECATED" and the flag is ignored with --config; set ${field} in the KubeSchedulerConfiguration file given by --config`,
    ]),
  ),
};
