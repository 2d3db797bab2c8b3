/**
 * Exit codes of every kube-aws command (docs/adr/0004-exit-codes.md).
 * 0 success, 1 the user's input is wrong or an action was refused, 2 a bug in kube-aws,
 * 3 `diff` found changes, 4 AWS refused or failed, 5 `check` found the cluster not working,
 * 130 interrupted.
 */
export const ExitCode = {
  Ok: 0,
  UserError: 1,
  InternalError: 2,
  Changes: 3,
  AwsError: 4,
  Unhealthy: 5,
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
