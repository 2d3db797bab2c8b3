import type { ResolveContext } from './ResolveContext.js';
import type { FieldPath } from './SourceInfo.js';

/** A value together with the path it was taken from, for locating later problems. */
export interface Picked<T> {
  readonly value: T;
  readonly path: FieldPath;
  /** False when the value is a default rather than something the user wrote. */
  readonly written: boolean;
}

/** The first valid value the user wrote among paths, else the fallback (located at the first path). */
export function pickValue<T>(ctx: ResolveContext, paths: FieldPath[], fallback: T): Picked<T> {
  for (const path of paths) {
    const value = ctx.valueAt(path);
    if (value !== undefined) return { value: value as T, path, written: true };
  }
  return { value: fallback, path: paths[0] ?? [], written: false };
}
