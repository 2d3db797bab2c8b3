/*
 * kube-proxy's command line at Kubernetes v1.36 (the cluster pins v1.36.1).
 *
 * Read:
 *   cmd/kube-proxy/app/options.go  Options.AddFlags (the copy stored in the public code index at
 *                                  c57e1156f58ee5dcdd1d06c31c372c3f5405a888, a 1.3x master with
 *                                  config.Linux.* and --hostname-override taking precedence over
 *                                  the config file; kubernetes/kubernetes is larger than the mirror
 *                                  allows, so no tag could be checked out)
 *   k8s.io/component-base at v0.36.1 (exact tag): logsapi.AddFlags, --version, --help
 * Many flags say "This parameter is ignored if a config file is specified by --config"; that is
 * not a deprecation. --hostname-override and --kubeconfig are not deprecated; with --config the
 * kubeconfig belongs in clientConnection.kubeconfig.
 *
 * To refresh: at the new tag, list every fs.*Var / MarkDeprecated in Options.AddFlags and the
 * Linux addOSFlags.
 */
import { globalFlags, loggingFlags } from './sharedFlags.js';
import type { UpstreamFlags } from './UpstreamFlags.js';

/** kube-proxy v1.36: every flag it accepts on Linux, and the deprecated ones. */
export const kubeProxyFlags: UpstreamFlags = {
  component: 'kube-proxy',
  release: 'v1.36.x (cmd/ from the code index at c57e1156, component-base at v0.36.1)',
  sources: [
    'cmd/kube-proxy/app/options.go',
    'staging/src/k8s.io/component-base/logs/api/v1/options.go',
  ],
  flags: [
    'config',
    'write-config-to',
    'cleanup',
    'feature-gates',
    'kubeconfig',
    'master',
    'kube-api-content-type',
    'kube-api-burst',
    'kube-api-qps',
    'hostname-override',
    'bind-address',
    'healthz-bind-address',
    'metrics-bind-address',
    'bind-address-hard-fail',
    'profiling',
    'show-hidden-metrics-for-version',
    'init-only',
    'proxy-mode',
    'iptables-masquerade-bit',
    'masquerade-all',
    'iptables-localhost-nodeports',
    'iptables-sync-period',
    'iptables-min-sync-period',
    'ipvs-sync-period',
    'ipvs-min-sync-period',
    'ipvs-scheduler',
    'ipvs-exclude-cidrs',
    'ipvs-strict-arp',
    'ipvs-tcp-timeout',
    'ipvs-tcpfin-timeout',
    'ipvs-udp-timeout',
    'detect-local-mode',
    'pod-bridge-interface',
    'pod-interface-name-prefix',
    'cluster-cidr',
    'nodeport-addresses',
    'oom-score-adj',
    'conntrack-max-per-core',
    'conntrack-min',
    'conntrack-tcp-timeout-established',
    'conntrack-tcp-timeout-close-wait',
    'conntrack-tcp-be-liberal',
    'conntrack-udp-timeout',
    'conntrack-udp-timeout-stream',
    'config-sync-period',
    'healthz-port',
    'metrics-port',
    'proxy-port-range',
    ...loggingFlags,
    ...globalFlags,
  ],
  deprecated: {
    'healthz-port':
      'This flag is deprecated and will be removed in a future release. Please use --healthz-bind-address instead.',
    'metrics-port':
      'This flag is deprecated and will be removed in a future release. Please use --metrics-bind-address instead.',
    'proxy-port-range': 'This flag has no effect and will be removed in a future release.',
  },
};
