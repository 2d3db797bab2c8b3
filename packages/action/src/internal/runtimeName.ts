/** `Deno 2.9.6` or `Node v24.1.0`: which runtime runs the action, for the first log line. */
export function runtimeName(): string {
  const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
  return deno === undefined ? `Node ${process.version}` : `Deno ${deno.version.deno}`;
}
