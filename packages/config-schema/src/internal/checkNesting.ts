import { CST } from 'yaml';
import { INPUT_LIMITS } from '../inputLimits.js';
import type { FieldPath } from './SourceInfo.js';
import type { TextProblem } from './TextProblem.js';

export interface NestingResult {
  /** The first list or mapping nested deeper than INPUT_LIMITS.maxDepth, if any. */
  readonly problem: TextProblem | undefined;
  /** Every tag written, by offset, so that a refused tag is reported where it is written. */
  readonly tags: readonly CST.SourceToken[];
  /** Every directive line (`%YAML 1.1`, `%TAG ...`). */
  readonly directives: readonly CST.Directive[];
}

interface Pending {
  readonly token: CST.Token;
  /** Lists and mappings around the token. */
  readonly depth: number;
  readonly path: FieldPath;
}

function keyOf(token: CST.Token | null | undefined): string {
  if (token === null || token === undefined) return '';
  // A key with a syntax error still gets a name; the composer reports the error itself.
  const scalar = CST.isScalar(token) ? CST.resolveAsScalar(token, true, () => undefined) : null;
  return scalar === null ? '?' : scalar.value;
}

function collectTags(
  tokens: readonly CST.SourceToken[] | undefined,
  tags: CST.SourceToken[],
): void {
  for (const token of tokens ?? []) if (token.type === 'tag') tags.push(token);
}

/**
 * Measures how deep lists and mappings are nested in the parser's tokens, before the composer
 * (which recurses) sees them, and without recursing itself: `[[[[...` is one line.
 */
export function checkNesting(tokens: readonly CST.Token[]): NestingResult {
  const tags: CST.SourceToken[] = [];
  const directives: CST.Directive[] = [];
  const pending: Pending[] = tokens.map((token) => ({ token, depth: 0, path: [] }));
  pending.reverse();
  let next: Pending | undefined;
  while ((next = pending.pop()) !== undefined) {
    const { token, depth, path } = next;
    const children: Pending[] = [];
    switch (token.type) {
      case 'directive':
        directives.push(token);
        break;
      case 'document':
        collectTags(token.start, tags);
        if (token.value !== undefined) children.push({ token: token.value, depth, path });
        break;
      case 'block-scalar':
        for (const prop of token.props) if (prop.type === 'tag') tags.push(prop as CST.SourceToken);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > INPUT_LIMITS.maxDepth) {
          return {
            problem: {
              offset: token.offset,
              code: 'nesting-too-deep',
              path,
              message: `lists and mappings are nested more than ${INPUT_LIMITS.maxDepth} deep here, the most kube-aws reads; cluster.yaml needs 5`,
            },
            tags,
            directives,
          };
        }
        const isList =
          token.type === 'block-seq' ||
          (token.type === 'flow-collection' && token.start.source === '[');
        token.items.forEach((item, index) => {
          collectTags(item.start, tags);
          collectTags(item.sep, tags);
          const itemPath = isList ? [...path, index] : [...path, keyOf(item.key)];
          if (item.key !== undefined && item.key !== null) {
            children.push({ token: item.key, depth: depth + 1, path: itemPath });
          }
          if (item.value !== undefined) {
            children.push({ token: item.value, depth: depth + 1, path: itemPath });
          }
        });
        break;
      }
      default:
        break;
    }
    pending.push(...children.reverse());
  }
  tags.sort((a, b) => a.offset - b.offset);
  return { problem: undefined, tags, directives };
}
