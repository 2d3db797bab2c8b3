import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { AssetProblem } from '../AssetProblem.js';
import { objectFieldsMissing } from './objectFieldsMissing.js';
import {
  commandLineProblems,
  componentOf,
  objectCommandLineProblems,
} from './commandLineProblems.js';

// The keys coreos-cloudinit (Flatcar's) understands; anything else it ignores without a word.
const TOP_LEVEL = [
  'coreos',
  'ssh_authorized_keys',
  'hostname',
  'users',
  'write_files',
  'manage_etc_hosts',
];
const COREOS = ['etcd2', 'fleet', 'flannel', 'locksmith', 'update', 'units'];
const UNIT = ['name', 'runtime', 'enable', 'content', 'command', 'mask', 'drop_ins'];
const WRITE_FILE = ['path', 'content', 'encoding', 'permissions', 'owner'];
const ENCODINGS = ['b64', 'base64', 'gz', 'gzip', 'gz+base64', 'gzip+base64', 'gz+b64', 'gzip+b64'];
/** Secrets the boot scripts make on the node itself, so they need no .enc file. */
const MADE_ON_NODE = ['kubelet', 'controller-manager', 'scheduler', 'admin'].map(
  (name) => `/etc/kubernetes/ssl/${name}-key.pem`,
);

/** The secrets a node's fetch-secrets script reads from SSM: its `names=(…)` line. */
function fetchedSecrets(text: string): Set<string> {
  const line = /^\s*names=\(([^)]*)\)/m.exec(text);
  return new Set(line === null ? [] : line[1]!.split(/\s+/).filter((name) => name !== ''));
}

function suggestion(key: string, known: readonly string[]): string {
  const close = known.find(
    (item) =>
      item.replace(/_/g, '') === key.replace(/[_-]/g, '').toLowerCase() ||
      item.startsWith(key.slice(0, 4)),
  );
  return close === undefined ? '' : `; did you mean ${close}?`;
}

/**
 * Checks a filled-in cloud-config the way coreos-cloudinit will read it: YAML, the #cloud-config
 * header, only keys it knows, write_files entries it can write, units with a name and something
 * to do, Kubernetes manifests that are objects, command lines their pinned releases accept, and every secret fetched sealed by /opt/bin/fetch-secrets.
 */
export function validateCloudConfig(
  file: string,
  text: string,
  /** A cloud-config whose fetch-secrets opens this one's secrets (the etcd tools': a controller's). */
  fetchedBy: string = text,
): AssetProblem[] {
  const problems: AssetProblem[] = [];
  const lineCounter = new LineCounter();
  const lineOf = (node: Node | null | undefined) =>
    node?.range === undefined || node?.range === null
      ? undefined
      : lineCounter.linePos(node.range[0]).line;
  const report = (node: Node | null | undefined, message: string) =>
    problems.push({ file, line: lineOf(node), message });
  if (!text.startsWith('#cloud-config\n'))
    problems.push({
      file,
      line: 1,
      message: 'the first line must be #cloud-config, or coreos-cloudinit ignores the file',
    });
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const error of document.errors)
    problems.push({
      file,
      line: lineCounter.linePos(error.pos[0]).line,
      message: `YAML: ${error.message.split('\n')[0]}`,
    });
  if (document.errors.length > 0) return problems;
  const root = document.contents;
  if (!isMap(root))
    return [...problems, { file, line: 1, message: 'must be a YAML mapping of cloud-config keys' }];

  const checkKeys = (map: YAMLMap, known: readonly string[], where: string) => {
    for (const pair of map.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!known.includes(key))
        report(
          pair.key,
          `unknown key ${key}${where}; coreos-cloudinit ignores it${suggestion(key, known)}`,
        );
    }
  };
  checkKeys(root, TOP_LEVEL, '');
  const coreos = root.get('coreos', true);
  if (isMap(coreos)) {
    checkKeys(coreos, COREOS, ' in coreos');
    const units = coreos.get('units', true);
    if (units !== undefined && !isSeq(units)) report(units, 'coreos.units must be a list');
    for (const unit of isSeq(units) ? units.items : []) {
      if (!isMap(unit)) {
        report(unit as Node, 'each unit must be a mapping');
        continue;
      }
      checkKeys(unit, UNIT, ' in a unit');
      const name = unit.get('name');
      if (
        typeof name !== 'string' ||
        !/^[\w@:.-]+\.(service|socket|timer|mount|automount|path|target|swap|device|slice|scope|netdev|network|link)$/.test(
          name,
        )
      ) {
        report(
          unit,
          `a unit needs a name such as kubelet.service (got ${JSON.stringify(name ?? null)})`,
        );
      }
      if (!['content', 'command', 'enable', 'mask', 'drop_ins'].some((key) => unit.has(key)))
        report(unit, `unit ${String(name)} has no content and nothing to do`);
      const content = unit.get('content');
      if (unit.has('content') && (typeof content !== 'string' || content.trim() === ''))
        report(unit, `unit ${String(name)} has empty content`);
      if (typeof content === 'string')
        for (const line of content.split('\n')) {
          const words = /^ExecStart=(.*)$/.exec(line.trim())?.[1]?.trim().split(/\s+/) ?? [];
          const component = componentOf(words[0]);
          if (component !== undefined)
            problems.push(...commandLineProblems(file, text, component, words.slice(1)));
        }
    }
  }
  const writeFiles = root.get('write_files', true);
  const written = new Set<string>();
  for (const entry of isSeq(writeFiles) ? writeFiles.items : []) {
    if (!isMap(entry)) {
      report(entry as Node, 'each write_files entry must be a mapping');
      continue;
    }
    checkKeys(entry, WRITE_FILE, ' in write_files');
    const path = entry.get('path');
    const permissions = entry.get('permissions');
    const encoding = entry.get('encoding');
    const content = entry.get('content');
    if (typeof path !== 'string' || !path.startsWith('/'))
      report(entry, `write_files needs an absolute path (got ${JSON.stringify(path ?? null)})`);
    else written.add(path);
    if (
      permissions !== undefined &&
      !(typeof permissions === 'string' && /^0?[0-7]{3,4}$/.test(permissions))
    ) {
      report(
        entry.get('permissions', true) as Node,
        `permissions of ${String(path)} must be a quoted octal string such as "0644" (got ${JSON.stringify(permissions)})`,
      );
    }
    if (encoding !== undefined && !ENCODINGS.includes(String(encoding)))
      report(
        entry,
        `encoding of ${String(path)} must be one of ${ENCODINGS.join(', ')} (got ${JSON.stringify(encoding)})`,
      );
    if (typeof content !== 'string') report(entry, `content of ${String(path)} must be text`);
    else if (
      encoding !== undefined &&
      String(encoding).includes('b') &&
      !/^[A-Za-z0-9+/]*={0,2}$/.test(content.replace(/\s+/g, ''))
    )
      report(entry, `content of ${String(path)} is not valid base64`);
    if (
      typeof path === 'string' &&
      /\/manifests\/[^/]+\.ya?ml$/.test(path) &&
      typeof content === 'string'
    ) {
      parseAllDocuments(content).forEach((manifest, index) => {
        if (manifest.errors.length > 0)
          return report(
            entry,
            `${path} document ${index + 1}: YAML: ${manifest.errors[0]!.message.split('\n')[0]}`,
          );
        const object: unknown = manifest.toJS();
        if (object === null) return;
        problems.push(...objectCommandLineProblems(file, text, object));
        const missing = objectFieldsMissing(object);
        if (missing.length > 0)
          report(entry, `${path} document ${index + 1} lacks ${missing.join(', ')}`);
      });
    }
  }
  const fetched = fetchedSecrets(fetchedBy);
  for (const match of text.matchAll(
    /\/etc\/kubernetes\/ssl\/([\w.-]+?-key\.pem|bootstrap-token)\b/g,
  )) {
    const secret = `/etc/kubernetes/ssl/${match[1]}`;
    if (MADE_ON_NODE.includes(secret) || fetched.has(match[1]!)) continue;
    const line = text.slice(0, match.index).split('\n').length;
    problems.push({
      file,
      line,
      message: `${secret} is used, but /opt/bin/fetch-secrets does not fetch ${match[1]} (its names=(…) line)`,
    });
    fetched.add(match[1]!);
  }
  return problems;
}
