import { CST, Lexer } from 'yaml';
import { INPUT_LIMITS } from '../inputLimits.js';
import type { TextProblem } from './TextProblem.js';

/** Lexer tokens that mark a place in the text without taking up any of it. */
const MARKERS = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);
/** Lexer tokens that start a node: a scalar, an alias, a flow collection or a list item. */
const NODE_STARTS = new Set<string>([
  'alias',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'flow-map-start',
  'flow-seq-start',
  'seq-item-ind',
]);

/**
 * Counts the nodes written in a YAML text with the lexer alone, which is several times faster than
 * parsing, and stops at the first node past INPUT_LIMITS.maxNodes. The count is close to, never
 * far above, what the parser would make.
 */
export function countYamlNodes(text: string): TextProblem | undefined {
  let nodes = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const starts = token === CST.SCALAR || NODE_STARTS.has(CST.tokenType(token) ?? '');
    if (starts && ++nodes > INPUT_LIMITS.maxNodes) {
      return {
        offset,
        code: 'too-many-nodes',
        message: `the file has more than ${INPUT_LIMITS.maxNodes} YAML nodes (keys, values, lists and mappings), the most kube-aws reads, and passes that count here; a cluster.yaml has a few hundred`,
      };
    }
    if (!MARKERS.has(token)) offset += token.length;
  }
  return undefined;
}
