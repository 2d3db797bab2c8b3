import { Type } from '@sinclair/typebox';
import type { TOptional, TProperties } from '@sinclair/typebox';

type OptionalExcept<T extends TProperties, K extends keyof T> = {
  [P in keyof T]: P extends K ? T[P] : TOptional<T[P]>;
};

/** Marks every property optional except the named ones, so schemas list what is required once. */
export function optionalExcept<T extends TProperties, K extends keyof T>(
  properties: T,
  required: readonly K[],
): OptionalExcept<T, K> {
  const result: TProperties = {};
  for (const [key, schema] of Object.entries(properties)) {
    result[key] = (required as readonly string[]).includes(key) ? schema : Type.Optional(schema);
  }
  return result as OptionalExcept<T, K>;
}
