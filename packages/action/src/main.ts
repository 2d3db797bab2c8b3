// The entry point GitHub's runner starts, under Node or Deno, bundled as dist/index.js at the
// repository root. It prints the first log line having loaded only Node's own modules, then
// imports the rest: the SDK, the renderer and the PKI cost their load time after the runner
// already shows the action running (ADR 0015). Bundled, run.js and each mode are parts of their
// own; Deno reads a part only when it is imported (deno/action.yml's lazy-dynamic-imports).
// The AWS SDK warns on every start under Node 20 that its future releases need Node 22; the
// action pins its SDK and runs on node24 (as the CLI's cli.ts explains, the notice is not the
// user's concern). Set before the SDK loads.
import { env } from 'node:process';
import { beginRun } from './beginRun.js';

env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const begun = beginRun(env);
const { run } = await import('./run.js');

await run(begun);
