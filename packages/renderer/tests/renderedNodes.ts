import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';

/** Where a controller's install-addons writes the add-ons it fetched from SSM. */
export const ADDONS_PATH = '/srv/kubernetes/manifests/addons.yaml';

/** A file a cloud-config writes on the node (`write_files`), or one its boot scripts fetch. */
export interface NodeFile {
  readonly path: string;
  readonly permissions: string | undefined;
  readonly encoding: string | undefined;
  readonly content: string;
}

/** A systemd unit a cloud-config installs or starts (`coreos.units`). */
export interface NodeUnit {
  readonly name: string;
  /** Undefined for units Flatcar ships (containerd.service), which the cloud-config only starts. */
  readonly content: string | undefined;
}

/** One node's fully rendered cloud-config, as a golden fixture holds it. */
export interface RenderedNode {
  /** The golden case: `guide-init`. */
  readonly caseName: string;
  /** `controller0`, `worker-default`, … */
  readonly node: string;
  readonly cloudConfig: string;
  readonly units: readonly NodeUnit[];
  readonly files: readonly NodeFile[];
}

interface CloudConfigDocument {
  coreos?: { units?: { name: string; content?: string }[] };
  write_files?: { path: string; permissions?: string; encoding?: string; content?: string }[];
}

/** Splits a rendered cloud-config into its units and files. */
export function parseRenderedNode(caseName: string, node: string, text: string): RenderedNode {
  const document = parse(text) as CloudConfigDocument;
  return {
    caseName,
    node,
    cloudConfig: text,
    units: (document.coreos?.units ?? []).map((unit) => ({
      name: unit.name,
      content: unit.content,
    })),
    files: (document.write_files ?? []).map((file) => ({
      path: file.path,
      permissions: file.permissions,
      encoding: file.encoding,
      content: file.content ?? '',
    })),
  };
}

/**
 * Every node of every golden case, read from `tests/fixtures/<case>/build/cloud-config-<node>`,
 * controllers with the add-ons (`build/addons.yaml`) they fetch at boot and the etcd tools
 * (`build/etcd-tools`, a cloud-config) that /opt/bin/controller-files writes.
 * The golden test keeps those files equal to what buildStack renders, so checks that run real
 * tools on them (shellcheck, systemd-analyze, openssl, etcd) see exactly what a node receives.
 */
export function goldenNodes(): RenderedNode[] {
  const nodes: RenderedNode[] = [];
  for (const caseName of GOLDEN_CASES) {
    const dir = join(FIXTURES, caseName, 'build');
    for (const file of readdirSync(dir).sort()) {
      if (!file.startsWith('cloud-config-')) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      const node = parseRenderedNode(caseName, file.slice('cloud-config-'.length), text);
      // Controllers fetch the add-ons from SSM and write them here before applying them.
      const addons: NodeFile = {
        path: ADDONS_PATH,
        permissions: '0644',
        encoding: undefined,
        content: readFileSync(join(dir, 'addons.yaml'), 'utf8'),
      };
      const tools = parseRenderedNode(
        caseName,
        'etcd-tools',
        readFileSync(join(dir, 'etcd-tools'), 'utf8'),
      );
      nodes.push(
        node.node.startsWith('controller')
          ? { ...node, files: [...node.files, ...tools.files, addons] }
          : node,
      );
    }
  }
  return nodes;
}

/** Files that are scripts: a `#!` line. */
export function scriptFiles(node: RenderedNode): NodeFile[] {
  return node.files.filter((file) => file.encoding === undefined && file.content.startsWith('#!'));
}

/** Every Kubernetes object a node writes (static pods and add-on manifests), with its file. */
export function manifestObjects(node: RenderedNode): { path: string; object: unknown }[] {
  const objects: { path: string; object: unknown }[] = [];
  for (const file of node.files) {
    if (!/^\/(etc|srv)\/kubernetes\/.*manifests\/.*\.ya?ml$/.test(file.path)) continue;
    for (const document of parseAllDocuments(file.content)) {
      const object: unknown = document.toJS();
      if (object !== null && object !== undefined) objects.push({ path: file.path, object });
    }
  }
  return objects;
}
