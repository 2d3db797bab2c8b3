/** Where the published schema lives; editors fetch it through the yaml-language-server comment. */
export const SCHEMA_ID = 'https://unpkg.com/@kube-aws/config-schema/schema/cluster.schema.json';

/** The schema URL pinned to one package version, so a cluster.yaml keeps the schema it was written for. */
export function schemaUrlFor(version: string): string {
  return `https://unpkg.com/@kube-aws/config-schema@${version}/schema/cluster.schema.json`;
}
