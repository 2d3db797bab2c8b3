import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { FieldPath } from './SourceInfo.js';

function resolveAlias(node: unknown, document: Document): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : range[0];
}

/**
 * Finds where a path is written in a YAML document, as a 1-based line and column. A setting is
 * located at its key, where its line begins (`worker.count` at `count:`); a list item at the item;
 * a path that is absent at its nearest written ancestor.
 */
export function locateInDocument(
  document: Document,
  lineCounter: LineCounter,
  path: FieldPath,
): { line: number; column: number } | undefined {
  let node: unknown = resolveAlias(document.contents, document);
  let keyNode: unknown;
  let found = startOf(node);
  for (const segment of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key = isScalar(item.key) ? item.key.value : item.key;
        return String(key) === String(segment);
      });
      if (pair === undefined) break;
      keyNode = pair.key;
      node = resolveAlias(pair.value, document);
      found = startOf(keyNode) ?? found;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = resolveAlias(item, document);
    } else {
      break;
    }
    found = (keyNode === undefined ? startOf(node) : startOf(keyNode)) ?? found;
  }
  if (found === undefined) return undefined;
  const { line, col } = lineCounter.linePos(found);
  return { line, column: col };
}
