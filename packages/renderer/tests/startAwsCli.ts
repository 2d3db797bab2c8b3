import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../../testing/findTool.js';

/** The installed aws CLI, ready to run many times. */
export interface AwsCli {
  /** An executable that takes the aws CLI's arguments, as `aws` does. */
  readonly command: string;
  stop(): Promise<void>;
}

// The aws CLI (v1, Python) spends most of each run importing itself: over a second per call on a
// busy machine. This server imports it once, then forks a child per call that runs the CLI's own
// entry point (awscli.clidriver.create_clidriver().main) with the caller's arguments, environment,
// working directory and stdin/stdout/stderr (passed over the socket), so each call is the real
// CLI's parsing, signing, request, --query and --output, without the start-up.
const SERVER = `import json, os, signal, socket, sys
from awscli.clidriver import create_clidriver
create_clidriver()
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
server = socket.socket(socket.AF_UNIX)
server.bind(sys.argv[1] + '.new')
server.listen(16)
os.rename(sys.argv[1] + '.new', sys.argv[1])
while True:
    conn, _ = server.accept()
    if os.fork() != 0:
        conn.close()
        continue
    server.close()
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b'\\n'):
        data += conn.recv(1 << 20)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    request = json.loads(data)
    # Importing awscli set AWS_DATA_PATH to its own data, as it does in every run.
    data_path = os.environ['AWS_DATA_PATH']
    os.environ.clear()
    os.environ.update(request['env'], AWS_DATA_PATH=data_path)
    os.chdir(request['cwd'])
    try:
        code = create_clidriver().main(request['argv'])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 255
    sys.stdout.flush()
    sys.stderr.flush()
    conn.sendall(str(code).encode())
    os._exit(0)
`;

const CLIENT = `import json, os, socket, sys
conn = socket.socket(socket.AF_UNIX)
conn.connect(sys.argv[1])
request = {'argv': sys.argv[2:], 'env': dict(os.environ), 'cwd': os.getcwd()}
socket.send_fds(conn, [json.dumps(request).encode() + b'\\n'], [0, 1, 2])
reply = b''
while True:
    chunk = conn.recv(64)
    if not chunk:
        break
    reply += chunk
sys.exit(int(reply) if reply else 255)
`;

/** The Python interpreter the installed `aws` runs on (through pyenv's shim when there is one). */
function awsPython(): string {
  const aws = findTool('aws');
  const pyenv = /exec "([^"]*\/pyenv)" exec/.exec(readFileSync(aws, 'utf8'))?.[1];
  const script =
    pyenv === undefined
      ? aws
      : spawnSync(pyenv, ['which', 'aws'], { encoding: 'utf8' }).stdout.trim();
  const python = /^#!(\S+)/.exec(readFileSync(script, 'utf8'))?.[1];
  if (python === undefined) throw new Error(`${script} (the aws CLI) is not a Python script`);
  return python;
}

/** Starts the aws CLI server and waits until it listens. */
export async function startAwsCli(): Promise<AwsCli> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aws-aws-cli-'));
  const socketPath = join(dir, 'socket');
  const python = awsPython();
  writeFileSync(join(dir, 'server.py'), SERVER);
  writeFileSync(join(dir, 'client.py'), CLIENT);
  const command = join(dir, 'aws');
  writeFileSync(
    command,
    `#!/bin/bash\nexec ${python} -S -I ${join(dir, 'client.py')} ${socketPath} "$@"\n`,
    { mode: 0o755 },
  );
  const child: ChildProcess = spawn(python, [join(dir, 'server.py'), socketPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (existsSync(socketPath)) return { command, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the aws CLI server did not start:\n${log.slice(-2000)}`);
}
