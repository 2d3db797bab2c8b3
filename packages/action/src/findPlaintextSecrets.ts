/** A PEM private key of any kind: PKCS#8, encrypted PKCS#8, RSA, EC, OpenSSH. */
const PRIVATE_KEY_MARKER = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * The files among `files` (path and content) that must never be committed: those holding a PEM
 * private-key marker, and those named as a plaintext secret of credentials/.
 */
export function findPlaintextSecrets(
  files: ReadonlyMap<string, string>,
  secretPaths: ReadonlySet<string>,
): string[] {
  return [...files]
    .filter(([path, content]) => secretPaths.has(path) || PRIVATE_KEY_MARKER.test(content))
    .map(([path]) => path);
}
