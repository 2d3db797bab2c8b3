import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The path of a command on PATH, or in ~/.pyenv/shims (where pyenv puts Python tools such as
 * cfn-lint, and which a non-interactive shell may lack on PATH); undefined when neither has it.
 */
export async function findCommand(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  const directories = [
    ...(env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''),
    join(env.HOME ?? homedir(), '.pyenv', 'shims'),
  ];
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
