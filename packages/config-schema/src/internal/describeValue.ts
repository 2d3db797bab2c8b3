import { escapeCharacter } from './unsafeCharacters.js';

/** How a wrong value is shown after "got": strings quoted, containers named. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    // JSON escapes control characters; invisible and reordering ones are escaped too.
    return JSON.stringify(shown).replace(
      /[\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u0080-\u009F]/gu,
      escapeCharacter,
    );
  }
  return String(value);
}
