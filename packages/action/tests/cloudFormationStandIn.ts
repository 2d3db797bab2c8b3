import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CloudFormationStandIn {
  readonly url: string;
  /** The `Action` of every request, in order. */
  readonly actions: string[];
  stop(): Promise<void>;
}

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function response(action: string, result: string): string {
  return `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`;
}

/**
 * A loopback stand-in for the part of CloudFormation that drift detection uses, which moto does
 * not implement: one stack of `clusterName`, tagged as kube-aws's, whose drift detection takes
 * one poll and finds the worker group's desired capacity changed (or nothing, when `inSync`).
 * Any other action is refused, so a test sees every call the action makes.
 */
export async function startCloudFormationStandIn(
  clusterName: string,
  inSync: boolean,
): Promise<CloudFormationStandIn> {
  const actions: string[] = [];
  let polls = 0;
  const stack = `<Stacks><member><StackName>${clusterName}</StackName><StackId>arn:aws:cloudformation:us-west-1:123456789012:stack/${clusterName}/1</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-12-01T05:00:00Z</CreationTime><Tags><member><Key>kube-aws:cluster</Key><Value>${clusterName}</Value></member></Tags><Outputs><member><OutputKey>ControllerIP</OutputKey><OutputValue>203.0.113.10</OutputValue></member><member><OutputKey>APIEndpoint</OutputKey><OutputValue>https://kube.example.com</OutputValue></member></Outputs></member></Stacks>`;
  const answers: Record<string, () => string> = {
    DescribeStacks: () => stack,
    DetectStackDrift: () => '<StackDriftDetectionId>d-1</StackDriftDetectionId>',
    DescribeStackDriftDetectionStatus: () =>
      polls++ === 0
        ? '<StackId>arn:stack</StackId><StackDriftDetectionId>d-1</StackDriftDetectionId><DetectionStatus>DETECTION_IN_PROGRESS</DetectionStatus><Timestamp>2026-12-01T06:00:00Z</Timestamp>'
        : `<StackId>arn:stack</StackId><StackDriftDetectionId>d-1</StackDriftDetectionId><DetectionStatus>DETECTION_COMPLETE</DetectionStatus><StackDriftStatus>${inSync ? 'IN_SYNC' : 'DRIFTED'}</StackDriftStatus><DriftedStackResourceCount>${inSync ? 0 : 1}</DriftedStackResourceCount><Timestamp>2026-12-01T06:00:00Z</Timestamp>`,
    DescribeStackResourceDrifts: () =>
      inSync
        ? '<StackResourceDrifts></StackResourceDrifts>'
        : `<StackResourceDrifts><member><StackId>arn:stack</StackId><LogicalResourceId>AutoScaleWorkerDefault</LogicalResourceId><PhysicalResourceId>${clusterName}-AutoScaleWorkerDefault-1A2B</PhysicalResourceId><ResourceType>AWS::AutoScaling::AutoScalingGroup</ResourceType><StackResourceDriftStatus>MODIFIED</StackResourceDriftStatus><Timestamp>2026-12-01T06:00:00Z</Timestamp><PropertyDifferences><member><PropertyPath>/DesiredCapacity</PropertyPath><ExpectedValue>1</ExpectedValue><ActualValue>3</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType></member></PropertyDifferences></member></StackResourceDrifts>`,
  };
  const server = createServer((request, reply) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      actions.push(action);
      const answer = answers[action];
      if (answer === undefined) {
        reply.writeHead(400, { 'content-type': 'text/xml' });
        reply.end(
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>NotImplemented</Code><Message>the stand-in has no ${action}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
        return;
      }
      reply.writeHead(200, { 'content-type': 'text/xml' });
      reply.end(response(action, answer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
