import { execFileSync, spawnSync } from 'node:child_process';

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
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
  let result = install();
  if (result.status !== 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    result = install();
  }
  const missing = commands.filter((command) => !has(command));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing and apt-get install ${packages.join(' ')} failed:\n${result.stderr ?? ''}`,
    );
  }
}
