import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { NodeFile, RenderedNode } from './renderedNodes.js';

/**
 * Where the Debian package `systemd` (the one that provides systemd-analyze) keeps systemd's own
 * units. Its targets and slices (sysinit.target, network-online.target, multi-user.target,
 * system.slice, …) are the upstream files Flatcar ships too, so the root copies them as they are.
 */
const SYSTEMD_UNITS = '/usr/lib/systemd/system';

/**
 * Units Flatcar adds to systemd's own and our units may need. Stubs: verify only needs them to
 * exist. A unit missing here fails the check ("Unit … not found"); add it only if Flatcar ships it.
 */
export const FLATCAR_UNITS: Readonly<Record<string, string>> = {
  'containerd.service':
    '[Unit]\nDescription=containerd (Flatcar)\n[Service]\nExecStart=/usr/bin/containerd\n',
  'docker.socket':
    '[Unit]\nDescription=Docker socket (Flatcar)\n[Socket]\nListenStream=/run/docker.sock\n',
  'docker.service': '[Unit]\nDescription=Docker (Flatcar)\n[Service]\nExecStart=/usr/bin/dockerd\n',
};

/** Programs Flatcar ships that a unit may run (ExecStart=/usr/bin/docker …): empty stubs. */
const FLATCAR_EXECUTABLES = [
  '/usr/bin/bash',
  '/usr/bin/sh',
  '/usr/bin/env',
  '/usr/bin/true',
  '/usr/bin/containerd',
  '/usr/bin/docker',
  '/usr/bin/dockerd',
  '/usr/bin/coreos-cloudinit',
  '/usr/bin/hostnamectl',
  '/usr/bin/systemctl',
];

/** Binaries install-kubernetes.service downloads at boot, so no write_files entry holds them. */
const DOWNLOADED_AT_BOOT = ['/opt/bin/kubelet', '/opt/bin/kubectl', '/opt/bin/helm'];

/** The bytes coreos-cloudinit writes for a write_files entry. */
function fileBytes(file: NodeFile): Buffer {
  switch (file.encoding) {
    case undefined:
      return Buffer.from(file.content, 'utf8');
    case 'b64':
    case 'base64':
      return Buffer.from(file.content, 'base64');
    case 'gz':
    case 'gzip':
      return gunzipSync(Buffer.from(file.content, 'binary'));
    case 'gz+b64':
    case 'gz+base64':
    case 'gzip+b64':
    case 'gzip+base64':
      return gunzipSync(Buffer.from(file.content, 'base64'));
    default:
      throw new Error(`${file.path}: encoding ${file.encoding} is not one coreos-cloudinit knows`);
  }
}

function writeInRoot(root: string, path: string, bytes: Buffer | string, mode: number): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  // The file may be a hard link into the shared base: replace it rather than write through it.
  rmSync(target, { force: true });
  writeFileSync(target, bytes);
  chmodSync(target, mode);
}

/**
 * Lays out, under `base`, what every node's root shares: Flatcar's merged /usr, systemd's targets
 * and slices, and stubs for the units and programs Flatcar adds. Built once per test file, then
 * hard-linked into each node's root (copying it 17 times costs seconds on a busy machine).
 */
export function writeFlatcarBase(base: string): void {
  mkdirSync(join(base, 'usr/bin'), { recursive: true });
  mkdirSync(join(base, 'usr/sbin'), { recursive: true });
  mkdirSync(join(base, 'usr/lib/systemd/system'), { recursive: true });
  for (const [link, target] of [
    ['bin', 'usr/bin'],
    ['sbin', 'usr/sbin'],
    ['lib', 'usr/lib'],
  ] as const) {
    symlinkSync(target, join(base, link));
  }
  for (const name of readdirSync(SYSTEMD_UNITS)) {
    if (name.endsWith('.target') || name.endsWith('.slice')) {
      copyFileSync(join(SYSTEMD_UNITS, name), join(base, 'usr/lib/systemd/system', name));
    }
  }
  for (const [name, content] of Object.entries(FLATCAR_UNITS)) {
    writeInRoot(base, join('usr/lib/systemd/system', name), content, 0o644);
  }
  for (const path of FLATCAR_EXECUTABLES) writeInRoot(base, path, '', 0o755);
}

/** Recreates `from`'s tree under `to`: directories and symlinks anew, files as hard links. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) linkTree(source, target);
    else linkSync(source, target);
  }
}

/**
 * Lays out, under `root`, the file system a node boots with: the shared `base` (see
 * writeFlatcarBase), stubs for binaries fetched at boot, then every write_files entry (with its
 * mode; cloudinit's default is 0644) and every unit with content in /etc/systemd/system, where
 * coreos-cloudinit writes them. `systemd-analyze verify --root=<root>` then resolves units and
 * ExecStart= paths inside it.
 */
export function writeSystemdRoot(node: RenderedNode, root: string, base: string): void {
  linkTree(base, root);
  for (const file of node.files) {
    writeInRoot(root, file.path, fileBytes(file), parseInt(file.permissions ?? '0644', 8));
  }
  for (const path of DOWNLOADED_AT_BOOT) {
    if (!existsSync(join(root, path))) writeInRoot(root, path, '', 0o755);
  }
  for (const unit of node.units) {
    if (unit.content !== undefined) {
      writeInRoot(root, join('etc/systemd/system', unit.name), unit.content, 0o644);
    }
  }
}
