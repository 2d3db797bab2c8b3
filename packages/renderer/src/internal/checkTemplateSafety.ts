import nunjucks from 'nunjucks';
import { RenderError } from '../RenderError.js';

/** The parts of a nunjucks syntax tree this check reads (nunjucks/src/nodes.js). */
interface TemplateNode {
  readonly typename: string;
  readonly fields: readonly string[];
  readonly lineno: number;
  readonly colno: number;
  readonly value?: unknown;
  readonly children?: readonly TemplateNode[];
  readonly [field: string]: unknown;
}

interface TemplateParser {
  parse(source: string, extensions?: readonly unknown[], options?: object): TemplateNode;
}

/** The filters a template may use: each returns data from data, and none calls anything given. */
export const ALLOWED_FILTERS = [
  'join',
  'trim',
  'indent',
  'default',
  'lower',
  'upper',
  'length',
] as const;

/**
 * The syntax a template may use: output, plain data lookups, loops, conditions, comparisons,
 * arithmetic, `set`, and the allowed filters. Everything that calls or loads something is absent:
 * function calls, macros, `call`, `include`, `import`, `extends`, blocks, extensions, `is` tests.
 */
const ALLOWED_NODES = new Set([
  'Root',
  'NodeList',
  'Output',
  'TemplateData',
  'Literal',
  'Symbol',
  'LookupVal',
  'Group',
  'Array',
  'For',
  'If',
  'InlineIf',
  'Set',
  'Filter',
  'Compare',
  'CompareOperand',
  'And',
  'Or',
  'Not',
  'In',
  'Concat',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'FloorDiv',
  'Mod',
  'Neg',
  'Pos',
]);

/** A key a lookup may name: a data field (not `constructor`, `__proto__`, `prototype`…) or an index. */
const DATA_KEY = /^(?!__)(?!(constructor|prototype)$)[A-Za-z_][\w.-]*$/;

const parser = (nunjucks as unknown as { parser: TemplateParser }).parser;

function refuse(file: string, node: TemplateNode, message: string): never {
  throw new RenderError(
    'TEMPLATE_ERROR',
    `${message} (templates may only look up data; nothing in them may call or load anything)`,
    { file, line: node.lineno + 1 },
  );
}

function childrenOf(node: TemplateNode): TemplateNode[] {
  const values =
    node.children !== undefined
      ? [...node.children]
      : node.fields.map((field) => node[field] as TemplateNode | null);
  return values.filter(
    (child): child is TemplateNode =>
      typeof child === 'object' && child !== null && 'typename' in child,
  );
}

function check(file: string, node: TemplateNode): void {
  if (!ALLOWED_NODES.has(node.typename))
    refuse(file, node, `${describe(node.typename)} is not allowed in a kube-aws template`);
  if (node.typename === 'LookupVal') {
    const key = node.val as TemplateNode;
    const literal = key.typename === 'Literal' ? key.value : undefined;
    const isIndex = typeof literal === 'number' && Number.isInteger(literal) && literal >= 0;
    if (!isIndex && !(typeof literal === 'string' && DATA_KEY.test(literal)))
      refuse(
        file,
        node,
        `the lookup [${typeof literal === 'string' ? JSON.stringify(literal) : '…'}] is not a data field`,
      );
  }
  if (node.typename === 'Filter') {
    const name = (node.name as TemplateNode).value;
    if (!(ALLOWED_FILTERS as readonly unknown[]).includes(name))
      refuse(
        file,
        node,
        `the filter ${String(name)} is not allowed; kube-aws templates may use ${ALLOWED_FILTERS.join(', ')}`,
      );
    // The filter's name is not a variable: check only its arguments.
    for (const child of childrenOf(node.args as TemplateNode)) check(file, child);
    return;
  }
  if (node.typename === 'Literal' && node.value instanceof RegExp)
    refuse(file, node, 'a regular expression literal is not allowed in a kube-aws template');
  for (const child of childrenOf(node)) check(file, child);
}

function describe(typename: string): string {
  const names: Record<string, string> = {
    FunCall: 'calling a function',
    Macro: '{% macro %}',
    Caller: '{% call %}',
    Import: '{% import %}',
    FromImport: '{% from … import %}',
    Include: '{% include %}',
    Extends: '{% extends %}',
    Block: '{% block %}',
    Super: 'super()',
    Is: 'an `is` test',
    Dict: 'a dictionary literal',
    CallExtension: 'a template extension',
    CallExtensionAsync: 'a template extension',
    FilterAsync: 'an async filter',
    Switch: '{% switch %}',
  };
  return names[typename] ?? `${typename} syntax`;
}

/**
 * Refuses a template that could run code when it is filled in: a template is code, and one from a
 * pull request or an edited asset directory must not reach `Function`, a constructor or a method
 * of the context's values (`{{ cluster.name.constructor.constructor("…")() }}`). Only the syntax
 * and filters allow-listed here pass; the context is plain data besides (renderTemplate).
 * @throws {RenderError} `TEMPLATE_ERROR` naming the file and line.
 */
export function checkTemplateSafety(file: string, source: string): void {
  let root: TemplateNode;
  try {
    root = parser.parse(source, [], {});
  } catch {
    // Not parseable: nunjucks reports the syntax error with its line when it renders.
    return;
  }
  check(file, root);
}
