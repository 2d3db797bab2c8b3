import type { ResolveContext } from './ResolveContext.js';
import { codePointName, describeNonAscii } from './unsafeCharacters.js';

/** CloudFormation's tag key length; the count and the value length are in the schema. */
const MAX_KEY_LENGTH = 128;
/** AWS's tag characters, with keys kept to ASCII so that no key passes for another (kube-аws:). */
const KEY_CHARACTER = /[A-Za-z0-9 _.:/=+@-]/u;
const VALUE_CHARACTER = /[\p{L}\p{N} _.:/=+@-]/u;
const ALLOWED = 'letters, digits, spaces and _ . : / = + - @';
/** Names JavaScript gives a meaning to: code that builds an object from the tags must not meet them. */
const OBJECT_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function firstNotAllowed(text: string, allowed: RegExp): string | undefined {
  for (const character of text) if (!allowed.test(character)) return character;
  return undefined;
}

function shown(character: string): string {
  if (/^[!-~]$/u.test(character)) return `"${character}"`;
  if ((character.codePointAt(0) ?? 0) < 0x80) return codePointName(character.codePointAt(0) ?? 0);
  return describeNonAscii(character);
}

/**
 * Checks each stack tag against AWS's rules for tags, so that what reaches CloudFormation (and
 * every resource it tags) is a plain label: no shell or template syntax, no ${AWS::…}.
 */
export function checkStackTags(ctx: ResolveContext): void {
  // Each tag is checked even when another is wrong; none when stackTags itself is (too many tags).
  if (ctx.reportedAtOrAbove(['stackTags'])) return;
  const tags = ctx.rawAt(['stackTags']);
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return;
  for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
    const path = ['stackTags', key];
    const report = (code: string, message: string) => ctx.report(path, code, message);
    const badInKey = firstNotAllowed(key, KEY_CHARACTER);
    if (key === '') {
      report('tag-invalid', 'tag keys must not be empty');
    } else if (/^aws:/iu.test(key)) {
      report('tag-reserved', 'tag keys starting with aws: are reserved by AWS');
    } else if (/^kube-aws:/iu.test(key)) {
      report('tag-reserved', 'tag keys starting with kube-aws: are set by kube-aws itself');
    } else if (OBJECT_NAMES.has(key)) {
      report('tag-reserved', `${key} is not taken as a tag key; name the tag otherwise`);
    } else if ([...key].length > MAX_KEY_LENGTH) {
      report(
        'tag-too-long',
        `tag keys have at most ${MAX_KEY_LENGTH} characters (got ${[...key].length})`,
      );
    } else if (badInKey !== undefined) {
      report(
        'tag-invalid',
        `the tag key has ${shown(badInKey)}; tag keys take only ASCII ${ALLOWED}`,
      );
    } else if (typeof value === 'string' && ctx.allValid(path)) {
      const badInValue = firstNotAllowed(value, VALUE_CHARACTER);
      if (badInValue !== undefined) {
        report(
          'tag-invalid',
          `the tag value has ${shown(badInValue)}; AWS takes only ${ALLOWED} in tags`,
        );
      }
    }
  }
}
