import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ensureAssetDirectory } from './ensureAssetDirectory.js';
import { NO_FOLLOW, readAssetFile } from './readAssetFile.js';
import { unsafeFile } from './internal/lstatAssetPath.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The credentials/ directory of an asset directory. */
export function credentialsDirectory(assetDirectory: string): string {
  return join(assetDirectory, 'credentials');
}

/**
 * Makes credentials/ (mode 0700, also when it existed).
 * @throws {AssetError} `UNSAFE_FILE` when credentials/ is a link or not a directory.
 */
export async function ensureCredentialsDirectory(directory: string): Promise<void> {
  await ensureAssetDirectory(dirname(directory), basename(directory), 0o700, { enforceMode: true });
}

/**
 * credentials/.gitignore: deny by default, so a plaintext key or token (and any file a later
 * kube-aws adds) never reaches git; the sealed files and the certificates are let through, so
 * `git add -A` commits what a teammate's clone needs to keep the cluster's CA.
 */
export const CREDENTIALS_GITIGNORE = [
  '# Written by kube-aws. Plaintext keys and tokens never leave this machine: everything is',
  '# ignored except the KMS-sealed secrets (.enc, .sha256) and the certificates and public keys.',
  '*',
  '!.gitignore',
  '!*.enc',
  '!*.sha256',
  '!*.pem',
  '*-key.pem',
  '',
].join('\n');

/** What kube-aws before 0.2 wrote: it ignored everything, sealed files too (issue 15). */
const IGNORE_EVERYTHING = '# TLS keys and certificates: never commit them.\n*\n';

/**
 * Makes credentials/ (mode 0700, also when it existed) with its .gitignore
 * (CREDENTIALS_GITIGNORE): call it before the first secret is written there. A .gitignore that
 * older kube-aws wrote is brought up to date; one the user wrote is left alone.
 * @throws {AssetError} `UNSAFE_FILE` when credentials/ or its .gitignore is a link or not what it should be.
 */
export async function prepareCredentialsDirectory(directory: string): Promise<void> {
  await ensureCredentialsDirectory(directory);
  const current = (
    await readAssetFile(dirname(directory), `${basename(directory)}/.gitignore`)
  )?.toString('utf8');
  if (current !== undefined && current !== IGNORE_EVERYTHING) return;
  await writeFileAtomic(join(directory, '.gitignore'), CREDENTIALS_GITIGNORE, {
    mode: 0o644,
    overwrite: current !== undefined,
    name: 'credentials/.gitignore',
  });
}

/**
 * The text of those of `names` that exist in the directory, each checked to be a regular file
 * (never read through a link).
 * @throws {AssetError} `UNSAFE_FILE` naming the first that is a link, FIFO, device or directory.
 */
export async function readCredentialFiles(
  directory: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of names) {
    const bytes = await readAssetFile(dirname(directory), `${basename(directory)}/${name}`);
    if (bytes !== undefined) files.set(name, bytes.toString('utf8'));
  }
  return files;
}

/** The files of credentials/ that hold sealed secrets (`<name>.enc`, `<name>.sha256`). */
export async function listSealedFiles(directory: string): Promise<Set<string>> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return new Set(names.filter((name) => name.endsWith('.enc') || name.endsWith('.sha256')));
}

/**
 * Tightens a key file to mode 0600 through the file opened, never a link; returns true when it
 * had to. Call it only once the file was read as a regular file and the set checked.
 */
export async function restrictKeyFile(path: string, name: string): Promise<boolean> {
  const handle = await open(path, constants.O_RDONLY | NO_FOLLOW);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw unsafeFile(name, stats, 'file');
    if ((stats.mode & 0o777) === 0o600) return false;
    await handle.chmod(0o600);
    return true;
  } finally {
    await handle.close();
  }
}

/** Writes a file of the asset directory atomically unless it already holds exactly this content. */
export async function writeIfChanged(
  assetDirectory: string,
  relativePath: string,
  content: string,
  mode: number,
): Promise<boolean> {
  const current = await readAssetFile(assetDirectory, relativePath);
  if (current?.toString('utf8') === content) return false;
  await writeFileAtomic(join(assetDirectory, relativePath), content, {
    mode,
    overwrite: true,
    name: relativePath,
  });
  return true;
}
