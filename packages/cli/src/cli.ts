#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { colorWanted } from './internal/colorWanted.js';
import { main } from './main.js';

// The AWS SDK warns on every start under Node 20 that its future releases will need Node 22. kube-aws
// pins its SDK and supports Node 20.19 and later (docs/adr/0001), so that notice is not the user's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (kube-aws show certificates | head) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The first Ctrl-C stops waiting (the stack operation goes on); a second one exits at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort(new Error('interrupted'));
});

const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  color: colorWanted(process.env, process.stdout.isTTY === true),
  signal: interrupt.signal,
  ...(interactive
    ? {
        confirm: async (question: string) => {
          const prompt = createInterface({ input: process.stdin, output: process.stdout });
          // At a prompt the terminal sends Ctrl-C to readline, not as SIGINT: it interrupts the same way.
          prompt.on('SIGINT', () => interrupt.abort(new Error('interrupted')));
          try {
            const answer = await prompt.question(`${question} [y/N] `, {
              signal: interrupt.signal,
            });
            return /^y(es)?$/i.test(answer.trim());
          } finally {
            prompt.close();
          }
        },
      }
    : {}),
});
process.exit();
