import { describe, expect, it } from 'vitest';
import { ClusterConfigSchema, isS3Uri, S3_URI_PATTERN } from '../src/index.js';

describe(isS3Uri, () => {
  it("is the schema's own rule for s3URI", () => {
    expect(ClusterConfigSchema.properties.s3URI.pattern).toBe(S3_URI_PATTERN);
  });

  it.each(['s3://my-bucket', 's3://my-bucket/', 's3://my-bucket/kube-aws/prod.1_a-b/'])(
    'takes %s',
    (uri) => expect(isS3Uri(uri)).toBe(true),
  );

  it.each([
    's3://bucket/${AWS::AccountId}',
    's3://bucket/*',
    's3://bucket/a?',
    's3://bucket/a//b',
    's3://bucket/../x',
    's3://Bucket/x',
    'https://bucket/x',
    `s3://bucket/${'a'.repeat(510)}`,
  ])('refuses %s', (uri) => expect(isS3Uri(uri)).toBe(false));
});
