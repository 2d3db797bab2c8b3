/*
 * etcd's command line at v3.6.5 (tag v3.6.5, commit a0614505aff9b8ff469e9c59c2d979a5936d13f4), the
 * image kube-aws pins (COMPONENT_VERSIONS.etcd in src/versions.ts).
 *
 * Read, from a checkout of etcd-io/etcd at that tag:
 *   server/embed/config.go    Config.AddFlags: every fs.*Var, and the feature gates flag
 *                             (ServerFeatureGate.AddFlag, "feature-gates")
 *   server/etcdmain/config.go newConfig: config-file, discovery-fallback, initial-cluster-state,
 *                             v2-deprecation, version; the deprecatedFlags map (warned at start);
 *                             the ignored list (accepted, then ignored: listed as deprecated here)
 *   server/etcdmain/help.go   usage text, to cross-check
 * A flag counts as deprecated when deprecatedFlags names it or its help says "Deprecated in v3.6"
 * or "It's deprecated". etcd uses Go's flag package: -name and --name are the same flag.
 *
 * To refresh: check out the new tag and list the registrations in those three files again.
 */
import type { UpstreamFlags } from './UpstreamFlags.js';

/** The flags etcd 3.6 still accepts but ignores (server/etcdmain/config.go, ignored). */
const ignoredFlags = [
  'cluster-active-size',
  'cluster-remove-delay',
  'cluster-sync-interval',
  'config',
  'force',
  'max-result-buffer',
  'max-retry-attempts',
  'peer-election-timeout',
  'peer-heartbeat-interval',
  'retry-interval',
  'snapshot',
  'v',
  'vv',
] as const;

/** etcd v3.6.5: every flag it accepts, and the deprecated ones. */
export const etcdFlags: UpstreamFlags = {
  component: 'etcd',
  release: 'v3.6.5 (a0614505aff9b8ff469e9c59c2d979a5936d13f4)',
  sources: ['server/embed/config.go', 'server/etcdmain/config.go', 'server/etcdmain/help.go'],
  flags: [
    'advertise-client-urls',
    'auth-token',
    'auth-token-ttl',
    'auto-compaction-mode',
    'auto-compaction-retention',
    'auto-tls',
    'backend-batch-interval',
    'backend-batch-limit',
    'backend-bbolt-freelist-type',
    'bcrypt-cost',
    'bootstrap-defrag-threshold-megabytes',
    'cert-file',
    'cipher-suites',
    'client-cert-allowed-hostname',
    'client-cert-auth',
    'client-cert-file',
    'client-crl-file',
    'client-key-file',
    'compact-hash-check-time',
    'compaction-batch-limit',
    'compaction-sleep-interval',
    'config-file',
    'corrupt-check-time',
    'cors',
    'data-dir',
    'discovery',
    'discovery-cacert',
    'discovery-cert',
    'discovery-dial-timeout',
    'discovery-endpoints',
    'discovery-fallback',
    'discovery-insecure-skip-tls-verify',
    'discovery-insecure-transport',
    'discovery-keepalive-time',
    'discovery-keepalive-timeout',
    'discovery-key',
    'discovery-password',
    'discovery-proxy',
    'discovery-request-timeout',
    'discovery-srv',
    'discovery-srv-name',
    'discovery-token',
    'discovery-user',
    'distributed-tracing-address',
    'distributed-tracing-instance-id',
    'distributed-tracing-sampling-rate',
    'distributed-tracing-service-name',
    'downgrade-check-time',
    'election-timeout',
    'enable-distributed-tracing',
    'enable-grpc-gateway',
    'enable-log-rotation',
    'enable-pprof',
    'experimental-bootstrap-defrag-threshold-megabytes',
    'experimental-compact-hash-check-enabled',
    'experimental-compact-hash-check-time',
    'experimental-compaction-batch-limit',
    'experimental-compaction-sleep-interval',
    'experimental-corrupt-check-time',
    'experimental-distributed-tracing-address',
    'experimental-distributed-tracing-instance-id',
    'experimental-distributed-tracing-sampling-rate',
    'experimental-distributed-tracing-service-name',
    'experimental-downgrade-check-time',
    'experimental-enable-distributed-tracing',
    'experimental-enable-lease-checkpoint',
    'experimental-enable-lease-checkpoint-persist',
    'experimental-initial-corrupt-check',
    'experimental-memory-mlock',
    'experimental-peer-skip-client-san-verification',
    'experimental-snapshot-catchup-entries',
    'experimental-stop-grpc-service-on-defrag',
    'experimental-txn-mode-write-with-shared-buffer',
    'experimental-warning-apply-duration',
    'experimental-warning-unary-request-duration',
    'experimental-watch-progress-notify-interval',
    'feature-gates',
    'force-new-cluster',
    'grpc-keepalive-interval',
    'grpc-keepalive-min-time',
    'grpc-keepalive-timeout',
    'heartbeat-interval',
    'host-whitelist',
    'initial-advertise-peer-urls',
    'initial-cluster',
    'initial-cluster-state',
    'initial-cluster-token',
    'initial-election-tick-advance',
    'key-file',
    'listen-client-http-urls',
    'listen-client-urls',
    'listen-metrics-urls',
    'listen-peer-urls',
    'log-format',
    'log-level',
    'log-outputs',
    'log-rotation-config-json',
    'logger',
    'max-concurrent-streams',
    'max-learners',
    'max-request-bytes',
    'max-snapshots',
    'max-txn-ops',
    'max-wals',
    'memory-mlock',
    'metrics',
    'name',
    'peer-auto-tls',
    'peer-cert-allowed-cn',
    'peer-cert-allowed-hostname',
    'peer-cert-file',
    'peer-client-cert-auth',
    'peer-client-cert-file',
    'peer-client-key-file',
    'peer-crl-file',
    'peer-key-file',
    'peer-skip-client-san-verification',
    'peer-trusted-ca-file',
    'pre-vote',
    'quota-backend-bytes',
    'raft-read-timeout',
    'raft-write-timeout',
    'self-signed-cert-validity',
    'snapshot-catchup-entries',
    'snapshot-count',
    'socket-reuse-address',
    'socket-reuse-port',
    'strict-reconfig-check',
    'tls-max-version',
    'tls-min-version',
    'trusted-ca-file',
    'unsafe-no-fsync',
    'v2-deprecation',
    'version',
    'wal-dir',
    'warning-apply-duration',
    'warning-unary-request-duration',
    'watch-progress-notify-interval',
    // Go's flag package answers -h and -help itself.
    'h',
    'help',
    ...ignoredFlags,
  ],
  deprecated: {
    ...Object.fromEntries(
      ignoredFlags.map((flag) => [
        flag,
        'accepted and ignored by etcd 3.6 (a removed v2-era flag)',
      ]),
    ),
    'experimental-bootstrap-defrag-threshold-megabytes':
      "--experimental-bootstrap-defrag-threshold-megabytes is deprecated in v3.6 and will be decommissioned in v3.7. Use '--bootstrap-defrag-threshold-megabytes' instead.",
    'experimental-compact-hash-check-enabled':
      "--experimental-compact-hash-check-enabled is deprecated in 3.6 and will be decommissioned in 3.7. Use '--feature-gates=CompactHashCheck=true' instead.",
    'experimental-compact-hash-check-time':
      "--experimental-compact-hash-check-time is deprecated in 3.6 and will be decommissioned in 3.7. Use '--compact-hash-check-time' instead.",
    'experimental-compaction-batch-limit':
      "--experimental-compaction-batch-limit is deprecated in v3.6 and will be decommissioned in v3.7. Use '--compaction-batch-limit' instead.",
    'experimental-compaction-sleep-interval':
      "--experimental-compaction-sleep-interval is deprecated in v3.6 and will be decommissioned in v3.7. Use 'compaction-sleep-interval' instead.",
    'experimental-corrupt-check-time':
      "--experimental-corrupt-check-time is deprecated in v3.6 and will be decommissioned in v3.7. Use '--corrupt-check-time' instead.",
    'experimental-distributed-tracing-address':
      '--experimental-distributed-tracing-address is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-address instead.',
    'experimental-distributed-tracing-instance-id':
      '--experimental-distributed-tracing-instance-id is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-instance-id instead.',
    'experimental-distributed-tracing-sampling-rate':
      '--experimental-distributed-tracing-sampling-rate is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-sampling-rate instead.',
    'experimental-distributed-tracing-service-name':
      '--experimental-distributed-tracing-service-name is deprecated in 3.6 and will be decommissioned in 3.7. Use --distributed-tracing-service-name instead.',
    'experimental-downgrade-check-time':
      "--experimental-downgrade-check-time is deprecated in v3.6 and will be decommissioned in v3.7. Use '--downgrade-check-time' instead.",
    'experimental-enable-distributed-tracing':
      '--experimental-enable-distributed-tracing is deprecated in 3.6 and will be decommissioned in 3.7. Use --enable-distributed-tracing instead.',
    'experimental-memory-mlock':
      "--experimental-memory-mlock is deprecated in v3.6 and will be decommissioned in v3.7. Use '--memory-mlock' instead.",
    'experimental-peer-skip-client-san-verification':
      'Skip verification of SAN field in client certificate for peer connections.Deprecated in v3.6 and will be decommissioned in v3.7. Use peer-skip-client-san-verification instead',
    'experimental-snapshot-catchup-entries':
      "--experimental-snapshot-catchup-entries is deprecated in v3.6 and will be decommissioned in v3.7. Use '--snapshot-catchup-entries' instead.",
    'experimental-txn-mode-write-with-shared-buffer':
      "--experimental-txn-mode-write-with-shared-buffer is deprecated in v3.6 and will be decommissioned in v3.7. Use '--feature-gates=TxnModeWriteWithSharedBuffer=true' instead.",
    'experimental-warning-apply-duration':
      "--experimental-warning-apply-duration is deprecated in v3.6 and will be decommissioned in v3.7. Use '--warning-apply-duration' instead.",
    'experimental-warning-unary-request-duration':
      "It's deprecated, and will be decommissioned in v3.7. Use --warning-unary-request-duration instead.",
    'experimental-watch-progress-notify-interval':
      "--experimental-watch-progress-notify-interval is deprecated in v3.6 and will be decommissioned in v3.7. Use '--watch-progress-notify-interval' instead.",
    'max-snapshots': '--max-snapshots is deprecated in 3.6 and will be decommissioned in 3.7.',
    'snapshot-count': '--snapshot-count is deprecated in 3.6 and will be decommissioned in 3.7.',
    'v2-deprecation':
      '--v2-deprecation is deprecated and scheduled for removal in v3.8. The default value is enforced, ignoring user input.',
  },
};
