import { LineCounter, parseDocument } from 'yaml';
import type { ClusterConfigInput } from './ClusterConfigSchema.js';
import { ConfigError } from './ConfigError.js';
import type { ConfigProblem } from './ConfigProblem.js';
import { describeValue } from './internal/describeValue.js';
import { locateInDocument } from './internal/locateInDocument.js';
import { rememberSource } from './internal/SourceInfo.js';

const MAX_ALIAS_COUNT = 100;

function problemAt(
  fileName: string,
  lineCounter: LineCounter,
  offset: number,
  code: string,
  message: string,
): ConfigProblem {
  const { line, col } = lineCounter.linePos(offset);
  return { code, severity: 'error', file: fileName, line, column: col, path: '', message };
}

/**
 * Reads the YAML text of a cluster.yaml and keeps where each key came from, so later
 * problems point at a line and column. The result is what the user wrote, not yet checked:
 * resolveClusterConfig checks it.
 * @throws {ConfigError} `CONFIG_INVALID` for YAML syntax errors or a top level that is not a mapping.
 */
export function parseClusterConfig(text: string, fileName = 'cluster.yaml'): ClusterConfigInput {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    keepSourceTokens: false,
    // Complex keys become unknown keys; the yaml package would otherwise print a warning of its own.
    logLevel: 'error',
  });
  const problems: ConfigProblem[] = document.errors.map((error) =>
    problemAt(
      fileName,
      lineCounter,
      error.pos[0],
      'yaml-syntax',
      `YAML syntax error: ${error.message.split('\n')[0]}`,
    ),
  );
  if (problems.length > 0) throw new ConfigError('CONFIG_INVALID', problems);

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError(
      'CONFIG_INVALID',
      [problemAt(fileName, lineCounter, 0, 'yaml-syntax', `YAML could not be read: ${message}`)],
      { cause },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message =
      value === null || value === undefined
        ? 'the file is empty: expected a mapping of keys such as clusterName: my-cluster'
        : `the top level must be a mapping of keys such as clusterName: my-cluster (got ${describeValue(value)})`;
    const offset = document.contents?.range?.[0] ?? 0;
    throw new ConfigError('CONFIG_INVALID', [
      problemAt(fileName, lineCounter, offset, 'not-a-mapping', message),
    ]);
  }
  rememberSource(value, {
    fileName,
    locate: (path) => locateInDocument(document, lineCounter, path),
  });
  return value as ClusterConfigInput;
}
