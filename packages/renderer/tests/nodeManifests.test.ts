import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goldenNodes, manifestObjects } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

/*
 * The schemas are kubernetes-models 5.1.0's: generated from the OpenAPI spec of Kubernetes
 * v1.36.0 (merged with 1.15.5 … 1.32.0 so that APIs removed since still have models; see
 * first-party/kubernetes-models/scripts/generate.ts in tommy351/kubernetes-models-ts). Its
 * package.json asks for Node 22; it runs on Node 20 (plain ESM and ajv). The Kubernetes schema
 * does not forbid unknown fields, so a misspelled field name passes here; wrong types, wrong
 * enum values and missing required fields do not.
 */

interface Model {
  validate(): void;
}
interface ModelClass {
  new (data: unknown): Model;
  apiVersion?: string;
  kind?: string;
}

/** Where Node finds kubernetes-models from here (its package.json is not in its export map). */
const packageDir = createRequire(import.meta.url)
  .resolve.paths('kubernetes-models')!
  .map((dir) => join(dir, 'kubernetes-models'))
  .find((dir) => existsSync(join(dir, 'package.json')))!;

/** The API versions with models: the package's export map has `./<apiVersion>/*` for each. */
const API_VERSIONS = new Set(
  Object.keys(
    (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: object })
      .exports,
  )
    .filter((key) => key.endsWith('/*') && !key.startsWith('./_'))
    .map((key) => key.slice('./'.length, -'/*'.length)),
);

const kindsByVersion = new Map<string, Promise<Map<string, ModelClass>>>();

/**
 * The model classes of one API version by kind: every class `kubernetes-models/<apiVersion>`
 * exports whose static apiVersion and kind say it is a top-level object of that version (PodSpec
 * and the other nested types have none).
 */
function kindsOf(apiVersion: string): Promise<Map<string, ModelClass>> {
  let kinds = kindsByVersion.get(apiVersion);
  if (kinds === undefined) {
    kinds = import(`kubernetes-models/${apiVersion}`).then(
      (module: Record<string, unknown>) =>
        new Map(
          Object.values(module)
            .filter((value): value is ModelClass => typeof value === 'function')
            .filter((model) => model.apiVersion === apiVersion && model.kind !== undefined)
            .map((model) => [model.kind!, model]),
        ),
    );
    kindsByVersion.set(apiVersion, kinds);
  }
  return kinds;
}

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  if (!API_VERSIONS.has(apiVersion)) return undefined;
  return (await kindsOf(apiVersion)).get(kind);
}

/** Why `object` is not a valid Kubernetes object, or undefined. */
async function schemaProblem(object: unknown): Promise<string | undefined> {
  const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return 'no apiVersion and kind';
  }
  const Class = await modelClass(apiVersion, kind);
  if (Class === undefined) return `kubernetes-models has no schema for ${apiVersion} ${kind}`;
  try {
    new Class(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every schema violation in a node's manifests, as `<case>/<node> <path> #<n> <kind>/<name>: …`. */
async function nodeManifestProblems(node: RenderedNode): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { path, object } of manifestObjects(node)) {
    const index = (seen.get(path) ?? 0) + 1;
    seen.set(path, index);
    const problem = await schemaProblem(object);
    if (problem === undefined) continue;
    const { kind, metadata } = object as { kind?: string; metadata?: { name?: string } };
    problems.push(
      `${node.caseName}/${node.node} ${path} document ${index} (${kind}/${metadata?.name}): ${problem}`,
    );
  }
  return problems;
}

const nodes = goldenNodes();
const problems = new Map<RenderedNode, string[]>();

// Loading a version's models (v1 has hundreds) takes a second or two; more on a busy machine.
beforeAll(async () => {
  for (const node of nodes) problems.set(node, await nodeManifestProblems(node));
}, 30_000);

describe('the Kubernetes schema on every golden node manifest', () => {
  it.each(nodes.map((node) => [`${node.caseName}/${node.node}`, node] as const))(
    '%s: every static pod and add-on object is valid',
    (_, node) => {
      expect(problems.get(node)).toEqual([]);
    },
  );

  it('checks the static pods and add-ons of controllers', () => {
    const kinds = new Set(
      nodes.flatMap((node) =>
        manifestObjects(node).map(({ object }) => {
          const { apiVersion, kind } = object as { apiVersion: string; kind: string };
          return `${apiVersion} ${kind}`;
        }),
      ),
    );
    expect(kinds).toContain('v1 Pod');
    expect(kinds).toContain('apps/v1 DaemonSet');
  });

  it('refuses a wrong type, an unknown kind and an unknown API version', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    const container = { name: 'c', image: 'registry.k8s.io/pause:3.10.1' };
    expect(await schemaProblem({ ...pod, spec: { containers: [container] } })).toBeUndefined();
    expect(await schemaProblem({ ...pod, spec: { containers: {} } })).toBe(
      'data/spec/containers must be array',
    );
    expect(
      await schemaProblem({ ...pod, spec: { hostNetwork: 'yes', containers: [container] } }),
    ).toBe('data/spec/hostNetwork must be boolean');
    expect(await schemaProblem({ ...pod, kind: 'Pood' })).toBe(
      'kubernetes-models has no schema for v1 Pood',
    );
    expect(await schemaProblem({ ...pod, kind: 'PodSpec' })).toBe(
      'kubernetes-models has no schema for v1 PodSpec',
    );
    expect(await schemaProblem({ ...pod, apiVersion: 'example.com/v1' })).toBe(
      'kubernetes-models has no schema for example.com/v1 Pod',
    );
  });
});
