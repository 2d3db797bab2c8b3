import { INPUT_LIMITS } from '../inputLimits.js';
import type { TextProblem } from './TextProblem.js';

export interface ReadText {
  /** The decoded text; when the file is too large, only its first INPUT_LIMITS.maxBytes. */
  readonly text: string;
  readonly problems: readonly TextProblem[];
  /** True when the file cannot be read any further: too large, or not UTF-8 at all. */
  readonly stop: boolean;
  /** True when invalid bytes were replaced by U+FFFD (and reported as invalid-utf8). */
  readonly replaced?: boolean;
}

const MiB = 1024 * 1024;

function tooLarge(offset: number, total: number | undefined): TextProblem {
  const size = total === undefined ? '' : ` (it has ${total} bytes)`;
  return {
    offset,
    code: 'file-too-large',
    message: `the file is larger than ${INPUT_LIMITS.maxBytes / MiB} MiB (${INPUT_LIMITS.maxBytes} bytes), the most kube-aws reads, and passes that size here${size}; a cluster.yaml is a few kilobytes, so check that this is the right file`,
  };
}

/** Where a text passes `max` bytes of UTF-8, looking at no more than `max` code units. */
function utf8Crossing(text: string, max: number): number | undefined {
  if (text.length <= max / 3) return undefined;
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    const pair =
      unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
    const size = pair ? 4 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    if (bytes + size > max) return index;
    bytes += size;
    if (pair) index++;
  }
  return undefined;
}

/** The byte offset and the bytes of each sequence that is not UTF-8, as WHATWG decoders see them. */
function invalidSequences(bytes: Uint8Array, limit: number): { at: number; bytes: number[] }[] {
  const found: { at: number; bytes: number[] }[] = [];
  let index = 0;
  while (index < bytes.length && found.length < limit) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    }
    if (need === 0) {
      found.push({ at: index, bytes: [lead] });
      index++;
      continue;
    }
    let taken = 1;
    while (taken <= need) {
      const next = bytes[index + taken];
      if (next === undefined || next < lower || next > upper) break;
      lower = 0x80;
      upper = 0xbf;
      taken++;
    }
    if (taken <= need) found.push({ at: index, bytes: [...bytes.subarray(index, index + taken)] });
    index += taken;
  }
  return found;
}

function hex(values: readonly number[]): string {
  const shown = values
    .slice(0, 8)
    .map((value) => `0x${value.toString(16).toUpperCase().padStart(2, '0')}`);
  return values.length > 8 ? `${shown.join(' ')} ...` : shown.join(' ');
}

function decodeBytes(bytes: Uint8Array): ReadText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const problem: TextProblem = {
      offset: 0,
      code: 'invalid-utf8',
      message: `the file is UTF-16 (it starts with ${hex([bytes[0], bytes[1]])}); save cluster.yaml as UTF-8`,
    };
    return { text: '', problems: [problem], stop: true };
  }
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      problems: [],
      stop: false,
    };
  } catch {
    // Read on with U+FFFD in place of each bad sequence, so that the problems have a line, a column
    // and a field; the unsafe-character check leaves those U+FFFD to the problems made here.
  }
  const lossy = new TextDecoder('utf-8');
  const text = lossy.decode(bytes);
  // Bad sequences that follow one another are one problem: F4 90 80 80 is one mistake, not four.
  const runs: { at: number; bytes: number[] }[] = [];
  for (const sequence of invalidSequences(bytes, INPUT_LIMITS.maxProblemsPerKind * 4)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.at + last.bytes.length === sequence.at) {
      last.bytes.push(...sequence.bytes);
    } else {
      runs.push({ at: sequence.at, bytes: [...sequence.bytes] });
    }
  }
  const problems = runs
    .slice(0, INPUT_LIMITS.maxProblemsPerKind)
    .map(({ at, bytes: bad }): TextProblem => {
      const hint =
        bad.length === 1 && bad[0]! >= 0xa0
          ? ', as in a file saved as Latin-1 or Windows-1252'
          : '';
      return {
        offset: lossy.decode(bytes.subarray(0, at)).length,
        code: 'invalid-utf8',
        message: `has bytes that are not valid UTF-8 (${hex(bad)})${hint}; save cluster.yaml as UTF-8`,
      };
    });
  return { text, problems, stop: false, replaced: true };
}

/**
 * Checks the size of a cluster.yaml before anything else, then decodes it: bytes as UTF-8 with
 * each invalid sequence reported at its place, a string as it is.
 */
export function readClusterYaml(source: string | Uint8Array): ReadText {
  const max = INPUT_LIMITS.maxBytes;
  if (typeof source === 'string') {
    const crossing = utf8Crossing(source, max);
    if (crossing === undefined) return { text: source, problems: [], stop: false };
    const text = source.slice(0, crossing);
    return { text, problems: [tooLarge(crossing, undefined)], stop: true };
  }
  if (source.byteLength > max) {
    const text = new TextDecoder('utf-8').decode(source.subarray(0, max));
    return { text, problems: [tooLarge(text.length, source.byteLength)], stop: true };
  }
  return decodeBytes(source);
}
