import type { CheckRow } from './CheckRow.js';

/** The rows as an aligned text table: CHECK, STATE, DETAIL. */
export function formatCheckTable(rows: readonly CheckRow[]): string {
  const header = { check: 'CHECK', state: 'STATE', detail: 'DETAIL' };
  const checkWidth = Math.max(...[header, ...rows].map((row) => row.check.length)) + 2;
  return [header, ...rows]
    .map((row) => `${row.check.padEnd(checkWidth)}${row.state.padEnd(7)}${row.detail}\n`)
    .join('');
}
