/*
 * kubelet's command line at Kubernetes v1.36 (the cluster pins v1.36.1).
 *
 * Read:
 *   cmd/kubelet/app/options/options.go   KubeletFlags.AddFlags, AddKubeletConfigFlags (every flag
 *                                        bound to a KubeletConfiguration field is deprecated on
 *                                        creation, except v, vmodule, log-flush-frequency and
 *                                        provider-id), ValidateKubeletFlags
 *   pkg/kubelet/config/flags.go          ContainerRuntimeOptions.AddFlags
 *   cmd/kubelet/app/options/globalflags.go, globalflags_linux.go
 *                                        --version, --help and the cadvisor flags registered deprecated
 *   k8s.io/kubelet config/v1beta1/types.go at v0.36.1 (exact tag): the fields the flags are bound to
 *   k8s.io/component-base logs/api/v1/options.go at v0.36.1 (exact tag): the logging flags
 * kubernetes/kubernetes itself could not be checked out here (the repository is larger than the
 * mirror allows), so the cmd/ files were read from the public code index (the copy stored at
 * commit 6785e9ed401a526cfb4ae33d498b088e27237ad1, a 1.3x master) and brought to v1.36 with the
 * removals the 1.31–1.36 changelogs announce: --keep-terminated-pod-volumes (1.31),
 * --register-schedulable and --cloud-config (1.34), --pod-infra-container-image (1.35). Every
 * config-bound flag was kept only if its KubeletConfiguration field still exists at v0.36.1.
 *
 * To refresh: at the new tag, list every fs.*Var in KubeletFlags.AddFlags,
 * ContainerRuntimeOptions.AddFlags and AddKubeletConfigFlags, and the register/registerDeprecated
 * calls in globalflags_linux.go; keep the notDeprecated set of AddKubeletConfigFlags in step.
 */
import { globalFlags, loggingFlags } from './sharedFlags.js';
import type { UpstreamFlags } from './UpstreamFlags.js';

/** Flags that are not backed by KubeletConfiguration (KubeletFlags and ContainerRuntimeOptions). */
const kubeletOwnFlags = [
  'config',
  'config-dir',
  'kubeconfig',
  'bootstrap-kubeconfig',
  'hostname-override',
  'node-ip',
  'cert-dir',
  'cloud-provider',
  'root-dir',
  'seccomp-default',
  'node-labels',
  'lock-file',
  'exit-on-lock-contention',
  'runtime-cgroups',
  'image-credential-provider-config',
  'image-credential-provider-bin-dir',
  'housekeeping-interval',
] as const;

const removeSoon =
  'Use --eviction-hard or --eviction-soft instead. Will be removed in a future version.';

/** KubeletFlags.AddFlags "DEPRECATED FLAGS", with their fs.MarkDeprecated messages. */
const kubeletOwnDeprecated: Record<string, string> = {
  'minimum-container-ttl-duration': removeSoon,
  'maximum-dead-containers-per-container': removeSoon,
  'maximum-dead-containers': removeSoon,
  'experimental-mounter-path': 'will be removed in 1.25 or later. in favor of using CSI.',
  'experimental-allocatable-ignore-eviction': 'will be removed in 1.25 or later.',
};

const cadvisorDeprecated =
  'This is a cadvisor flag that was mistakenly registered with the Kubelet. Due to legacy concerns, it will follow the standard CLI deprecation timeline before being removed.';

/** globalflags_linux.go registerDeprecated (underscores normalised to dashes). */
const cadvisorFlags = [
  'application-metrics-count-limit',
  'boot-id-file',
  'container-hints',
  'containerd',
  'containerd-namespace',
  'enable-load-reader',
  'event-storage-age-limit',
  'event-storage-event-limit',
  'global-housekeeping-interval',
  'log-cadvisor-usage',
  'machine-id-file',
  'storage-driver-user',
  'storage-driver-password',
  'storage-driver-host',
  'storage-driver-db',
  'storage-driver-table',
  'storage-driver-secure',
  'storage-driver-buffer-duration',
] as const;

/**
 * AddKubeletConfigFlags: each flag and the KubeletConfiguration (v1beta1) field it sets, so a
 * finding can say where the setting belongs instead.
 */
export const kubeletConfigFlagFields: Readonly<Record<string, string>> = {
  'enable-server': 'enableServer',
  'fail-swap-on': 'failSwapOn',
  'pod-manifest-path': 'staticPodPath',
  'sync-frequency': 'syncFrequency',
  'file-check-frequency': 'fileCheckFrequency',
  'http-check-frequency': 'httpCheckFrequency',
  'manifest-url': 'staticPodURL',
  'manifest-url-header': 'staticPodURLHeader',
  address: 'address',
  port: 'port',
  'read-only-port': 'readOnlyPort',
  'container-runtime-endpoint': 'containerRuntimeEndpoint',
  'image-service-endpoint': 'imageServiceEndpoint',
  'anonymous-auth': 'authentication.anonymous.enabled',
  'authentication-token-webhook': 'authentication.webhook.enabled',
  'authentication-token-webhook-cache-ttl': 'authentication.webhook.cacheTTL',
  'client-ca-file': 'authentication.x509.clientCAFile',
  'authorization-mode': 'authorization.mode',
  'authorization-webhook-cache-authorized-ttl': 'authorization.webhook.cacheAuthorizedTTL',
  'authorization-webhook-cache-unauthorized-ttl': 'authorization.webhook.cacheUnauthorizedTTL',
  'tls-cert-file': 'tlsCertFile',
  'tls-private-key-file': 'tlsPrivateKeyFile',
  'rotate-server-certificates': 'serverTLSBootstrap',
  'tls-cipher-suites': 'tlsCipherSuites',
  'tls-min-version': 'tlsMinVersion',
  'rotate-certificates': 'rotateCertificates',
  'registry-qps': 'registryPullQPS',
  'registry-burst': 'registryBurst',
  'event-qps': 'eventRecordQPS',
  'event-burst': 'eventBurst',
  'enable-debugging-handlers': 'enableDebuggingHandlers',
  'contention-profiling': 'enableContentionProfiling',
  'healthz-port': 'healthzPort',
  'healthz-bind-address': 'healthzBindAddress',
  'oom-score-adj': 'oomScoreAdj',
  'cluster-domain': 'clusterDomain',
  'volume-plugin-dir': 'volumePluginDir',
  'cluster-dns': 'clusterDNS',
  'streaming-connection-idle-timeout': 'streamingConnectionIdleTimeout',
  'node-status-update-frequency': 'nodeStatusUpdateFrequency',
  'minimum-image-ttl-duration': 'imageMinimumGCAge',
  'image-gc-high-threshold': 'imageGCHighThresholdPercent',
  'image-gc-low-threshold': 'imageGCLowThresholdPercent',
  'volume-stats-agg-period': 'volumeStatsAggPeriod',
  'feature-gates': 'featureGates',
  'kubelet-cgroups': 'kubeletCgroups',
  'system-cgroups': 'systemCgroups',
  'provider-id': 'providerID',
  'cgroups-per-qos': 'cgroupsPerQOS',
  'cgroup-driver': 'cgroupDriver',
  'cgroup-root': 'cgroupRoot',
  'cpu-manager-policy': 'cpuManagerPolicy',
  'cpu-manager-policy-options': 'cpuManagerPolicyOptions',
  'cpu-manager-reconcile-period': 'cpuManagerReconcilePeriod',
  'qos-reserved': 'qosReserved',
  'topology-manager-policy': 'topologyManagerPolicy',
  'topology-manager-scope': 'topologyManagerScope',
  'topology-manager-policy-options': 'topologyManagerPolicyOptions',
  'runtime-request-timeout': 'runtimeRequestTimeout',
  'hairpin-mode': 'hairpinMode',
  'max-pods': 'maxPods',
  'pod-cidr': 'podCIDR',
  'pod-max-pids': 'podPidsLimit',
  'resolv-conf': 'resolvConf',
  runonce: 'runOnce',
  'cpu-cfs-quota': 'cpuCFSQuota',
  'cpu-cfs-quota-period': 'cpuCFSQuotaPeriod',
  'enable-controller-attach-detach': 'enableControllerAttachDetach',
  'make-iptables-util-chains': 'makeIPTablesUtilChains',
  'iptables-masquerade-bit': 'iptablesMasqueradeBit',
  'iptables-drop-bit': 'iptablesDropBit',
  'container-log-max-size': 'containerLogMaxSize',
  'container-log-max-files': 'containerLogMaxFiles',
  'allowed-unsafe-sysctls': 'allowedUnsafeSysctls',
  'node-status-max-images': 'nodeStatusMaxImages',
  'kernel-memcg-notification': 'kernelMemcgNotification',
  'local-storage-capacity-isolation': 'localStorageCapacityIsolation',
  'max-open-files': 'maxOpenFiles',
  'kube-api-content-type': 'contentType',
  'kube-api-qps': 'kubeAPIQPS',
  'kube-api-burst': 'kubeAPIBurst',
  'serialize-image-pulls': 'serializeImagePulls',
  'eviction-hard': 'evictionHard',
  'eviction-soft': 'evictionSoft',
  'eviction-soft-grace-period': 'evictionSoftGracePeriod',
  'eviction-pressure-transition-period': 'evictionPressureTransitionPeriod',
  'eviction-max-pod-grace-period': 'evictionMaxPodGracePeriod',
  'eviction-minimum-reclaim': 'evictionMinimumReclaim',
  'pods-per-core': 'podsPerCore',
  'protect-kernel-defaults': 'protectKernelDefaults',
  'reserved-cpus': 'reservedSystemCPUs',
  'system-reserved': 'systemReserved',
  'kube-reserved': 'kubeReserved',
  'enforce-node-allocatable': 'enforceNodeAllocatable',
  'system-reserved-cgroup': 'systemReservedCgroup',
  'kube-reserved-cgroup': 'kubeReservedCgroup',
  'memory-manager-policy': 'memoryManagerPolicy',
  'reserved-memory': 'reservedMemory',
  'register-node': 'registerNode',
  'register-with-taints': 'registerWithTaints',
  'logging-format': 'logging.format',
  'log-flush-frequency': 'logging.flushFrequency',
  v: 'logging.verbosity',
  vmodule: 'logging.vmodule',
  'log-text-split-stream': 'logging.options.text.splitStream',
  'log-text-info-buffer-size': 'logging.options.text.infoBufferSize',
  'log-json-split-stream': 'logging.options.json.splitStream',
  'log-json-info-buffer-size': 'logging.options.json.infoBufferSize',
};

/** AddKubeletConfigFlags' notDeprecated set: config-bound flags that stay undeprecated. */
const notDeprecated = new Set(['v', 'vmodule', 'log-flush-frequency', 'provider-id']);

const configFlagDeprecated: Record<string, string> = Object.fromEntries(
  Object.entries(kubeletConfigFlagFields)
    .filter(([flag]) => !notDeprecated.has(flag))
    .map(([flag, field]) => [
      flag,
      `set ${field} in the KubeletConfiguration file given by --config instead ("This parameter should be set via the config file specified by the Kubelet's --config flag.")`,
    ]),
);

/** kubelet v1.36: every flag it accepts on Linux, and the deprecated ones. */
export const kubeletFlags: UpstreamFlags = {
  component: 'kubelet',
  release: 'v1.36.x (cmd/ from the code index, staging at v0.36.1)',
  sources: [
    'cmd/kubelet/app/options/options.go',
    'cmd/kubelet/app/options/globalflags.go',
    'cmd/kubelet/app/options/globalflags_linux.go',
    'pkg/kubelet/config/flags.go',
    'staging/src/k8s.io/kubelet/config/v1beta1/types.go',
    'staging/src/k8s.io/component-base/logs/api/v1/options.go',
  ],
  flags: [
    ...kubeletOwnFlags,
    ...Object.keys(kubeletOwnDeprecated),
    ...cadvisorFlags,
    ...Object.keys(kubeletConfigFlagFields),
    ...loggingFlags.filter((flag) => !(flag in kubeletConfigFlagFields)),
    ...globalFlags,
  ],
  deprecated: {
    ...kubeletOwnDeprecated,
    ...Object.fromEntries(cadvisorFlags.map((flag) => [flag, cadvisorDeprecated])),
    ...configFlagDeprecated,
  },
};
