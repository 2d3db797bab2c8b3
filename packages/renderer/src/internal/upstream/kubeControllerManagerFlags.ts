/*
 * kube-controller-manager's command line at Kubernetes v1.36 (the cluster pins v1.36.1).
 *
 * Read:
 *   k8s.io/controller-manager at v0.36.1 (exact tag): options/generic.go, options/debugging.go,
 *     pkg/leadermigration/options/options.go
 *   k8s.io/cloud-provider at v0.36.1 (exact tag): options/cloudprovider.go, kubecloudshared.go,
 *     servicecontroller.go
 *   k8s.io/apiserver and k8s.io/component-base at v0.36.1: secure serving, delegating
 *     authentication and authorization, metrics, logs, compatibility registry (see sharedFlags.ts)
 *   cmd/kube-controller-manager/app/options/options.go (Flags: "misc" master/kubeconfig) and one
 *     file per controller: attachdetachcontroller.go, csrsigningcontroller.go, cronjobcontroller.go,
 *     daemonsetcontroller.go, deploymentcontroller.go, devicetaintevictioncontroller.go,
 *     disruptioncontroller.go, endpointcontroller.go, endpointslicecontroller.go,
 *     endpointslicemirroringcontroller.go, ephemeralcontroller.go, garbagecollectorcontroller.go,
 *     hpacontroller.go, jobcontroller.go, legacyserviceaccounttokencleaner.go, namespacecontroller.go,
 *     nodeipamcontroller.go, nodelifecyclecontroller.go, persistentvolumebindercontroller.go,
 *     podgccontroller.go, replicasetcontroller.go, replicationcontroller.go,
 *     resourceclaimcontroller.go, resourcequotacontroller.go, serviceaccountcontroller.go,
 *     statefulsetcontroller.go, ttlafterfinishedcontroller.go, validatingadmissionpolicycontroller.go
 * The cmd/ files come from the public code index (kubernetes/kubernetes is larger than the mirror
 * allows); nodeipamcontroller.go was read at the v1.36.0-alpha.1 snapshot
 * (898b9f800267a757615ecfb71fc377d04d996c6b) and devicetaintevictioncontroller.go at a
 * post-v1.36.0 snapshot (008b3652959ca58af8be3fb5b6ecfe9ae7638282); the v1.36.0 CHANGELOG adds
 * --concurrent-resourceclaim-syncs.
 *
 * To refresh: at the new tag, list every fs.*Var / MarkDeprecated in those files.
 */
import {
  componentGlobalsFlags,
  delegatingAuthFlags,
  genericControllerManagerFlags,
  globalFlags,
  kubeCloudSharedDeprecated,
  kubeCloudSharedFlags,
  loggingFlags,
  metricsFlags,
  secureServingFlags,
} from './sharedFlags.js';
import type { UpstreamFlags } from './UpstreamFlags.js';

/** cmd/kube-controller-manager/app/options/*controller*.go and options.go. */
const controllerFlags = [
  'master',
  'kubeconfig',
  // attachdetachcontroller.go
  'attach-detach-reconcile-sync-period',
  'disable-attach-detach-reconcile-sync',
  'disable-force-detach-on-timeout',
  // csrsigningcontroller.go
  'cluster-signing-cert-file',
  'cluster-signing-key-file',
  'cluster-signing-kubelet-serving-cert-file',
  'cluster-signing-kubelet-serving-key-file',
  'cluster-signing-kubelet-client-cert-file',
  'cluster-signing-kubelet-client-key-file',
  'cluster-signing-kube-apiserver-client-cert-file',
  'cluster-signing-kube-apiserver-client-key-file',
  'cluster-signing-legacy-unknown-cert-file',
  'cluster-signing-legacy-unknown-key-file',
  'cluster-signing-duration',
  // one concurrency flag per workload controller
  'concurrent-cron-job-syncs',
  'concurrent-daemonset-syncs',
  'concurrent-deployment-syncs',
  'concurrent-device-taint-eviction-syncs',
  'concurrent-disruption-syncs',
  'concurrent-disruption-stalepod-syncs',
  'concurrent-endpoint-syncs',
  'endpoint-updates-batch-period',
  'concurrent-service-endpoint-syncs',
  'max-endpoints-per-slice',
  'endpointslice-updates-batch-period',
  'mirroring-concurrent-service-endpoint-syncs',
  'mirroring-max-endpoints-per-subset',
  'mirroring-endpointslice-updates-batch-period',
  'concurrent-ephemeralvolume-syncs',
  'concurrent-gc-syncs',
  'enable-garbage-collector',
  // hpacontroller.go
  'horizontal-pod-autoscaler-sync-period',
  'horizontal-pod-autoscaler-downscale-stabilization',
  'horizontal-pod-autoscaler-cpu-initialization-period',
  'horizontal-pod-autoscaler-initial-readiness-delay',
  'horizontal-pod-autoscaler-tolerance',
  'concurrent-horizontal-pod-autoscaler-syncs',
  'concurrent-job-syncs',
  'legacy-service-account-token-clean-up-period',
  'namespace-sync-period',
  'concurrent-namespace-syncs',
  // nodeipamcontroller.go
  'service-cluster-ip-range',
  'node-cidr-mask-size',
  'node-cidr-mask-size-ipv4',
  'node-cidr-mask-size-ipv6',
  // nodelifecyclecontroller.go
  'node-eviction-rate',
  'secondary-node-eviction-rate',
  'node-startup-grace-period',
  'node-monitor-grace-period',
  'large-cluster-size-threshold',
  'unhealthy-zone-threshold',
  // persistentvolumebindercontroller.go
  'pvclaimbinder-sync-period',
  'pv-recycler-pod-template-filepath-nfs',
  'pv-recycler-minimum-timeout-nfs',
  'pv-recycler-increment-timeout-nfs',
  'pv-recycler-pod-template-filepath-hostpath',
  'pv-recycler-minimum-timeout-hostpath',
  'pv-recycler-timeout-increment-hostpath',
  'enable-hostpath-provisioner',
  'enable-dynamic-provisioning',
  'flex-volume-plugin-dir',
  'volume-host-cidr-denylist',
  'volume-host-allow-local-loopback',
  'terminated-pod-gc-threshold',
  'concurrent-replicaset-syncs',
  'concurrent-rc-syncs',
  'concurrent-resourceclaim-syncs',
  'resource-quota-sync-period',
  'concurrent-resource-quota-syncs',
  // serviceaccountcontroller.go
  'service-account-private-key-file',
  'root-ca-file',
  'concurrent-serviceaccount-token-syncs',
  'concurrent-statefulset-syncs',
  'concurrent-ttl-after-finished-syncs',
  'concurrent-validating-admission-policy-status-syncs',
] as const;

/** kube-controller-manager v1.36: every flag it accepts, and the deprecated ones. */
export const kubeControllerManagerFlags: UpstreamFlags = {
  component: 'kube-controller-manager',
  release: 'v1.36.x (cmd/ from the code index, staging at v0.36.1)',
  sources: [
    'cmd/kube-controller-manager/app/options/*.go',
    'staging/src/k8s.io/controller-manager/options/generic.go',
    'staging/src/k8s.io/controller-manager/options/debugging.go',
    'staging/src/k8s.io/controller-manager/pkg/leadermigration/options/options.go',
    'staging/src/k8s.io/cloud-provider/options/{cloudprovider,kubecloudshared,servicecontroller}.go',
    'staging/src/k8s.io/apiserver/pkg/server/options/{serving,authentication,authorization}.go',
    'staging/src/k8s.io/component-base/{logs,metrics,compatibility,config/options}',
  ],
  flags: [
    ...genericControllerManagerFlags,
    ...kubeCloudSharedFlags,
    ...controllerFlags,
    ...secureServingFlags,
    ...delegatingAuthFlags,
    ...metricsFlags,
    ...loggingFlags,
    ...componentGlobalsFlags,
    ...globalFlags,
  ],
  deprecated: { ...kubeCloudSharedDeprecated },
};
