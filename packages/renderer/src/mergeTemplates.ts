import { ASSET_FILES } from './nodeAssets.js';
import { RenderError } from './RenderError.js';
import type { RenderedAssets } from './renderAssets.js';
import { sortTemplate } from './internal/sortKeys.js';

/** One place where the user's edit and a change of cluster.yaml (or of kube-aws) disagree. */
export interface TemplateConflict {
  /** The template, relative to the asset directory. */
  readonly file: string;
  /** The JSON path in the stack template (`Resources.X.Properties.Y`); `` for a whole file. */
  readonly path: string;
}

export interface TemplateMergeInput {
  /** What renderAssets makes of the config now. */
  readonly fresh: RenderedAssets;
  /** The templates in the asset directory, as the user may have edited them; absent ones are missing. */
  readonly current: Readonly<Record<string, string | undefined>>;
  /** Each template as kube-aws last wrote it; absent when unknown (an older asset directory). */
  readonly base: Readonly<Record<string, string | undefined>>;
}

export interface TemplateMerge {
  /** The templates to deploy: the fresh ones, with the user's edits carried over. */
  readonly templates: RenderedAssets;
  /** Templates holding edits of the user, kept. */
  readonly edited: readonly string[];
  /** Edited templates whose base is unknown: kept as they are, without the config's changes. */
  readonly unmerged: readonly string[];
  /** Where an edit and a new value disagree: nothing can be deployed until they are resolved. */
  readonly conflicts: readonly TemplateConflict[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A three-way merge of JSON values: what changed on one side only is taken, what changed on both
 * sides alike is taken once, and anything else is a conflict at its path. Arrays are values.
 */
function merge3(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  path: string,
  conflicts: string[],
): unknown {
  if (same(ours, theirs) || same(base, theirs)) return ours;
  if (same(base, ours)) return theirs;
  if (isObject(ours) && isObject(theirs)) {
    const baseObject = isObject(base) ? base : {};
    const merged: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
      const value = merge3(
        baseObject[key],
        ours[key],
        theirs[key],
        path === '' ? key : `${path}.${key}`,
        conflicts,
      );
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }
  conflicts.push(path);
  return ours;
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RenderError('TEMPLATE_ERROR', `${what} is not valid JSON: ${String(cause)}`, {
      file,
      cause,
    });
  }
}

/**
 * Carries the user's edits of the templates over to the templates of the config as it is now:
 * a template left as kube-aws wrote it becomes the fresh one; an edited one keeps each edit and
 * takes every other change (the stack template merged by JSON path, a cloud-config as a whole).
 * Values of cluster.yaml are placeholders in the templates, so most config changes touch no
 * template at all. Pure.
 * @throws {RenderError} `TEMPLATE_ERROR` when an edited stack template is not JSON.
 */
export function mergeTemplates(input: TemplateMergeInput): TemplateMerge {
  const templates: Record<string, string> = {};
  const edited: string[] = [];
  const unmerged: string[] = [];
  const conflicts: TemplateConflict[] = [];
  for (const [file, fresh] of Object.entries(input.fresh)) {
    const current = input.current[file];
    const base = input.base[file];
    if (current === undefined || current === fresh || current === base) {
      templates[file] = fresh;
      continue;
    }
    edited.push(file);
    if (base === undefined) {
      unmerged.push(file);
      templates[file] = current;
      continue;
    }
    if (base === fresh) {
      templates[file] = current;
      continue;
    }
    if (file !== ASSET_FILES.stack) {
      conflicts.push({ file, path: '' });
      templates[file] = current;
      continue;
    }
    const paths: string[] = [];
    const ours = parseJson(current, file, 'your edited template');
    const merged = merge3(
      parseJson(base, file, 'the last rendered template'),
      ours,
      parseJson(fresh, file, 'the template'),
      '',
      paths,
    );
    conflicts.push(...paths.map((path) => ({ file, path })));
    templates[file] = same(merged, ours)
      ? current
      : JSON.stringify(sortTemplate(merged), null, 2) + '\n';
  }
  return { templates, edited, unmerged, conflicts };
}
