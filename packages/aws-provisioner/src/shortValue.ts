/**
 * A property value on one short line: a long one (userdata, a policy) keeps its start and says
 * how long it is; undefined is `(none)`, the empty string `""`.
 * @param limit characters kept, by code point. @default 60
 */
export function shortValue(value: string | undefined, limit = 60): string {
  if (value === undefined) return '(none)';
  if (value === '') return '""';
  const characters = [...value.replace(/\s+/g, ' ')];
  return characters.length <= limit
    ? characters.join('')
    : `${characters.slice(0, limit).join('')}… (${[...value].length} characters)`;
}
