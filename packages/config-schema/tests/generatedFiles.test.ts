import { describe, expect, it } from 'vitest';
import { renderReferenceMarkdown } from '../src/internal/renderReferenceMarkdown.js';
import { renderSchemaJson } from '../src/internal/renderSchemaJson.js';

// These files are generated; `npm run generate` rewrites them, and this test fails when they are stale.
describe('generated files', () => {
  it('schema/cluster.schema.json matches ClusterConfigSchema', async () => {
    await expect(renderSchemaJson()).toMatchFileSnapshot('../schema/cluster.schema.json');
  });

  it('docs/cluster-yaml.md matches ClusterConfigSchema', async () => {
    await expect(renderReferenceMarkdown()).toMatchFileSnapshot('../../../docs/cluster-yaml.md');
  });

  it('the schema is draft-07 JSON Schema with every required key documented', () => {
    const schema = JSON.parse(renderSchemaJson()) as {
      $schema: string;
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual([
      'clusterName',
      'externalDNSName',
      'region',
      'keyName',
      'kmsKeyArn',
    ]);
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(property.description, key).toBeTruthy();
    }
  });
});
