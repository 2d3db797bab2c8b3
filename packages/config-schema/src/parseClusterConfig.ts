import { Composer, LineCounter, Parser } from 'yaml';
import type { Document } from 'yaml';
import type { ClusterConfigInput } from './ClusterConfigSchema.js';
import { ConfigError } from './ConfigError.js';
import type { ConfigProblem } from './ConfigProblem.js';
import { INPUT_LIMITS } from './inputLimits.js';
import { checkDocument } from './internal/checkDocument.js';
import { checkNesting } from './internal/checkNesting.js';
import { countYamlNodes } from './internal/countYamlNodes.js';
import { describeValue } from './internal/describeValue.js';
import { findUnsafeCharacters } from './internal/findUnsafeCharacters.js';
import { locateInDocument } from './internal/locateInDocument.js';
import { positionFinder } from './internal/positionFinder.js';
import { readClusterYaml } from './internal/readClusterYaml.js';
import type { FieldPath } from './internal/SourceInfo.js';
import { formatPath, rememberSource } from './internal/SourceInfo.js';
import type { TextProblem } from './internal/TextProblem.js';

function fail(fileName: string, text: string, problems: readonly TextProblem[]): ConfigError {
  const positionAt = positionFinder(text);
  const perCode = new Map<string, number>();
  const located = [...problems]
    .sort((a, b) => a.offset - b.offset)
    .filter((problem) => {
      const seen = (perCode.get(problem.code) ?? 0) + 1;
      perCode.set(problem.code, seen);
      return seen <= INPUT_LIMITS.maxProblemsPerKind;
    })
    .map((problem): ConfigProblem => {
      const { line, column } = positionAt(problem.offset);
      const path = formatPath(problem.path ?? []);
      return {
        code: problem.code,
        severity: 'error',
        file: fileName,
        line,
        column,
        path,
        message: problem.message,
      };
    });
  return new ConfigError('CONFIG_INVALID', located);
}

/** The one document of the text; a second one is an error at its start. */
function composeDocument(
  tokens: Parameters<Composer['compose']>[0],
  length: number,
): { document: Document.Parsed; extra: TextProblem | undefined } {
  const composer = new Composer({
    uniqueKeys: false, // checkDocument finds duplicates in linear time, and says where the first is.
    resolveKnownTags: false, // !!binary, !!set, !!timestamp and the like are refused, not read.
    prettyErrors: false,
    keepSourceTokens: false,
    // Complex keys become unknown keys; the yaml package would otherwise print a warning of its own.
    logLevel: 'error',
  });
  let document: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (document === undefined) {
      document = next;
      continue;
    }
    const extra: TextProblem = {
      offset: next.range[0],
      code: 'yaml-syntax',
      message:
        'YAML syntax error: a second YAML document starts here; cluster.yaml is one document, so remove the --- line',
    };
    return { document, extra };
  }
  return { document: document!, extra: undefined };
}

/**
 * Reads a cluster.yaml and keeps where each key came from, so later problems point at a line and
 * column. Give it the file's bytes: they are checked against INPUT_LIMITS before they are decoded
 * (as UTF-8, each invalid byte reported where it is) or parsed. The result is what the user wrote,
 * not yet checked: resolveClusterConfig checks it.
 * @throws {ConfigError} `CONFIG_INVALID` for a file past INPUT_LIMITS, invalid UTF-8, unsafe
 * characters, YAML syntax errors, tags outside YAML's core schema, keys written twice, aliases
 * that expand too far or forever, or a top level that is not a mapping.
 */
export function parseClusterConfig(
  source: string | Uint8Array,
  fileName = 'cluster.yaml',
): ClusterConfigInput {
  const read = readClusterYaml(source);
  const { text } = read;
  if (read.stop) throw fail(fileName, text, read.problems);
  const textProblems = [...read.problems, ...findUnsafeCharacters(text, read.replaced === true)];

  const tooMany = countYamlNodes(text);
  if (tooMany !== undefined) throw fail(fileName, text, [...textProblems, tooMany]);

  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const nesting = checkNesting(tokens);
  if (nesting.problem !== undefined) {
    throw fail(fileName, text, [...textProblems, nesting.problem]);
  }

  const { document, extra } = composeDocument(tokens, text.length);
  const syntax: TextProblem[] = document.errors.map((error) => ({
    offset: error.pos[0],
    code: 'yaml-syntax',
    message: `YAML syntax error: ${error.message.split('\n')[0]}`,
  }));
  if (extra !== undefined) syntax.push(extra);
  if (syntax.length > 0) throw fail(fileName, text, [...textProblems, ...syntax]);

  const checked = checkDocument({
    document,
    tags: nesting.tags,
    directives: nesting.directives,
    text,
    lineAt: (offset) => lineCounter.linePos(offset).line,
  });
  const warnings: TextProblem[] = document.warnings
    .filter((warning) => warning.code !== 'TAG_RESOLVE_FAILED') // checkDocument reports tags.
    .map((warning) => ({
      offset: warning.pos[0],
      code: 'yaml-syntax',
      message: `YAML syntax error: ${warning.message.split('\n')[0]}`,
    }));
  const withPaths = textProblems.map((problem) => ({
    ...problem,
    path: checked.pathAt(problem.offset),
  }));
  const problems = [...withPaths, ...warnings, ...checked.problems];
  if (problems.length > 0) throw fail(fileName, text, problems);

  let value: unknown;
  try {
    // checkDocument measured the aliases, so the yaml package need not count them again.
    value = document.toJS({ maxAliasCount: -1 });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const error = fail(fileName, text, [
      { offset: 0, code: 'yaml-syntax', message: `YAML could not be read: ${message}` },
    ]);
    throw new ConfigError('CONFIG_INVALID', error.problems, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message =
      value === null || value === undefined
        ? 'the file is empty: expected a mapping of keys such as clusterName: my-cluster'
        : `the top level must be a mapping of keys such as clusterName: my-cluster (got ${describeValue(value)})`;
    const offset = document.contents?.range?.[0] ?? 0;
    throw fail(fileName, text, [{ offset, code: 'not-a-mapping', message }]);
  }
  rememberSource(value, {
    fileName,
    locate: (path: FieldPath) => locateInDocument(document, lineCounter, path),
  });
  return value as ClusterConfigInput;
}
