/** The asset files as `render` writes them, relative to the asset directory. */
export const ASSET_FILES = {
  controller: 'cloud-config/cloud-config-controller',
  worker: 'cloud-config/cloud-config-worker',
  addons: 'cloud-config/addons.yaml',
  etcd: 'cloud-config/cloud-config-etcd',
  stack: 'stack-template.json',
} as const;

/** Which credentials each kind of node receives: certificates in plain text, secrets KMS-encrypted. */
export interface NodeAssetList {
  /** Certificates and public keys (`ca.pem`); not secret, so shipped as they are. */
  readonly certificates: readonly string[];
  /** Private keys and the bootstrap token (`ca-key.pem`); shipped only as KMS ciphertext. */
  readonly encrypted: readonly string[];
}

/**
 * What each node needs, and nothing more: workers get the CA certificate and the bootstrap token;
 * controllers get the control plane's credentials and the key of Secrets at rest. A controller
 * makes its own kubelet, controller-manager, scheduler and local admin certificates from the CA at
 * boot, so none of those travel. Every kubelet gets its serving certificate through the CSR API
 * (serverTLSBootstrap), so the shared `worker` certificate stays in credentials/ only.
 */
export const NODE_ASSETS: { readonly controller: NodeAssetList; readonly worker: NodeAssetList } = {
  controller: {
    certificates: [
      'ca.pem',
      'apiserver.pem',
      'apiserver-kubelet-client.pem',
      'apiserver-etcd-client.pem',
      'etcd-ca.pem',
      'etcd-server.pem',
      'etcd-peer.pem',
      'front-proxy-ca.pem',
      'front-proxy-client.pem',
      'service-account.pem',
    ],
    encrypted: [
      'ca-key.pem',
      'apiserver-key.pem',
      'apiserver-kubelet-client-key.pem',
      'apiserver-etcd-client-key.pem',
      'etcd-server-key.pem',
      'etcd-peer-key.pem',
      'front-proxy-client-key.pem',
      'service-account-key.pem',
      'bootstrap-token',
      'encryption-key',
    ],
  },
  worker: {
    certificates: ['ca.pem'],
    encrypted: ['bootstrap-token'],
  },
};

/** Every secret file any node needs: what the provisioner must encrypt. */
export function encryptedAssetNames(): string[] {
  return [...new Set([...NODE_ASSETS.controller.encrypted, ...NODE_ASSETS.worker.encrypted])];
}

/**
 * The CAs whose trust is staged while they are rotated (docs/operations.md, "Rotating a CA"):
 * every node verifies with `<ca>-trust.pem`, the CA's certificate followed by those of
 * `credentials/<ca>-next.pem` (the CA that will sign) and `<ca>-previous.pem` (the CA that signed
 * what is still in use), when they are there. Signing always uses `<ca>.pem` alone.
 */
export const STAGED_CAS = ['ca', 'etcd-ca', 'front-proxy-ca'] as const;

/** The optional certificates of credentials/ that nodes trust during a CA rotation. */
export function trustExtraFiles(): string[] {
  return STAGED_CAS.flatMap((ca) => [`${ca}-next.pem`, `${ca}-previous.pem`]);
}
