import { ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';

/**
 * CloudFormation's own ValidateTemplate on a template body: the messages of what it rejects, or an
 * empty list. Throws only when AWS cannot be asked at all (credentials, network).
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
    throw error;
  }
}
