import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AssetError } from './AssetError.js';
import { lstatAssetPath } from './internal/lstatAssetPath.js';
import { TEMPORARY_FILE_DIRECTORIES } from './internal/removeStaleTemporaryFiles.js';
import { NO_FOLLOW } from './readAssetFile.js';
import { RENDER_FINGERPRINT_FILE } from './RenderFingerprint.js';
import { isTemporaryFileName } from './temporaryFileName.js';

/** Larger files are not fingerprinted: nothing kube-aws renders or reads comes near it. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Nor directories holding more entries in all: an asset directory holds a few dozen. */
const MAX_ENTRIES = 10_000;

/** What a fingerprint covers, as it was read: the digest of it all, and each part. */
export interface AssetSnapshot {
  /** The sha256 over `identity`, and every path covered with its kind, mode and content. */
  readonly digest: string;
  /** The bytes of each regular file covered, by path relative to the asset directory. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** The permission bits of each file and directory covered that exists. */
  readonly modes: ReadonlyMap<string, number>;
  /** What is covered and neither a regular file nor a directory: links, FIFOs, devices. */
  readonly others: readonly string[];
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'link';
  return 'other';
}

/** A regular file's bytes and mode from the one file opened (never through a link). */
async function readRegularFile(path: string, name: string, checked: Stats) {
  const handle = await open(path, constants.O_RDONLY | NO_FOLLOW);
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== checked.ino || opened.dev !== checked.dev)
      throw new AssetError('UNSAFE_FILE', `${name} was replaced while kube-aws read it`);
    return { bytes: await handle.readFile(), mode: opened.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}

/**
 * Reads what a render reads and writes in the asset directory (`paths`: files such as
 * `cluster.yaml`, and directories such as `credentials/` with everything in them, subdirectories
 * too) and digests it with `identity`, the code that renders. Two equal digests mean the same
 * content, modes and kinds of file, with the same code. Nothing is followed through a link; a link
 * is covered as one. The fingerprint file itself is not covered.
 * @returns undefined when the directory holds a temporary file of a killed kube-aws (which render
 * removes), a file over 16 MiB or over 10,000 entries: no fingerprint stands for such a directory.
 * @throws {AssetError} `UNSAFE_FILE` when a directory covered is a link or not a directory.
 */
export async function fingerprintAssetDirectory(
  assetDirectory: string,
  paths: readonly string[],
  identity: string,
): Promise<AssetSnapshot | undefined> {
  for (const directory of TEMPORARY_FILE_DIRECTORIES) {
    const path = join(assetDirectory, directory);
    if (directory !== '' && (await lstatAssetPath(path, directory, 'directory')) === undefined)
      continue;
    if ((await readdir(path)).some(isTemporaryFileName)) return undefined;
  }
  const files = new Map<string, Buffer>();
  const modes = new Map<string, number>();
  const lines = new Map<string, string>();
  const others: string[] = [];
  const cover = async (name: string, stats: Stats | undefined): Promise<boolean> => {
    if (stats === undefined) {
      lines.set(name, 'absent');
      return true;
    }
    if (!stats.isFile()) {
      if (!stats.isDirectory()) others.push(name);
      modes.set(name, stats.mode & 0o7777);
      lines.set(name, `${kindOf(stats)} ${(stats.mode & 0o7777).toString(8)}`);
      return true;
    }
    if (stats.size > MAX_FILE_BYTES) return false;
    const { bytes, mode } = await readRegularFile(join(assetDirectory, name), name, stats);
    files.set(name, bytes);
    modes.set(name, mode);
    const hash = createHash('sha256').update(bytes).digest('hex');
    lines.set(name, `file ${mode.toString(8)} ${hash}`);
    return true;
  };
  const lstatOrAbsent = (name: string) =>
    lstat(join(assetDirectory, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  let entriesLeft = MAX_ENTRIES;
  const coverDirectory = async (path: string, stats: Stats): Promise<boolean> => {
    await cover(path, stats);
    const names = (await readdir(join(assetDirectory, path))).filter(
      (name) => `${path}${name}` !== RENDER_FINGERPRINT_FILE,
    );
    entriesLeft -= names.length;
    if (entriesLeft < 0) return false;
    const entries = await Promise.all(
      names.map(async (name) => [`${path}${name}`, await lstatOrAbsent(`${path}${name}`)] as const),
    );
    const covered = await Promise.all(
      entries.map(([name, entry]) =>
        entry?.isDirectory() === true ? coverDirectory(`${name}/`, entry) : cover(name, entry),
      ),
    );
    return !covered.includes(false);
  };
  for (const path of paths) {
    if (!path.endsWith('/')) {
      // As readAssetFile does: every directory on the way is one, never a link.
      const parts = path.split('/');
      let parentsExist = true;
      for (let index = 1; index < parts.length && parentsExist; index++) {
        const parent = parts.slice(0, index).join('/');
        const stats = await lstatAssetPath(join(assetDirectory, parent), parent, 'directory');
        parentsExist = stats !== undefined;
      }
      const stats = parentsExist ? await lstatOrAbsent(path) : undefined;
      if (!(await cover(path, stats))) return undefined;
      continue;
    }
    const directory = path.slice(0, -1);
    const stats = await lstatAssetPath(join(assetDirectory, directory), directory, 'directory');
    if (stats === undefined) await cover(path, stats);
    else if (!(await coverDirectory(path, stats))) return undefined;
  }
  const digest = createHash('sha256').update(`kube-aws asset fingerprint 1\n${identity}\n`);
  for (const [name, line] of [...lines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    digest.update(`${JSON.stringify(name)} ${line}\n`);
  return { digest: digest.digest('hex'), files, modes, others: others.sort() };
}
