/**
 * Minutes a rolling update waits for each new worker to signal Ready before it rolls back: the
 * pools' PauseTime with WaitOnResourceSignals, which `diff` and `update` name in the roll plan.
 */
export const ROLL_SIGNAL_TIMEOUT_MINUTES = 15;
