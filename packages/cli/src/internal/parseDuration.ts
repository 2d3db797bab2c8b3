import { CliError } from '../CliError.js';

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000 } as const;

/**
 * Milliseconds of a duration such as `15m`, `90s` or `1h30m`.
 * @throws {CliError} `USAGE` naming the flag.
 */
export function parseDuration(flag: string, text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (match === null || text.trim() === '')
    throw new CliError(
      'USAGE',
      `${flag}=${text}: give a duration such as 15m, 90s or 1h30m (see kube-aws check --help)`,
    );
  const [, hours, minutes, seconds] = match;
  return (
    Number(hours ?? 0) * UNIT_MS.h +
    Number(minutes ?? 0) * UNIT_MS.m +
    Number(seconds ?? 0) * UNIT_MS.s
  );
}
