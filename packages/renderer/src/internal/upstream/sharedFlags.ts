/*
 * Flag sets that several Kubernetes components register from the same staging package, read at
 * tag v0.36.1 of each staging repository (the tag published with Kubernetes v1.36.1; the
 * kubernetes-1.36.1 tags point at the same commits):
 *
 *   k8s.io/component-base  logs/api/v1/options.go (addFlags), logs/logs.go, logs/klogflags/klogflags.go,
 *                          cli/globalflag/globalflags.go, version/verflag/verflag.go,
 *                          compatibility/registry.go (AddFlags), featuregate/feature_gate.go,
 *                          metrics/options.go, config/options/leaderelectionconfig.go
 *   k8s.io/apiserver       pkg/server/options/{serving,authentication,authorization,server_run_options,
 *                          etcd,audit,feature,admission,api_enablement,egress_selector,tracing,coreapi}.go
 *   k8s.io/controller-manager  options/{generic,debugging}.go, pkg/leadermigration/options/options.go
 *   k8s.io/cloud-provider  options/{cloudprovider,kubecloudshared,servicecontroller}.go
 *
 * To refresh: check out the new v0.X.Y tag of each repository and list every pflag registration
 * (fs.*Var, fs.Var, fs.*P) in those files, with every fs.MarkDeprecated; audit and batch flags are
 * built with fmt.Sprintf("audit-%s-…", plugin) for the plugins "log" and "webhook".
 */

/** component-base logs/api/v1 addFlags: the logging flags every component registers. */
export const loggingFlags = [
  'logging-format',
  'log-flush-frequency',
  'v',
  'vmodule',
  'log-text-split-stream',
  'log-text-info-buffer-size',
  'log-json-split-stream',
  'log-json-info-buffer-size',
] as const;

/** cli/globalflag AddGlobalFlags (`--help`) and version/verflag (`--version`). */
export const globalFlags = ['help', 'version'] as const;

/** compatibility/registry.go AddFlags: the feature gates and emulated versions of a component. */
export const componentGlobalsFlags = [
  'feature-gates',
  'emulated-version',
  'min-compatibility-version',
] as const;

/** metrics/options.go AddFlags. */
export const metricsFlags = [
  'show-hidden-metrics-for-version',
  'disabled-metrics',
  'allow-metric-labels',
  'allow-metric-labels-manifest',
] as const;

/** config/options/leaderelectionconfig.go BindLeaderElectionFlags. */
export const leaderElectionFlags = [
  'leader-elect',
  'leader-elect-lease-duration',
  'leader-elect-renew-deadline',
  'leader-elect-retry-period',
  'leader-elect-resource-lock',
  'leader-elect-resource-name',
  'leader-elect-resource-namespace',
] as const;

/** apiserver pkg/server/options/serving.go SecureServingOptions.AddFlags. */
export const secureServingFlags = [
  'bind-address',
  'secure-port',
  'disable-http2-serving',
  'cert-dir',
  'tls-cert-file',
  'tls-private-key-file',
  'tls-cipher-suites',
  'tls-curve-preferences',
  'tls-min-version',
  'tls-sni-cert-key',
  'http2-max-streams-per-connection',
  'permit-port-sharing',
  'permit-address-sharing',
] as const;

/** apiserver pkg/server/options/authentication.go: client certificates and the request header. */
export const requestHeaderFlags = [
  'client-ca-file',
  'requestheader-username-headers',
  'requestheader-uid-headers',
  'requestheader-group-headers',
  'requestheader-extra-headers-prefix',
  'requestheader-client-ca-file',
  'requestheader-allowed-names',
] as const;

/**
 * apiserver DelegatingAuthenticationOptions and DelegatingAuthorizationOptions: what the
 * controller manager and the scheduler use to check callers against the API server.
 */
export const delegatingAuthFlags = [
  ...requestHeaderFlags,
  'authentication-kubeconfig',
  'authentication-token-webhook-cache-ttl',
  'authentication-skip-lookup',
  'authentication-tolerate-lookup-failure',
  'authorization-kubeconfig',
  'authorization-webhook-cache-authorized-ttl',
  'authorization-webhook-cache-unauthorized-ttl',
  'authorization-always-allow-paths',
] as const;

/** apiserver server_run_options.go AddUniversalFlags. */
export const serverRunFlags = [
  'advertise-address',
  'cors-allowed-origins',
  'strict-transport-security-directives',
  'external-hostname',
  'max-requests-inflight',
  'max-mutating-requests-inflight',
  'request-timeout',
  'goaway-chance',
  'livez-grace-period',
  'min-request-timeout',
  'storage-initialization-timeout',
  'shutdown-delay-duration',
  'shutdown-send-retry-after',
  'shutdown-watch-termination-grace-period',
  'emulation-forward-compatible',
  'runtime-config-emulation-forward-compatible',
] as const;

/** apiserver etcd.go EtcdOptions.AddFlags. */
export const etcdStorageFlags = [
  'etcd-servers-overrides',
  'storage-media-type',
  'delete-collection-workers',
  'enable-garbage-collector',
  'watch-cache',
  'default-watch-cache-size',
  'watch-cache-sizes',
  'storage-backend',
  'etcd-servers',
  'etcd-prefix',
  'etcd-keyfile',
  'etcd-certfile',
  'etcd-cafile',
  'encryption-provider-config',
  'encryption-provider-config-automatic-reload',
  'etcd-compaction-interval',
  'etcd-count-metric-poll-period',
  'etcd-db-metric-poll-interval',
  'etcd-healthcheck-timeout',
  'etcd-readycheck-timeout',
  'lease-reuse-duration-seconds',
] as const;

const auditBackendFlags = (plugin: 'log' | 'webhook'): string[] => [
  `audit-${plugin}-mode`,
  `audit-${plugin}-batch-buffer-size`,
  `audit-${plugin}-batch-max-size`,
  `audit-${plugin}-batch-max-wait`,
  `audit-${plugin}-batch-throttle-enable`,
  `audit-${plugin}-batch-throttle-qps`,
  `audit-${plugin}-batch-throttle-burst`,
  `audit-${plugin}-truncate-enabled`,
  `audit-${plugin}-truncate-max-batch-size`,
  `audit-${plugin}-truncate-max-event-size`,
];

/** apiserver audit.go AuditOptions.AddFlags, with the batch and truncate flags of both backends. */
export const auditFlags: readonly string[] = [
  'audit-policy-file',
  'audit-log-path',
  'audit-log-maxage',
  'audit-log-maxbackup',
  'audit-log-maxsize',
  'audit-log-format',
  'audit-log-version',
  'audit-log-compress',
  ...auditBackendFlags('log'),
  'audit-webhook-config-file',
  'audit-webhook-initial-backoff',
  'audit-webhook-batch-initial-backoff',
  'audit-webhook-version',
  ...auditBackendFlags('webhook'),
];

/** apiserver feature.go, admission.go, api_enablement.go, egress_selector.go, tracing.go. */
export const apiserverMiscFlags = [
  'profiling',
  'contention-profiling',
  'debug-socket-path',
  'enable-priority-and-fairness',
  'enable-admission-plugins',
  'disable-admission-plugins',
  'admission-control-config-file',
  'runtime-config',
  'egress-selector-config-file',
  'tracing-config-file',
] as const;

/** Deprecations in the shared apiserver flag sets (fs.MarkDeprecated, v0.36.1). */
export const apiserverSharedDeprecated: Readonly<Record<string, string>> = {
  'audit-webhook-batch-initial-backoff': 'Deprecated, use --audit-webhook-initial-backoff instead.',
  'default-watch-cache-size':
    'watch caches are sized automatically and this flag will be removed in a future version',
};

/**
 * controller-manager options/generic.go, debugging.go and leadermigration: the flags every
 * controller manager shares (the leader election flags are bound in generic.go too).
 */
export const genericControllerManagerFlags = [
  'profiling',
  'contention-profiling',
  'enable-leader-migration',
  'leader-migration-config',
  'min-resync-period',
  'kube-api-content-type',
  'kube-api-qps',
  'kube-api-burst',
  'controller-start-interval',
  'controllers',
  ...leaderElectionFlags,
] as const;

/** cloud-provider options/cloudprovider.go, kubecloudshared.go and servicecontroller.go. */
export const kubeCloudSharedFlags = [
  'cloud-provider',
  'cloud-config',
  'external-cloud-volume-plugin',
  'use-service-account-credentials',
  'allow-untagged-cloud',
  'route-reconciliation-period',
  'node-monitor-period',
  'cluster-name',
  'cluster-cidr',
  'allocate-node-cidrs',
  'cidr-allocator-type',
  'configure-cloud-routes',
  'node-sync-period',
  'concurrent-service-syncs',
] as const;

/** Deprecations in cloud-provider options/kubecloudshared.go (fs.MarkDeprecated, v0.36.1). */
export const kubeCloudSharedDeprecated: Readonly<Record<string, string>> = {
  'allow-untagged-cloud':
    'This flag is deprecated and will be removed in a future release. A cluster-id will be required on cloud instances.',
  'node-sync-period': 'This flag is currently no-op and will be deleted.',
};
