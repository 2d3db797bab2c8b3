import { describeValue } from './describeValue.js';
import type { FieldPath } from './SourceInfo.js';
import { formatPath } from './SourceInfo.js';
import { suggestKey } from './suggestKey.js';
import { describeNonAscii } from './unsafeCharacters.js';

/** The subset of JSON Schema that ClusterConfigSchema uses. */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  patternProperties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  const?: unknown;
  pattern?: string;
  'x-expect'?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
}

export type ReportProblem = (path: FieldPath, code: string, message: string) => void;

function got(value: unknown): string {
  return ` (got ${describeValue(value)})`;
}

function numberRange(schema: SchemaNode, noun: string): string {
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined) {
    return `must be a ${noun} from ${minimum} to ${maximum}`;
  }
  if (minimum !== undefined) return `must be a ${noun} ≥ ${minimum}`;
  if (maximum !== undefined) return `must be a ${noun} ≤ ${maximum}`;
  return `must be a ${noun}`;
}

function checkNumber(
  schema: SchemaNode,
  value: unknown,
  report: (code: string, m: string) => void,
) {
  const noun = schema.type === 'integer' ? 'whole number' : 'number';
  const expectation = numberRange(schema, noun);
  // A value of the wrong type is told the kind of number; one out of range, the whole range.
  const kind = numberRange({ minimum: schema.minimum }, noun);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    report('wrong-type', kind + got(value));
  } else if (schema.type === 'integer' && !Number.isInteger(value)) {
    report('wrong-type', kind + got(value));
  } else if (
    (schema.minimum !== undefined && value < schema.minimum) ||
    (schema.maximum !== undefined && value > schema.maximum)
  ) {
    // Past 2^53 a number is not even read exactly: say so, or the value shown would puzzle.
    const inexact = Number.isSafeInteger(value) ? '' : ', which is too large to be read exactly';
    report('out-of-range', `${expectation}${got(value)}${inexact}`);
  }
}

function checkString(
  schema: SchemaNode,
  value: unknown,
  report: (code: string, m: string) => void,
) {
  const expect = schema['x-expect'];
  const expectation = expect === undefined ? 'must be a string' : `must be ${expect}`;
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? '; quote it' : '';
    report('wrong-type', `${expectation}${got(value)}${hint}`);
    return;
  }
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    report(
      'too-short',
      value === '' ? 'must not be empty' : `must have at least ${schema.minLength} characters`,
    );
  } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    report('too-long', `must have at most ${schema.maxLength} characters (got ${value.length})`);
  } else if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    report('bad-format', expectation + got(value));
  }
}

/** Why a key that looks right is not: a letter from another script, or a character not shown. */
function lookalikeNote(key: string): string {
  const odd = /[^\x20-\x7E]/u.exec(key)?.[0];
  if (odd === undefined) return '';
  return ` (it has ${describeNonAscii(odd)}; every key of cluster.yaml is plain ASCII)`;
}

function checkEnum(options: unknown[], value: unknown, report: (code: string, m: string) => void) {
  if (options.includes(value)) return;
  const names = options.map(String);
  const close = typeof value === 'string' ? suggestKey(value, names) : undefined;
  const hint = close === undefined ? '' : `; did you mean ${close}?`;
  report('not-allowed', `must be one of ${names.join(', ')}${got(value)}${hint}`);
}

/**
 * Walks a value against the schema and reports every mismatch with its path.
 * It does what a JSON Schema validator does for this schema, but words each message for people.
 */
export function checkAgainstSchema(
  schema: SchemaNode,
  value: unknown,
  path: FieldPath,
  reportProblem: ReportProblem,
): void {
  const report = (code: string, message: string) => reportProblem(path, code, message);
  if (schema.anyOf !== undefined) {
    checkEnum(
      schema.anyOf.map((option) => option.const),
      value,
      report,
    );
    return;
  }
  switch (schema.type) {
    case 'integer':
    case 'number':
      checkNumber(schema, value, report);
      return;
    case 'string':
      checkString(schema, value, report);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') report('wrong-type', `must be true or false${got(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        report('wrong-type', `must be a list${got(value)}`);
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        report(
          'too-short',
          `must list at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`,
        );
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        report('too-many', `must list at most ${schema.maxItems} items (got ${value.length})`);
        return;
      }
      value.forEach((item, index) => {
        if (schema.items !== undefined) {
          checkAgainstSchema(schema.items, item, [...path, index], reportProblem);
        }
      });
      return;
    case 'object':
      checkObject(schema, value, path, reportProblem);
      return;
    default:
      return;
  }
}

function checkObject(
  schema: SchemaNode,
  value: unknown,
  path: FieldPath,
  reportProblem: ReportProblem,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reportProblem(path, 'wrong-type', `must be a mapping of keys${got(value)}`);
    return;
  }
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  const known = Object.keys(properties);
  for (const key of schema.required ?? []) {
    if (!(key in record)) {
      reportProblem([...path, key], 'missing-key', 'is required but missing');
    }
  }
  const entries = Object.entries(record);
  if (schema.maxProperties !== undefined && entries.length > schema.maxProperties) {
    reportProblem(
      path,
      'too-many',
      `must have at most ${schema.maxProperties} keys (got ${entries.length})`,
    );
    return;
  }
  const patternSchema = Object.values(schema.patternProperties ?? {})[0];
  for (const [key, item] of entries) {
    // Own keys only: __proto__, constructor and prototype are unknown keys like any other.
    const property = Object.hasOwn(properties, key) ? properties[key] : patternSchema;
    if (property !== undefined) {
      checkAgainstSchema(property, item, [...path, key], reportProblem);
    } else if (schema.additionalProperties === false) {
      const suggestion = suggestKey(key, known);
      const where = path.length === 0 ? '' : ` in ${formatPath(path)}`;
      const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
      reportProblem(
        [...path, key],
        'unknown-key',
        `unknown key${where}${hint}${lookalikeNote(key)}`,
      );
    }
  }
}
