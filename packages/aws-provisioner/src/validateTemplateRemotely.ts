import { ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import { awsFailure } from './awsFailure.js';

/**
 * CloudFormation's own ValidateTemplate on a template body: the messages of what it rejects, or an
 * empty list.
 * @throws {ProvisionError} `NO_CREDENTIALS` or `AWS_ERROR` when AWS cannot be asked at all.
 */
export async function validateTemplateRemotely(
  clients: AwsClients,
  templateBody: string,
): Promise<string[]> {
  try {
    await clients.cloudFormation.send(new ValidateTemplateCommand({ TemplateBody: templateBody }));
    return [];
  } catch (error) {
    if ((error as { name?: string }).name === 'ValidationError') return [(error as Error).message];
    throw awsFailure('ValidateTemplate', 'the stack template', error);
  }
}
