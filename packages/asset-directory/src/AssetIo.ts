/** What kube-aws may touch of the outside world (the CLI's terminal, the action's log); tests hand in their own. */
export interface AssetIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when a person watches the terminal: colors and questions are fine. */
  readonly isTTY?: boolean;
  /**
   * Colours are wanted: a terminal with NO_COLOR unset, or FORCE_COLOR set (see colorWanted in the
   * CLI). Success is green; failure, replacement and deletion red; warnings yellow.
   */
  readonly color?: boolean;
  /** Asks a yes/no question; absent when nobody can answer (CI), so --yes is needed. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Aborted on Ctrl-C: long waits stop, the stack operation goes on. */
  readonly signal?: AbortSignal;
}
