/**
 * Minutes a rolling update waits for each new worker to signal Ready before it rolls back: the
 * pools' PauseTime with WaitOnResourceSignals, which `diff` and `update` name in the roll plan.
 */
export const ROLL_SIGNAL_TIMEOUT_MINUTES = 15;

/**
 * Minutes a controller may take from launch to its signal (downloads, its etcd member joining,
 * its API server ready) before its group's creation or rolling update fails (ADR 0018).
 */
export const CONTROLLER_SIGNAL_TIMEOUT_MINUTES = 30;
