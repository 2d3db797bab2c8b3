import { describe, expect, it } from 'vitest';
import { ASSET_FILES, mergeTemplates, renderAssets } from '../src/index.js';
import { build, configFrom } from './helpers.js';

const YAML = `clusterName: merge
externalDNSName: k.example.com
region: us-west-1
availabilityZone: us-west-1b
keyName: k
kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k
`;

const before = renderAssets(configFrom(YAML));
const stack = ASSET_FILES.stack;

// A stack template as the tests poke at it: any shape, read and written by path.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function edit(template: string, change: (value: Json) => void): string {
  const value = JSON.parse(template);
  change(value);
  return JSON.stringify(value, null, 2) + '\n';
}

describe(mergeTemplates, () => {
  it('takes the fresh templates when nothing was edited', () => {
    const fresh = renderAssets(configFrom(`${YAML}worker:\n  count: 4\n`));
    const merge = mergeTemplates({ fresh, current: before, base: before });
    expect(merge.templates).toEqual(fresh);
    expect(merge.edited).toEqual([]);
    expect(merge.conflicts).toEqual([]);
  });

  it('keeps counts, instance types and zones as placeholders, so an edit survives a config change', () => {
    const fresh = renderAssets(
      configFrom(
        `${YAML.replace('us-west-1b', 'us-west-1c')}worker:\n  count: 4\n  instanceType: m7i.large\n`,
      ),
    );
    // The values live in the config, not in the template: the stack template does not change.
    expect(fresh[stack]).toBe(before[stack]);
    expect(before[stack]).toContain(`"DesiredCapacity": "{{ config.pools['default'].count }}"`);
    expect(before[stack]).toContain(`"InstanceType": "{{ config.pools['default'].instanceType }}"`);
    expect(before[stack]).toContain(
      '"AvailabilityZone": "{{ config.subnets[0].availabilityZone }}"',
    );
    const edited = edit(before[stack]!, (value) => {
      value.Description = 'ours';
    });
    const merge = mergeTemplates({ fresh, current: { ...before, [stack]: edited }, base: before });
    expect(merge.templates[stack]).toBe(edited);
    expect(merge.edited).toEqual([stack]);
  });

  it('fills the placeholders of an edited template with the values of cluster.yaml', async () => {
    const config = configFrom(`${YAML}worker:\n  count: 4\n  instanceType: m7i.large\n`);
    const edited = edit(before[stack]!, (value) => {
      value.Description = 'ours';
    });
    const built = await build(config, { ...renderAssets(config), [stack]: edited });
    const resources = built.template.Resources as Record<string, { Properties: Json }>;
    expect(built.template.Description).toBe('ours');
    expect(resources.AutoScaleWorkerDefault!.Properties.DesiredCapacity).toBe('4');
    expect(resources.LaunchTemplateWorkerDefault!.Properties.LaunchTemplateData.InstanceType).toBe(
      'm7i.large',
    );
  });

  it('merges a structural change of the config into an edited template, path by path', () => {
    const fresh = renderAssets(
      configFrom(`${YAML}worker:\n  nodePools:\n    - name: default\n    - name: extra\n`),
    );
    const edited = edit(before[stack]!, (value) => {
      value.Resources.IAMRoleWorker.Properties.Tags = [{ Key: 'team', Value: 'ours' }];
    });
    const merge = mergeTemplates({ fresh, current: { ...before, [stack]: edited }, base: before });
    expect(merge.conflicts).toEqual([]);
    const merged = JSON.parse(merge.templates[stack]!);
    expect(merged.Resources.IAMRoleWorker.Properties.Tags).toEqual([
      { Key: 'team', Value: 'ours' },
    ]);
    expect(Object.keys(merged.Resources)).toContain('AutoScaleWorkerExtra');
  });

  it('names each path where the edit and the config truly disagree', () => {
    const fresh = renderAssets(
      configFrom(`${YAML}worker:\n  nodePools:\n    - name: default\n    - name: extra\n`),
    );
    const edited = edit(before[stack]!, (value) => {
      value.Outputs.WorkerAutoScalingGroups.Value = 'ours';
    });
    const merge = mergeTemplates({ fresh, current: { ...before, [stack]: edited }, base: before });
    expect(merge.conflicts).toEqual([
      { file: stack, path: 'Outputs.WorkerAutoScalingGroups.Value' },
    ]);
  });

  it('keeps an edit whose base is unknown as it is, and says so', () => {
    const fresh = renderAssets(configFrom(`${YAML}worker:\n  nodePools:\n    - name: extra\n`));
    const edited = before[ASSET_FILES.worker] + '# ours\n';
    const merge = mergeTemplates({
      fresh,
      current: { ...before, [ASSET_FILES.worker]: edited },
      base: { ...before, [ASSET_FILES.worker]: undefined },
    });
    expect(merge.unmerged).toEqual([ASSET_FILES.worker]);
    expect(merge.templates[ASSET_FILES.worker]).toBe(edited);
  });

  it('refuses an edited cloud-config whose default changed too, as a whole file', () => {
    const edited = before[ASSET_FILES.worker] + '# ours\n';
    const merge = mergeTemplates({
      fresh: { ...before, [ASSET_FILES.worker]: before[ASSET_FILES.worker] + '# new default\n' },
      current: { ...before, [ASSET_FILES.worker]: edited },
      base: before,
    });
    expect(merge.conflicts).toEqual([{ file: ASSET_FILES.worker, path: '' }]);
  });
});
