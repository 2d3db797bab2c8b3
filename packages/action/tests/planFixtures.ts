import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRollPlan } from '@kube-aws/aws-provisioner';
import type { ChangePlan, PlannedChange } from '@kube-aws/aws-provisioner';
import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';

export const FIXTURES = fileURLToPath(new URL('fixtures', import.meta.url));

/** The cases with a plan.json: the plan as planDeployment returns it. */
export const PLAN_CASES = ['update-replacing-the-controller', 'create', 'no-changes'] as const;

export function fixturePlan(name: string): ChangePlan {
  return JSON.parse(readFileSync(join(FIXTURES, name, 'plan.json'), 'utf8')) as ChangePlan;
}

/** The cluster the fixture plans are of: one controller, the default pool of two. */
const FIXTURE_CONFIG = resolveClusterConfig(
  parseClusterConfig(
    'clusterName: my-cluster\nexternalDNSName: k.example.com\nregion: us-west-1\nkeyName: k\n' +
      'kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\navailabilityZone: us-west-1a\nworker:\n  count: 2\n',
  ),
);

/** formatRollPlan's lines for a fixture plan, as the action passes them to the formatters. */
export function fixtureRollPlan(name: string): string[] {
  return formatRollPlan(fixturePlan(name), FIXTURE_CONFIG);
}

/**
 * A plan as large as a big cluster's first change could be: `resources` worker groups modified,
 * each with `properties` changed properties and long values, every fifth replaced.
 */
export function largePlan(resources: number, properties: number): ChangePlan {
  const changes: PlannedChange[] = Array.from({ length: resources }, (_, index) => ({
    action: 'Modify',
    logicalId: `AutoScaleWorkerPool${String(index).padStart(3, '0')}`,
    type: 'AWS::AutoScaling::AutoScalingGroup',
    replacement: index % 5 === 0 ? 'True' : 'False',
    physicalId: `big-AutoScaleWorkerPool${index}-${'X'.repeat(12)}`,
    details: Array.from({ length: properties }, (_, property) => ({
      attribute: 'Properties',
      name: `Property${property}`,
      requiresRecreation: index % 5 === 0 && property === 0 ? 'Always' : 'Never',
      changeSource: 'DirectModification',
      causingEntity: undefined,
      evaluation: 'Static',
      before: `before-${'b'.repeat(200)}`,
      after: `after-${'a'.repeat(200)}`,
    })),
  }));
  return { stackName: 'big', changeSetName: 'kube-aws-20261201060000', type: 'UPDATE', changes };
}
