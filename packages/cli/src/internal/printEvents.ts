import type { StackEventLine } from '@kube-aws/aws-provisioner';
import type { CliIo } from '../CliIo.js';

/** Prints stack events one line each, with the time since the operation started. */
export function eventPrinter(io: CliIo): (event: StackEventLine) => void {
  const start = Date.now();
  return (event) => {
    const seconds = Math.max(0, Math.round((Date.now() - start) / 1000));
    const elapsed = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    const reason = event.reason === undefined ? '' : `  ${event.reason}`;
    io.stdout(
      `[${elapsed}] ${event.resource.padEnd(36)} ${event.type.padEnd(36)} ${event.status}${reason}\n`,
    );
  };
}

/** The polling interval: 5 s against AWS; tests against an emulator set KUBE_AWS_POLL_INTERVAL_MS. */
export function pollInterval(io: CliIo): number {
  const value = Number(io.env.KUBE_AWS_POLL_INTERVAL_MS);
  return Number.isFinite(value) && value > 0 ? value : 5000;
}
