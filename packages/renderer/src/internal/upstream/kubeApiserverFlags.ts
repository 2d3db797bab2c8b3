/*
 * kube-apiserver's command line at Kubernetes v1.36 (the cluster pins v1.36.1).
 *
 * Read:
 *   k8s.io/apiserver at v0.36.1 (exact tag, the one published with v1.36.1):
 *     pkg/server/options/{server_run_options,etcd,serving,audit,feature,admission,api_enablement,
 *     egress_selector,tracing,authentication}.go — see sharedFlags.ts
 *   k8s.io/component-base at v0.36.1: logs, metrics, compatibility registry, globalflag, verflag
 *   pkg/controlplane/apiserver/options/options.go  Options.AddFlags ("misc": event-ttl,
 *                                  proxy-client-*, peer-*, service-account-signing-*, …)
 *   cmd/kube-apiserver/app/options/options.go      ServerRunOptions.Flags (allow-privileged,
 *                                  apiserver-count, service ranges, kubelet client flags)
 *   pkg/kubeapiserver/options/{authentication,authorization,admission}.go
 * kubernetes/kubernetes could not be checked out here (larger than the mirror allows); its files
 * were read from the public code index, whose newest stored copies are 1.3x masters, and checked
 * against the v1.36.0 CHANGELOG: --cloud-provider and --cloud-config left kube-apiserver in 1.33
 * (in-tree cloud providers removed); --tls-curve-preferences arrived in 1.36 (apiserver v0.36.1).
 *
 * To refresh: at the new tag, list every fs.*Var / MarkDeprecated in the files above.
 */
import {
  apiserverMiscFlags,
  apiserverSharedDeprecated,
  auditFlags,
  componentGlobalsFlags,
  etcdStorageFlags,
  globalFlags,
  loggingFlags,
  metricsFlags,
  requestHeaderFlags,
  secureServingFlags,
  serverRunFlags,
} from './sharedFlags.js';
import type { UpstreamFlags } from './UpstreamFlags.js';

/** pkg/kubeapiserver/options/authentication.go BuiltInAuthenticationOptions.AddFlags (WithAll). */
const builtInAuthenticationFlags = [
  'anonymous-auth',
  'api-audiences',
  'authentication-config',
  'authentication-token-webhook-cache-ttl',
  'authentication-token-webhook-config-file',
  'authentication-token-webhook-version',
  'enable-bootstrap-token-auth',
  'oidc-ca-file',
  'oidc-client-id',
  'oidc-groups-claim',
  'oidc-groups-prefix',
  'oidc-issuer-url',
  'oidc-required-claim',
  'oidc-signing-algs',
  'oidc-username-claim',
  'oidc-username-prefix',
  'service-account-extend-token-expiration',
  'service-account-issuer',
  'service-account-jwks-uri',
  'service-account-key-file',
  'service-account-lookup',
  'service-account-max-token-expiration',
  'token-auth-file',
] as const;

/** pkg/kubeapiserver/options/authorization.go BuiltInAuthorizationOptions.AddFlags. */
const builtInAuthorizationFlags = [
  'authorization-mode',
  'authorization-policy-file',
  'authorization-webhook-config-file',
  'authorization-webhook-version',
  'authorization-webhook-cache-authorized-ttl',
  'authorization-webhook-cache-unauthorized-ttl',
  'authorization-config',
] as const;

/** pkg/controlplane/apiserver/options/options.go Options.AddFlags, section "misc". */
const controlPlaneFlags = [
  'event-ttl',
  'enable-logs-handler',
  'max-connection-bytes-per-sec',
  'proxy-client-cert-file',
  'proxy-client-key-file',
  'peer-ca-file',
  'peer-advertise-ip',
  'peer-advertise-port',
  'enable-aggregator-routing',
  'aggregator-reject-forwarding-redirect',
  'service-account-signing-key-file',
  'service-account-signing-endpoint',
  'coordinated-leadership-lease-duration',
  'coordinated-leadership-renew-deadline',
  'coordinated-leadership-retry-period',
] as const;

/** cmd/kube-apiserver/app/options/options.go ServerRunOptions.Flags, sections "misc" and kubelet. */
const kubeApiserverOwnFlags = [
  'allow-privileged',
  'apiserver-count',
  'endpoint-reconciler-type',
  'kubernetes-service-node-port',
  'service-cluster-ip-range',
  'service-node-port-range',
  'kubelet-preferred-address-types',
  'kubelet-port',
  'kubelet-read-only-port',
  'kubelet-timeout',
  'kubelet-client-certificate',
  'kubelet-client-key',
  'kubelet-certificate-authority',
] as const;

/** kube-apiserver v1.36: every flag it accepts, and the deprecated ones. */
export const kubeApiserverFlags: UpstreamFlags = {
  component: 'kube-apiserver',
  release: 'v1.36.x (cmd/ and pkg/ from the code index, staging at v0.36.1)',
  sources: [
    'cmd/kube-apiserver/app/options/options.go',
    'pkg/controlplane/apiserver/options/options.go',
    'pkg/kubeapiserver/options/authentication.go',
    'pkg/kubeapiserver/options/authorization.go',
    'pkg/kubeapiserver/options/admission.go',
    'staging/src/k8s.io/apiserver/pkg/server/options/*.go',
    'staging/src/k8s.io/component-base/{logs,metrics,compatibility,cli/globalflag,version/verflag}',
  ],
  flags: [
    ...serverRunFlags,
    ...etcdStorageFlags,
    ...secureServingFlags,
    ...auditFlags,
    ...apiserverMiscFlags,
    ...requestHeaderFlags,
    ...builtInAuthenticationFlags,
    ...builtInAuthorizationFlags,
    'admission-control',
    ...controlPlaneFlags,
    ...kubeApiserverOwnFlags,
    ...metricsFlags,
    ...loggingFlags,
    ...componentGlobalsFlags,
    ...globalFlags,
  ],
  deprecated: {
    ...apiserverSharedDeprecated,
    'admission-control':
      'Use --enable-admission-plugins or --disable-admission-plugins instead. Will be removed in a future version.',
    'enable-logs-handler': 'Log handler functionality is deprecated',
    'apiserver-count':
      'apiserver-count is deprecated and will be removed in a future version. (Its help: only in use with --endpoint-reconciler-type=master-count; the default is lease.)',
    'kubelet-port': 'kubelet-port is deprecated and will be removed.',
    'kubelet-read-only-port': 'kubelet-read-only-port is deprecated and will be removed.',
  },
};
