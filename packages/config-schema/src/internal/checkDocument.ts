import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { CST, Document, Node } from 'yaml';
import { INPUT_LIMITS } from '../inputLimits.js';
import type { FieldPath } from './SourceInfo.js';
import type { TextProblem } from './TextProblem.js';
import { describeUnsafeCharacter, UNSAFE_CHARACTER } from './unsafeCharacters.js';

/** The YAML 1.2 core schema's tags, and `!`: nothing in cluster.yaml needs another. */
const ALLOWED_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);
ALLOWED_TAGS.add('!');

interface Expansion {
  /** Nodes in the value once every alias in it is replaced by what it names. */
  readonly size: number;
  /** Lists and mappings nested in the value, aliases expanded. */
  readonly depth: number;
}

export interface DocumentCheck {
  readonly problems: TextProblem[];
  /** The path of the innermost key or value written at an offset. */
  pathAt(offset: number): FieldPath;
}

export interface DocumentCheckInput {
  readonly document: Document.Parsed;
  /** Tag tokens of the document, by offset (from checkNesting). */
  readonly tags: readonly CST.SourceToken[];
  /** Directive lines of the document (from checkNesting). */
  readonly directives: readonly CST.Directive[];
  /** The text the document was composed from: characters written in it raw are found elsewhere. */
  readonly text: string;
  readonly lineAt: (offset: number) => number;
}

function keyString(key: unknown): string | undefined {
  if (key === null || key === undefined) return '';
  if (!isScalar(key)) return undefined;
  return key.value === null || key.value === undefined ? '' : String(key.value);
}

function startOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/**
 * Checks a composed document before it becomes JavaScript values: tags outside the core schema,
 * keys written twice, unsafe characters written as escapes, and aliases, whose expansion is
 * measured without expanding anything (cycles, depth and the billion laughs).
 */
export function checkDocument(input: DocumentCheckInput): DocumentCheck {
  const { document, tags, directives, text, lineAt } = input;
  const problems: TextProblem[] = [];
  const spans: { start: number; end: number; path: FieldPath }[] = [];
  const anchors = new Map<string, Node>();
  const expanded = new Map<Node, Expansion>();
  const inProgress = new Set<Node>();
  let aliased = 0;
  let aliasReported = false;
  let deepAliasReported = false;
  let unsafeEscapes = 0;

  /** The last tag written before an offset: a node's own tag comes right before the node. */
  const tagWrittenBefore = (offset: number): CST.SourceToken | undefined => {
    let low = 0;
    let high = tags.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (tags[middle]!.offset < offset) low = middle + 1;
      else high = middle;
    }
    return tags[low - 1];
  };

  const checkTag = (node: Node, path: FieldPath) => {
    if (node.tag === undefined || ALLOWED_TAGS.has(node.tag)) return;
    const written = tagWrittenBefore(startOf(node));
    const source = written?.source ?? node.tag;
    // %TAG can make !!str mean another tag: then both are named.
    const resolved =
      source.startsWith('!!') && !node.tag.startsWith('tag:yaml.org,2002:') ? ` (${node.tag})` : '';
    problems.push({
      offset: written?.offset ?? startOf(node),
      code: 'unknown-tag',
      path,
      message: `the YAML tag ${source}${resolved} is not allowed: cluster.yaml holds only strings, numbers, booleans, lists and mappings, and kube-aws makes nothing else from a tag`,
    });
  };

  const checkEscapes = (node: Node, path: FieldPath) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const match = UNSAFE_CHARACTER.exec(node.value);
    if (match === null || unsafeEscapes >= INPUT_LIMITS.maxProblemsPerKind) return;
    const [start, , end] = node.range ?? [0, 0, 0];
    // Written raw, it was reported where it stands (findUnsafeCharacters, or readClusterYaml for U+FFFD).
    if (text.slice(start, end).includes(match[0])) return;
    unsafeEscapes++;
    problems.push({
      offset: start,
      code: 'unsafe-character',
      path,
      message: describeUnsafeCharacter(match[0], true),
    });
  };

  const visit = (node: Node | null | undefined, path: FieldPath, depth: number): Expansion => {
    if (node === null || node === undefined) return { size: 1, depth: 0 };
    if (node.range) spans.push({ start: node.range[0], end: node.range[2], path });
    if (isAlias(node)) return visitAlias(node, path, depth);
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
    checkTag(node, path);
    let result: Expansion = { size: 1, depth: 0 };
    if (isMap(node)) {
      inProgress.add(node);
      const seen = new Map<string, Node>();
      let size = 1;
      let inner = 0;
      for (const pair of node.items) {
        const key = keyString(pair.key);
        const itemPath = [...path, key ?? '?'];
        const keyNode = pair.key as Node | null;
        const first = key === undefined ? undefined : seen.get(key);
        if (first !== undefined) {
          problems.push({
            offset: startOf(keyNode),
            code: 'duplicate-key',
            path: itemPath,
            message: `is written twice in the same mapping (first on line ${lineAt(startOf(first))}); remove one`,
          });
        } else if (key !== undefined && keyNode !== null) {
          seen.set(key, keyNode);
        }
        const keyResult = visit(keyNode, itemPath, depth + 1);
        const valueResult = visit(pair.value as Node | null, itemPath, depth + 1);
        size += keyResult.size + valueResult.size;
        inner = Math.max(inner, keyResult.depth, valueResult.depth);
      }
      inProgress.delete(node);
      result = { size, depth: inner + 1 };
    } else if (isSeq(node)) {
      inProgress.add(node);
      let size = 1;
      let inner = 0;
      node.items.forEach((item, index) => {
        const itemResult = visit(item as Node | null, [...path, index], depth + 1);
        size += itemResult.size;
        inner = Math.max(inner, itemResult.depth);
      });
      inProgress.delete(node);
      result = { size, depth: inner + 1 };
    } else {
      checkEscapes(node, path);
    }
    expanded.set(node, result);
    return result;
  };

  const visitAlias = (node: Node, path: FieldPath, depth: number): Expansion => {
    if (!isAlias(node)) return { size: 1, depth: 0 };
    const target = anchors.get(node.source);
    if (target === undefined) {
      problems.push({
        offset: startOf(node),
        code: 'yaml-syntax',
        path,
        message: `YAML syntax error: the alias *${node.source} names no anchor &${node.source} written before it`,
      });
      return { size: 1, depth: 0 };
    }
    if (inProgress.has(target)) {
      problems.push({
        offset: startOf(node),
        code: 'alias-cycle',
        path,
        message: `the alias *${node.source} is inside the value it names, so it would expand forever`,
      });
      return { size: 1, depth: 0 };
    }
    const result = expanded.get(target) ?? { size: 1, depth: 0 };
    aliased += result.size;
    if (aliased > INPUT_LIMITS.maxAliasedNodes && !aliasReported) {
      aliasReported = true;
      problems.push({
        offset: startOf(node),
        code: 'alias-too-large',
        path,
        message: `the alias *${node.source} repeats ${result.size} nodes, which takes the nodes repeated through aliases past ${INPUT_LIMITS.maxAliasedNodes}, the most kube-aws expands (a "billion laughs" file); write the values out`,
      });
    }
    if (depth + result.depth > INPUT_LIMITS.maxDepth && !deepAliasReported) {
      deepAliasReported = true;
      problems.push({
        offset: startOf(node),
        code: 'nesting-too-deep',
        path,
        message: `the alias *${node.source} nests lists and mappings ${depth + result.depth} deep here, more than the ${INPUT_LIMITS.maxDepth} kube-aws reads; cluster.yaml needs 5`,
      });
    }
    return result;
  };

  visit(document.contents as Node | null, [], 0);

  const directive = document.directives?.yaml;
  if (directive?.explicit === true && directive.version !== '1.2') {
    const line = directives.find((written) => written.source.startsWith('%YAML'));
    problems.push({
      offset: line?.offset ?? 0,
      code: 'yaml-syntax',
      message: `%YAML ${directive.version} is not read: cluster.yaml is YAML 1.2, where yes is a string and not true; remove the %YAML line`,
    });
  }

  return {
    problems,
    pathAt(offset) {
      let best: { start: number; end: number; path: FieldPath } | undefined;
      for (const span of spans) {
        if (span.start <= offset && offset < span.end) {
          if (best === undefined || span.end - span.start <= best.end - best.start) best = span;
        }
      }
      return best?.path ?? [];
    },
  };
}
