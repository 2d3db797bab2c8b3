/**
 * Whether to colour the output: never under NO_COLOR (no-color.org: set and not empty), always
 * under FORCE_COLOR (set, and not 0 or false), else only on a terminal.
 */
export function colorWanted(
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if ((env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  return isTTY;
}
