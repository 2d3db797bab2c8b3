// The entry point GitHub's runner starts (bundled as dist/index.js at the repository root) and
// that `deno run` starts from source: run the action once.
// The AWS SDK warns on every start under Node 20 that its future releases need Node 22; the
// action pins its SDK and runs on node24 (as the CLI's bin.ts explains, the notice is not the
// user's concern). Set before the SDK loads.
import { env } from 'node:process';

env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { run } = await import('./run.js');

await run();
