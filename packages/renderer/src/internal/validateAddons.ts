import { LineCounter, parseAllDocuments } from 'yaml';
import type { AssetProblem } from '../AssetProblem.js';
import { objectCommandLineProblems } from './commandLineProblems.js';
import { objectFieldsMissing } from './objectFieldsMissing.js';

/** SSM's limit on a parameter's value (advanced tier; the free tier takes 4,096). */
export const SSM_PARAMETER_LIMIT = 8_192;

/**
 * Checks the filled-in add-on manifests: YAML, every document a Kubernetes object (apiVersion,
 * kind, metadata.name) whose command lines its pinned release accepts, and small enough, gzipped
 * in base64, for the SSM parameter that holds them.
 */
export function validateAddons(file: string, text: string, bytes: number): AssetProblem[] {
  const problems: AssetProblem[] = [];
  const lineCounter = new LineCounter();
  for (const document of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
    const line = lineCounter.linePos(document.range[0]).line;
    if (document.errors.length > 0) {
      const error = document.errors[0]!;
      problems.push({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        message: `YAML: ${error.message.split('\n')[0]}`,
      });
      continue;
    }
    const object: unknown = document.toJS();
    if (object === null) continue;
    problems.push(...objectCommandLineProblems(file, text, object));
    const missing = objectFieldsMissing(object);
    if (missing.length > 0)
      problems.push({ file, line, message: `this document lacks ${missing.join(', ')}` });
  }
  if (bytes > SSM_PARAMETER_LIMIT)
    problems.push({
      file,
      line: 1,
      message: `gzipped in base64 the add-ons are ${bytes} bytes, over the ${SSM_PARAMETER_LIMIT}-byte limit of the SSM parameter that holds them`,
    });
  return problems;
}
