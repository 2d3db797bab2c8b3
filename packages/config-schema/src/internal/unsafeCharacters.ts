/**
 * Characters no cluster.yaml needs and that make text read otherwise than it looks: control
 * characters (YAML 1.2 allows only tab, line feed and carriage return, §5.1), invisible and
 * reordering format characters (the "Trojan Source" bidi controls), the line and paragraph
 * separators that YAML 1.2 no longer treats as line breaks, lone surrogates, private-use
 * characters, noncharacters, and U+FFFD, which marks bytes that were not UTF-8.
 */
export const UNSAFE_CHARACTER =
  /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\uFFFD\uFFFE\uFFFF]/u;

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte-order mark)',
  0xfffd: 'REPLACEMENT CHARACTER',
};

/** `U+202E`, with the character's name when it has one here. */
export function codePointName(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[codePoint];
  return name === undefined ? `U+${hex}` : `U+${hex} ${name}`;
}

/** What an unsafe character is and what to do, in a few words. */
function whyUnsafe(character: string, codePoint: number): string {
  if (codePoint === 0xfffd) {
    return 'the mark of bytes that were not UTF-8 when the file was decoded; save cluster.yaml as UTF-8 and write the character again';
  }
  if (/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(character)) {
    return 'a character that changes the order text is shown in, so the file would not read as it looks; remove it';
  }
  if (/[\p{Zl}\p{Zp}\u0085]/u.test(character)) {
    return 'a line break to some programs and not to YAML 1.2; remove it';
  }
  if (/\p{Cc}/u.test(character)) return 'a control character; remove it';
  if (/\p{Cf}/u.test(character)) return 'an invisible character; remove it';
  if (/\p{Cs}/u.test(character)) return 'half of a UTF-16 surrogate pair, which is not text';
  if (/\p{Co}/u.test(character)) {
    return 'a private-use character, which means nothing to AWS; remove it';
  }
  return 'not a character; remove it';
}

/** The message for an unsafe character. */
export function describeUnsafeCharacter(character: string, escaped = false): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const written = escaped ? ' (written as an escape)' : '';
  return `has ${codePointName(codePoint)}${written}: ${whyUnsafe(character, codePoint)}`;
}

/** A character as an escape that shows what it is: `\u202e`, or `\u{1f600}` past the BMP. */
export function escapeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const hex = codePoint.toString(16);
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** `U+0435, a Cyrillic letter`: a character that is not ASCII, and what kind it is. */
export function describeNonAscii(character: string): string {
  const kind = /\p{Script=Cyrillic}/u.test(character)
    ? 'a Cyrillic letter'
    : /\p{Script=Greek}/u.test(character)
      ? 'a Greek letter'
      : /\p{L}/u.test(character)
        ? 'a letter that is not ASCII'
        : 'a character that is not ASCII';
  return `${codePointName(character.codePointAt(0) ?? 0)}, ${kind}`;
}
