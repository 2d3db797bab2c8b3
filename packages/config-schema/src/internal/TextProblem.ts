import type { FieldPath } from './SourceInfo.js';

/** A problem found in the text of a cluster.yaml, at an offset, before its keys are known. */
export interface TextProblem {
  /** UTF-16 offset in the decoded text. */
  readonly offset: number;
  readonly code: string;
  readonly message: string;
  /** The field the offset falls in, when the document could be read that far. */
  readonly path?: FieldPath;
}
