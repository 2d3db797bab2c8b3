import type { ClusterConfig } from '@kube-aws/config-schema';
import type { CertificateProfile } from './issueCertificate.js';

/** One credential of the cluster: a CA, a certificate with its key, or a bare key pair. */
export interface CredentialSpec {
  /** Short name, as `--force-regenerate` takes it: `apiserver`. */
  readonly name: string;
  readonly kind: 'ca' | 'certificate' | 'key-pair';
  /** `<name>.pem`: the certificate, or the public key of a key pair. */
  readonly certificateFile: string;
  /** `<name>-key.pem`: the private key (PKCS#8). */
  readonly keyFile: string;
  /** Name of the CA that signs it; undefined for CAs and key pairs. */
  readonly issuer: string | undefined;
  readonly profile: CertificateProfile;
  /** Why it exists, for `show certificates` and docs/adr/0005-pki-assets.md. */
  readonly purpose: string;
}

const KUBERNETES_NAMES = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

function spec(
  name: string,
  kind: CredentialSpec['kind'],
  issuer: string | undefined,
  profile: CertificateProfile,
  purpose: string,
): CredentialSpec {
  return {
    name,
    kind,
    certificateFile: `${name}.pem`,
    keyFile: `${name}-key.pem`,
    issuer,
    profile,
    purpose,
  };
}

/** The hostnames EC2 gives instances in a region, for the shared worker (kubelet serving) certificate. */
export function workerHostnames(region: string): string[] {
  return region === 'us-east-1'
    ? ['*.ec2.internal', `*.${region}.compute.internal`]
    : [`*.${region}.compute.internal`];
}

/**
 * The names AWS gives network load balancers in a region (`<name>-<id>.elb.<region>.amazonaws.com`):
 * with controller.loadBalancer, nodes reach the API at the load balancer's DNS name, which exists
 * only once the stack does, so the API server certificate names them all, as the workers' shared
 * certificate names EC2's hostnames (docs/adr/0018-ha-control-plane.md).
 */
export function loadBalancerHostnames(region: string): string[] {
  return [`*.elb.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`];
}

/**
 * Every credential a cluster needs, CAs first, with kubeadm's names and meanings where kubeadm
 * has them (docs/adr/0005-pki-assets.md says why each exists). The client certificates of a
 * controller's own components are not here: each controller makes them from the CA at boot.
 */
export function planCredentials(config: ClusterConfig): CredentialSpec[] {
  const controllerIPs = [...config.controller.privateIPs];
  const local = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', ...controllerIPs] };
  const both = ['serverAuth', 'clientAuth'] as const;
  return [
    spec(
      'ca',
      'ca',
      undefined,
      { subject: { commonName: 'kube-ca' } },
      'Kubernetes CA: signs the API server, kubelet and client certificates',
    ),
    spec(
      'etcd-ca',
      'ca',
      undefined,
      { subject: { commonName: 'etcd-ca' } },
      'etcd CA: etcd trusts only what it signs, so no Kubernetes client can reach etcd',
    ),
    spec(
      'front-proxy-ca',
      'ca',
      undefined,
      { subject: { commonName: 'front-proxy-ca' } },
      'front-proxy CA: identifies the API server to aggregated APIs',
    ),
    spec(
      'apiserver',
      'certificate',
      'ca',
      {
        subject: { commonName: 'kube-apiserver' },
        extendedKeyUsages: ['serverAuth'],
        dnsNames: [
          config.externalDNSName,
          ...KUBERNETES_NAMES,
          ...(config.controller.loadBalancer ? loadBalancerHostnames(config.region) : []),
        ],
        // 127.0.0.1: every controller's own components (admin, controller-manager, scheduler and
        // its kubelet, with certificates each controller makes from the CA at boot) reach their
        // local API server at https://127.0.0.1:443.
        ipAddresses: ['127.0.0.1', ...controllerIPs, config.kubernetesServiceIP],
      },
      'API server serving certificate, for externalDNSName, the in-cluster names, the load balancer, 127.0.0.1 and IPs',
    ),
    spec(
      'worker',
      'certificate',
      'ca',
      {
        subject: { commonName: 'kube-worker' },
        extendedKeyUsages: ['serverAuth'],
        dnsNames: workerHostnames(config.region),
      },
      "kubelet serving certificate shared by all workers (the guide's worker certificate)",
    ),
    spec(
      'admin',
      'certificate',
      'ca',
      {
        subject: { commonName: 'kube-admin', organizations: ['system:masters'] },
        extendedKeyUsages: ['clientAuth'],
      },
      'cluster administrator (kubectl) client certificate',
    ),
    spec(
      'apiserver-kubelet-client',
      'certificate',
      'ca',
      {
        subject: { commonName: 'kube-apiserver-kubelet-client' },
        extendedKeyUsages: ['clientAuth'],
      },
      'API server client certificate for kubelets (logs, exec, port-forward)',
    ),
    spec(
      'etcd-server',
      'certificate',
      'etcd-ca',
      { subject: { commonName: 'etcd-server' }, extendedKeyUsages: both, ...local },
      'etcd serving certificate',
    ),
    spec(
      'etcd-peer',
      'certificate',
      'etcd-ca',
      { subject: { commonName: 'etcd-peer' }, extendedKeyUsages: both, ...local },
      'etcd member-to-member certificate',
    ),
    spec(
      'etcd-client',
      'certificate',
      'etcd-ca',
      { subject: { commonName: 'etcd-client' }, extendedKeyUsages: ['clientAuth'] },
      'etcd client certificate for health checks and etcdctl',
    ),
    spec(
      'apiserver-etcd-client',
      'certificate',
      'etcd-ca',
      { subject: { commonName: 'kube-apiserver-etcd-client' }, extendedKeyUsages: ['clientAuth'] },
      'API server client certificate for etcd',
    ),
    spec(
      'front-proxy-client',
      'certificate',
      'front-proxy-ca',
      { subject: { commonName: 'front-proxy-client' }, extendedKeyUsages: ['clientAuth'] },
      'API server client certificate for aggregated APIs',
    ),
    spec(
      'service-account',
      'key-pair',
      undefined,
      { subject: { commonName: 'service-account' } },
      'signs and verifies service account tokens',
    ),
  ];
}
