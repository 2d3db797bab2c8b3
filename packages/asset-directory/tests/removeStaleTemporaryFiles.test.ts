import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  removeStaleTemporaryFiles,
  TEMPORARY_FILE_DIRECTORIES,
} from '../src/internal/removeStaleTemporaryFiles.js';
import { temporaryFileName } from '../src/index.js';
import { removeRenderedDirectories, render, renderedDirectory } from './renderedDirectory.js';

afterAll(removeRenderedDirectories);

/** Every directory under `directory`, relative to it ('' for itself). */
function directoriesOf(directory: string, root = directory): string[] {
  return [
    relative(root, directory),
    ...readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => directoriesOf(join(directory, entry.name), root)),
  ];
}

describe('removeStaleTemporaryFiles', () => {
  it('looks in every directory a render writes, so a killed render leaves nothing behind', async () => {
    const directory = await renderedDirectory();
    const made = directoriesOf(directory);
    expect(made).toContain('.kube-aws/rendered/cloud-config');
    expect([...made].sort()).toEqual([...TEMPORARY_FILE_DIRECTORIES].sort());

    const planted = made.map((name) => join(name, temporaryFileName('some-file')));
    for (const file of planted) writeFileSync(join(directory, file), 'x');
    expect((await removeStaleTemporaryFiles(directory)).sort()).toEqual([...planted].sort());
    // And the next render starts clean of them too.
    for (const file of planted) writeFileSync(join(directory, file), 'x');
    await render(directory);
    expect(
      directoriesOf(directory).flatMap((name) =>
        readdirSync(join(directory, name)).filter((file) => file.endsWith('.tmp')),
      ),
    ).toEqual([]);
  });
});
