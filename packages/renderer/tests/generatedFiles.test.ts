import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The TypeScript module that embeds templates/*.njk, so the package reads no file at run time. */
function renderDefaultTemplatesModule(): string {
  const read = (name: string) =>
    readFileSync(new URL(`../templates/${name}`, import.meta.url), 'utf8');
  return [
    '// Generated from packages/renderer/templates by `npm run generate`. Do not edit by hand.',
    '/** The default cloud-config and add-on templates, as `kube-aws render` writes them. */',
    'export const DEFAULT_TEMPLATES = {',
    `  controller: ${JSON.stringify(read('cloud-config-controller.njk'))},`,
    `  worker: ${JSON.stringify(read('cloud-config-worker.njk'))},`,
    `  addons: ${JSON.stringify(read('addons.yaml.njk'))},`,
    `  etcd: ${JSON.stringify(read('cloud-config-etcd.njk'))},`,
    '} as const;',
    '',
  ].join('\n');
}

describe('generated files', () => {
  it('src/internal/defaultTemplates.ts embeds templates/*.njk', async () => {
    await expect(renderDefaultTemplatesModule()).toMatchFileSnapshot(
      '../src/internal/defaultTemplates.ts',
    );
  });
});
