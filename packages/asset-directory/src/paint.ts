/** The colours kube-aws uses: success green, failure and replacement red, warnings yellow. */
export type Paint = 'green' | 'red' | 'yellow';

const CODES: Record<Paint, string> = { green: '32', red: '31', yellow: '33' };

/** `text` in `paint` when `color` (AssetIo.color), else as it is. */
export function paint(text: string, colour: Paint, color: boolean | undefined): string {
  return color === true ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

/** The colour of a CloudFormation status: FAILED and ROLLBACK red, COMPLETE green, else none. */
export function statusPaint(status: string): Paint | undefined {
  if (/FAILED|ROLLBACK/.test(status)) return 'red';
  if (/COMPLETE$/.test(status)) return 'green';
  return undefined;
}
