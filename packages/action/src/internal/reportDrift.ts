import { appendFileSync } from 'node:fs';
import * as core from '@actions/core';
import { detectStackDrift, formatStackDrift, loadAwsClients } from '@kube-aws/aws-provisioner';
import { pollInterval } from '@kube-aws/asset-directory';
import { ActionError } from '../ActionError.js';
import { describeOutputs } from './describeOutputs.js';
import { loadActionConfig } from './loadActionConfig.js';
import type { RunState } from './RunState.js';

/**
 * Mode drift: CloudFormation's drift detection on the cluster's stack, and nothing else: no
 * render, no KMS, no git; only the CloudFormation client is loaded. Sets `drifted` and
 * `drifted-resources`; the job summary lists each property that differs. Drift fails the step,
 * so a scheduled run turns red and GitHub tells whoever owns the workflow.
 * @throws {ActionError} `STACK_DRIFTED` when a resource drifted, `DRIFT_UNKNOWN` when
 *   CloudFormation could not check the stack.
 */
export async function reportDrift(state: RunState): Promise<void> {
  const { io, outcome } = state;
  const config = await loadActionConfig(state);
  const log = io.env.KUBE_AWS_API_CALL_LOG;
  const clients = await loadAwsClients(
    {
      region: config.region,
      endpoint: io.env.AWS_ENDPOINT_URL || undefined,
      ...(log === undefined || log === ''
        ? {}
        : { onCall: (client, command) => appendFileSync(log, `${client} ${command}\n`) }),
    },
    ['cloudFormation'],
  );
  state.describe = () => describeOutputs(clients, config);
  const drift = await core.group('Detect drift', async () => {
    const found = await detectStackDrift(clients, config.clusterName, {
      signal: state.signal,
      pollMs: pollInterval(io),
    });
    for (const line of formatStackDrift(found, false)) core.info(line);
    return found;
  });
  outcome.drift = drift;
  core.setOutput('drifted', String(drift.drifted));
  core.setOutput(
    'drifted-resources',
    JSON.stringify(
      drift.resources.map((resource) => ({
        logicalId: resource.logicalId,
        physicalId: resource.physicalId ?? null,
        type: resource.type,
        status: resource.status,
        properties: resource.properties.map((property) => property.path),
      })),
    ),
  );
  outcome.outputs = await describeOutputs(clients, config);
  if (drift.incomplete !== undefined)
    core.warning(`Not every resource could be checked for drift: ${drift.incomplete}`);
  if (drift.drifted) {
    const names = drift.resources.map((resource) => `${resource.logicalId} (${resource.status})`);
    throw new ActionError(
      'STACK_DRIFTED',
      `stack ${drift.stackName} has drifted: ${names.length === 0 ? 'CloudFormation says so' : names.join(', ')} changed outside CloudFormation. The job summary shows each property`,
    );
  }
  if (drift.status !== 'IN_SYNC')
    throw new ActionError(
      'DRIFT_UNKNOWN',
      `CloudFormation could not tell whether stack ${drift.stackName} drifted (${drift.status})${drift.incomplete === undefined ? '' : `: ${drift.incomplete}`}`,
    );
}
