declare const KUBE_AWS_BUILD_ID: string | undefined;

/**
 * The sha256 of the bundled kube-aws (dist/bin.js and its chunks), which scripts/bundle.mjs writes
 * in. Undefined in tsc's unbundled output (the library, the tests), where no render is skipped:
 * only the bundle knows which code it is (docs/adr/0014-credentials-at-openssl-speed.md).
 */
export const BUILD_ID: string | undefined =
  typeof KUBE_AWS_BUILD_ID === 'string' ? KUBE_AWS_BUILD_ID : undefined;
