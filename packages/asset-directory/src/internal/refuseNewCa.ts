import type { CredentialSpec } from '@kube-aws/pki';
import { AssetError } from '../AssetError.js';
import { readAssetFile } from '../readAssetFile.js';

/** Where `up` records the stack it made, so a clone knows offline that the cluster exists. */
export const STACK_RECORD = '.kube-aws/stack.json';

/**
 * Refuses, before anything is written, to make a CA anew for a cluster that has one: when
 * credentials/ holds sealed secrets, or STACK_RECORD says a stack was made from this directory, a
 * CA without its key is a CA that could not be opened (a clone without KMS access, a `.enc` not
 * committed), never one to replace silently: every node trusts only the old one. A new CA comes
 * only from `--force-regenerate=<ca> --i-understand-this-replaces-the-ca`.
 * @throws {AssetError} `CREDENTIALS_INVALID` (exit 1) naming each CA and the cause.
 */
export async function refuseNewCa(
  assetDirectory: string,
  specs: readonly CredentialSpec[],
  existing: ReadonlyMap<string, string>,
  sealedFiles: ReadonlySet<string>,
  replaceable: readonly string[],
): Promise<void> {
  const record = await readAssetFile(assetDirectory, STACK_RECORD);
  if (sealedFiles.size === 0 && record === undefined) return;
  const evidence =
    sealedFiles.size > 0
      ? 'credentials/ holds sealed secrets'
      : `${STACK_RECORD} records a stack made from this directory`;
  const causes: string[] = [];
  for (const spec of specs) {
    if (spec.kind !== 'ca' || existing.has(spec.keyFile) || replaceable.includes(spec.name))
      continue;
    const sealed = sealedFiles.has(`${spec.keyFile}.enc`);
    const cause = !sealed
      ? `credentials/${spec.keyFile}.enc is missing: commit it where the cluster was made, or restore it (git checkout -- credentials/)`
      : !existing.has(spec.certificateFile)
        ? `credentials/${spec.certificateFile} is missing beside the sealed key: restore it from git`
        : `credentials/${spec.keyFile}.enc was not opened`;
    causes.push(`${spec.name}: ${cause}`);
  }
  if (causes.length === 0) return;
  throw new AssetError(
    'CREDENTIALS_INVALID',
    [
      `refusing to make a new CA: ${evidence}, so this cluster has its CAs and its nodes trust only them.`,
      ...causes,
      'A new CA replaces every node; only --force-regenerate=<ca> --i-understand-this-replaces-the-ca makes one.',
    ].join('\n'),
  );
}
