import type { StackEventLine } from '@kube-aws/aws-provisioner';
import type { AssetIo } from './AssetIo.js';
import { paint, statusPaint } from './paint.js';

const CLEAR_LINE = '\r\u001b[K';

function elapsedSince(start: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - start) / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Prints stack events one line each, with the time since the operation started. */
export function eventPrinter(io: AssetIo, start = Date.now()): (event: StackEventLine) => void {
  return (event) => {
    const reason = event.reason === undefined ? '' : `  ${event.reason}`;
    const colour = statusPaint(event.status);
    const status = colour === undefined ? event.status : paint(event.status, colour, io.color);
    io.stdout(
      `${io.isTTY === true ? CLEAR_LINE : ''}[${elapsedSince(start)}] ${event.resource.padEnd(36)} ${event.type.padEnd(36)} ${status}${reason}\n`,
    );
  };
}

/**
 * Runs a long wait, printing its events. On a terminal a last line shows the elapsed time, redrawn
 * every second and erased at the end; in CI only the plain event lines appear.
 */
export async function withProgress<T>(
  io: AssetIo,
  label: string,
  wait: (onEvent: (event: StackEventLine) => void) => Promise<T>,
): Promise<T> {
  const start = Date.now();
  const timer =
    io.isTTY === true
      ? setInterval(
          () =>
            io.stdout(
              `${CLEAR_LINE}  ${label}: ${elapsedSince(start)} elapsed (Ctrl-C stops watching, not the stack)`,
            ),
          1000,
        )
      : undefined;
  try {
    return await wait(eventPrinter(io, start));
  } finally {
    if (timer !== undefined) {
      clearInterval(timer);
      io.stdout(CLEAR_LINE);
    }
  }
}

/** The polling interval: 5 s against AWS; tests against an emulator set KUBE_AWS_POLL_INTERVAL_MS. */
export function pollInterval(io: AssetIo): number {
  const value = Number(io.env.KUBE_AWS_POLL_INTERVAL_MS);
  return Number.isFinite(value) && value > 0 ? value : 5000;
}
