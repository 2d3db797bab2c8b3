import { describe, expect, it } from 'vitest';
import { formatEventsMarkdown } from '../src/internal/formatEventsMarkdown.js';

describe('formatEventsMarkdown', () => {
  it('is a table of the events, reasons escaped for Markdown', () => {
    const time = new Date(Date.UTC(2026, 10, 24, 12, 0, 5));
    expect(
      formatEventsMarkdown([
        {
          id: '1',
          time,
          resource: 'InstanceController0',
          type: 'AWS::EC2::Instance',
          status: 'CREATE_FAILED',
          reason: 'You have requested more vCPU capacity | than allowed\nRequest a limit increase',
        },
        {
          id: '2',
          time,
          resource: 'demo',
          type: 'AWS::CloudFormation::Stack',
          status: 'ROLLBACK_COMPLETE',
          reason: undefined,
        },
      ]),
    ).toBe(
      [
        '| Time | Resource | Type | Status | Reason |',
        '| --- | --- | --- | --- | --- |',
        '| 2026-11-24T12:00:05.000Z | `InstanceController0` | AWS::EC2::Instance | CREATE_FAILED | You have requested more vCPU capacity \\| than allowed Request a limit increase |',
        '| 2026-11-24T12:00:05.000Z | `demo` | AWS::CloudFormation::Stack | ROLLBACK_COMPLETE |  |',
        '',
      ].join('\n'),
    );
  });
});
