/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts. The abort listener is
 * removed either way: a long wait polls many times on one signal, and a listener left behind each
 * time ends in MaxListenersExceededWarning.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
