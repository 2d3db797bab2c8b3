import { spawnSync } from 'node:child_process';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure Debian packages providing `commands` are installed, installing them with apt-get
 * when missing. Throws (failing the test, loudly) when that is impossible: a test never passes by
 * skipping what it exists to check.
 */
export function ensureDebianPackages(
  commands: readonly string[],
  packages: readonly string[],
): void {
  if (commands.every(has)) return;
  // Root installs directly (this project's machines); elsewhere (GitHub runners) through sudo.
  const root = process.getuid?.() === 0;
  const aptGet = (args: string[]) =>
    spawnSync(root ? 'apt-get' : 'sudo', root ? args : ['-n', 'apt-get', ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
  const install = () => aptGet(['install', '-y', '--no-install-recommends', ...packages]);
  let result = install();
  if (result.status !== 0) {
    aptGet(['update', '-qq']);
    result = install();
  }
  const missing = commands.filter((command) => !has(command));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing and apt-get install ${packages.join(' ')} failed:\n${result.stderr ?? ''}`,
    );
  }
}
