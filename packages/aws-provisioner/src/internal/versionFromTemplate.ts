import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { KUBERNETES_VERSION_OUTPUT } from '@kube-aws/renderer';
import type { AwsClients } from '../AwsClients.js';

/**
 * The KubernetesVersion output as the stack's deployed template declares it: what the stack's
 * outputs say, for a stack whose outputs are missing (an emulator's: moto returns none).
 * Undefined when the template declares none or cannot be read.
 */
export async function versionFromTemplate(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    const { TemplateBody } = await clients.cloudFormation.send(
      new GetTemplateCommand({ StackName: stackName }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    const template = JSON.parse(TemplateBody ?? '{}') as {
      Outputs?: Record<string, { Value?: unknown }>;
    };
    const value = template.Outputs?.[KUBERNETES_VERSION_OUTPUT]?.Value;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
