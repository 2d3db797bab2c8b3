import { escapeCharacter } from './unsafeCharacters.js';

/** A field path as a list of keys and indexes, such as `['worker', 'nodePools', 0, 'count']`. */
export type FieldPath = readonly (string | number)[];

/** Where the parts of a parsed config came from. */
export interface SourceInfo {
  readonly fileName: string;
  /** Where a path is written (see locateInDocument); the nearest written ancestor when absent. */
  locate(path: FieldPath): { line: number; column: number } | undefined;
}

const sources = new WeakMap<object, SourceInfo>();

/** Records where a parsed config came from, without adding keys to it. */
export function rememberSource(config: object, info: SourceInfo): void {
  sources.set(config, info);
}

/** The source of a config returned by parseClusterConfig, if it came from there. */
export function sourceOf(config: unknown): SourceInfo | undefined {
  return typeof config === 'object' && config !== null ? sources.get(config) : undefined;
}

/** A key as it can be shown safely: other than printable ASCII escaped, and a long key cut short. */
function showKey(key: string): string {
  if (key === '') return '""';
  const shown = key.length > 64 ? `${key.slice(0, 61)}...` : key;
  return shown.replace(/[^\x20-\x7E]/gu, escapeCharacter);
}

/**
 * `worker.nodePools[0].count` for `['worker', 'nodePools', 0, 'count']`. Keys are shown in
 * printable ASCII, so a key with a look-alike or invisible character does not pass for another.
 */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? showKey(segment) : `.${showKey(segment)}`;
  }
  return text;
}
