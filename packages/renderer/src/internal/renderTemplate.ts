import nunjucks from 'nunjucks';
import { RenderError } from '../RenderError.js';
import { ALLOWED_FILTERS, checkTemplateSafety } from './checkTemplateSafety.js';

const environment = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
// Nothing to call or load: no globals (range, cycler, joiner), only the allow-listed filters.
{
  const env = environment as unknown as {
    globals: Record<string, unknown>;
    filters: Record<string, unknown>;
  };
  for (const name of Object.keys(env.globals)) delete env.globals[name];
  for (const name of Object.keys(env.filters))
    if (!(ALLOWED_FILTERS as readonly string[]).includes(name)) delete env.filters[name];
}

/**
 * A deep copy of the context as plain data: objects without a prototype, so no lookup reaches
 * `constructor` or `__proto__`, and no functions at all.
 */
function plainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainData);
  if (typeof value === 'function') throw new Error('a template context holds only data');
  if (typeof value !== 'object' || value === null) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) copy[key] = plainData(item);
  return copy;
}

const EXPRESSION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}|\{%-?\s*(for|if|elif|set)\s+([\s\S]*?)\s*-?%\}/g;
const PATH = /(?<![\w.'"\]])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)/g;
const KEYWORDS = new Set([
  'in',
  'and',
  'or',
  'not',
  'if',
  'else',
  'is',
  'true',
  'false',
  'none',
  'null',
  'loop',
]);

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

function closest(word: string, options: readonly string[]): string | undefined {
  return (
    options.find((option) => option.toLowerCase() === word.toLowerCase()) ??
    options.find((option) => option.startsWith(word.slice(0, 3)))
  );
}

/**
 * Finds variables a template uses that its context does not have, before nunjucks runs: nunjucks
 * reports only "undefined value" at a line, while a user wants the name they mistyped.
 */
function checkVariables(file: string, source: string, context: Record<string, unknown>): void {
  const locals = new Set<string>();
  for (const match of source.matchAll(/\{%-?\s*for\s+([\w\s,]+?)\s+in\s/g))
    for (const name of match[1]!.split(',')) locals.add(name.trim());
  for (const match of source.matchAll(/\{%-?\s*set\s+(\w+)/g)) locals.add(match[1]!);
  for (const match of source.matchAll(EXPRESSION)) {
    const expression = (match[1] ?? match[3] ?? '').replace(/'[^']*'|"[^"]*"/g, "''");
    const inLoop = match[2] === 'for' ? expression.replace(/^[\w\s,]+?\s+in\s+/, '') : expression;
    for (const path of inLoop.matchAll(PATH)) {
      const [, root = '', rest = ''] = path;
      if (KEYWORDS.has(root) || locals.has(root) || /^\d/.test(root)) continue;
      const previous = inLoop.slice(0, path.index).trimEnd();
      if (previous.endsWith('|')) continue;
      const line = lineAt(source, match.index);
      let value: unknown = context;
      let walked = '';
      for (const key of [root, ...rest.split('.').filter((part) => part !== '')]) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) break;
        const record = value as Record<string, unknown>;
        if (!(key in record)) {
          const name = walked === '' ? key : `${walked}.${key}`;
          const suggestion = closest(key, Object.keys(record));
          const hint =
            suggestion === undefined
              ? ''
              : `; did you mean ${walked === '' ? suggestion : `${walked}.${suggestion}`}?`;
          throw new RenderError('TEMPLATE_ERROR', `unknown variable "${name}"${hint}`, {
            file,
            line,
          });
        }
        value = record[key];
        walked = walked === '' ? key : `${walked}.${key}`;
      }
    }
  }
}

/**
 * Renders a nunjucks template with an explicit context of plain data. A template that could run
 * code is refused before anything runs (checkTemplateSafety); unknown variables and undefined
 * values fail, naming the template file and line, instead of rendering an empty string.
 * @throws {RenderError} `TEMPLATE_ERROR`
 */
export function renderTemplate(
  file: string,
  source: string,
  context: Record<string, unknown>,
): string {
  checkTemplateSafety(file, source);
  checkVariables(file, source, context);
  try {
    return environment.renderString(source, plainData(context) as object);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /\[Line (\d+), Column \d+\]/.exec(message);
    const detail =
      message
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('(unknown path)'))
        .pop() ?? message;
    throw new RenderError('TEMPLATE_ERROR', detail.replace(/^Error: /, ''), {
      file,
      ...(position === null ? {} : { line: Number(position[1]) }),
      cause,
    });
  }
}
