import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAssets } from '../src/index.js';
import { build } from './helpers.js';
import { caseConfig, FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';

// Golden files: `npm run generate` rewrites them; CI fails when they differ from what is committed.
describe.each(GOLDEN_CASES)('golden case %s', (name) => {
  const dir = join(FIXTURES, name);

  it('renderAssets writes the golden templates', async () => {
    for (const [file, text] of Object.entries(renderAssets(caseConfig(name)))) {
      await expect(text).toMatchFileSnapshot(join(dir, 'render', file));
    }
  });

  it('buildStack builds the golden stack and cloud-configs', async () => {
    const built = await build(caseConfig(name));
    await expect(JSON.stringify(built.template, null, 2) + '\n').toMatchFileSnapshot(
      join(dir, 'build', 'stack-template.json'),
    );
    await expect(built.addons.text).toMatchFileSnapshot(join(dir, 'build', 'addons.yaml'));
    await expect(built.etcdTools.text).toMatchFileSnapshot(join(dir, 'build', 'etcd-tools'));
    for (const node of built.userdata) {
      await expect(node.cloudConfig).toMatchFileSnapshot(
        join(dir, 'build', `cloud-config-${node.node}`),
      );
    }
  });
});
