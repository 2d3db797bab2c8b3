import { INPUT_LIMITS } from '../inputLimits.js';
import type { TextProblem } from './TextProblem.js';
import { describeUnsafeCharacter, UNSAFE_CHARACTER } from './unsafeCharacters.js';

/**
 * Finds each unsafe character written in the text (see UNSAFE_CHARACTER), in keys, values and
 * comments alike. A byte-order mark that starts the text is allowed; so is U+FFFD when the decoder
 * put it in place of invalid bytes, which are reported already.
 */
export function findUnsafeCharacters(text: string, replaced: boolean): TextProblem[] {
  const problems: TextProblem[] = [];
  const pattern = new RegExp(UNSAFE_CHARACTER.source, 'gu');
  for (const match of text.matchAll(pattern)) {
    const offset = match.index;
    if (offset === 0 && match[0] === '\uFEFF') continue;
    if (replaced && match[0] === '\uFFFD') continue;
    problems.push({ offset, code: 'unsafe-character', message: describeUnsafeCharacter(match[0]) });
    if (problems.length >= INPUT_LIMITS.maxProblemsPerKind) break;
  }
  return problems;
}
