import { describe, expect, it, vi } from 'vitest';
import { withProgress } from '../src/index.js';
import type { AssetIo } from '../src/index.js';

function io(isTTY: boolean) {
  const out: string[] = [];
  const value: AssetIo = {
    stdout: (text) => out.push(text),
    stderr: () => undefined,
    cwd: '/',
    env: {},
    isTTY,
  };
  return { io: value, out };
}

const event = {
  id: '1',
  time: new Date(),
  resource: 'VPC',
  type: 'AWS::EC2::VPC',
  status: 'CREATE_COMPLETE',
  reason: undefined,
};

describe(withProgress, () => {
  it('prints plain event lines with the elapsed time in CI', async () => {
    const { io: plain, out } = io(false);
    const result = await withProgress(plain, 'creating demo', async (onEvent) => {
      onEvent(event);
      return 'done';
    });
    expect(result).toBe('done');
    expect(out).toEqual([
      expect.stringMatching(/^\[00:00\] VPC {34}AWS::EC2::VPC {24}CREATE_COMPLETE\n$/),
    ]);
  });

  it('keeps a live elapsed-time line on a terminal and erases it at the end', async () => {
    const { io: terminal, out } = io(true);
    // A fake clock: a busy machine would otherwise fire the redraw late, and round to 00:02.
    vi.useFakeTimers();
    try {
      await withProgress(terminal, 'creating demo', async (onEvent) => {
        await vi.advanceTimersByTimeAsync(1000);
        onEvent(event);
      });
    } finally {
      vi.useRealTimers();
    }
    expect(out[0]).toBe(
      '\r\u001b[K  creating demo: 00:01 elapsed (Ctrl-C stops watching, not the stack)',
    );
    expect(out[1]!.startsWith('\r\u001b[K[00:01] VPC ')).toBe(true);
    expect(out.at(-1)).toBe('\r\u001b[K');
  });
});
