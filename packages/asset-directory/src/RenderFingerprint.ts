/**
 * Where render records the fingerprint of the asset directory it left: in credentials/, whose
 * .gitignore keeps it on this machine, as the plaintext keys it stands for.
 */
export const RENDER_FINGERPRINT_FILE = 'credentials/.render-fingerprint.json';

/**
 * `credentials/.render-fingerprint.json`: a state of the asset directory that `kube-aws render`
 * leaves exactly as it is, so a render that finds it again has nothing to do
 * (docs/adr/0014-credentials-at-openssl-speed.md). It holds no secret: one digest over everything.
 */
export interface RenderFingerprint {
  readonly version: 1;
  /** The bundle that rendered (its sha256) and the Node.js it ran on. */
  readonly build: string;
  readonly node: string;
  /** What the digest covers: files, and directories (ending in `/`) with everything in them. */
  readonly paths: readonly string[];
  /** fingerprintAssetDirectory's digest of that state. */
  readonly digest: string;
  /** ISO 8601: the latest notBefore of a certificate, less the clock skew that checks allow. */
  readonly validFrom: string;
  /** ISO 8601: the earliest notAfter, when a certificate expires and render would refuse it. */
  readonly validUntil: string;
  /** What a render of this state writes to stderr: cluster.yaml's warnings, templates left alone. */
  readonly stderr: string;
}

/** The fingerprint in the file's bytes; undefined unless it is one of this version, whole. */
export function parseRenderFingerprint(bytes: Uint8Array): RenderFingerprint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const strings = ['build', 'node', 'digest', 'validFrom', 'validUntil', 'stderr'];
  if (record.version !== 1 || strings.some((key) => typeof record[key] !== 'string'))
    return undefined;
  // Paths inside the asset directory only: relative, and never up through `..`.
  const inside = (path: unknown) =>
    typeof path === 'string' &&
    path !== '' &&
    !path.startsWith('/') &&
    !path.includes('\0') &&
    !path.split('/').includes('..');
  if (!Array.isArray(record.paths) || !record.paths.every(inside)) return undefined;
  return record as unknown as RenderFingerprint;
}
