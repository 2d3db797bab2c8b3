/** OK: the check holds. FAIL: it does not. WAIT: it could not run yet, because what it needs is missing. */
export type CheckState = 'OK' | 'FAIL' | 'WAIT';

/** One row of `kube-aws check`'s table. */
export interface CheckRow {
  readonly check: string;
  readonly state: CheckState;
  readonly detail: string;
}
