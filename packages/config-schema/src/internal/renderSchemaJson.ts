import { ClusterConfigSchema } from '../ClusterConfigSchema.js';

/** The published JSON Schema text: what schema/cluster.schema.json must hold. */
export function renderSchemaJson(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...ClusterConfigSchema };
  return JSON.stringify(schema, null, 2) + '\n';
}
