/**
 * A property value as one short, quoted line: a long one (userdata, a policy) keeps its start and
 * says how long it is; undefined is `(none)`.
 * @param limit characters kept, by code point. @default 60
 */
export function shortValue(value: string | undefined, limit = 60): string {
  if (value === undefined) return '(none)';
  const characters = [...value.replace(/\s+/g, ' ')];
  return characters.length <= limit
    ? JSON.stringify(characters.join(''))
    : `${JSON.stringify(characters.slice(0, limit).join(''))}… (${[...value].length} characters)`;
}
