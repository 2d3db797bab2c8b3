/**
 * The rule for an S3 location (`s3URI`, `--s3-uri`, the action's `s3-uri`): a bucket name, then a
 * prefix of S3's safe key characters between single slashes. The prefix goes into IAM policies,
 * where `*` and `?` are wildcards and `${…}` is a variable, so nothing else is let through.
 */
export const S3_URI_PATTERN =
  '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]+)*/?$';

/** The longest `s3URI` accepted. */
export const S3_URI_MAX_LENGTH = 512;

/** `S3_URI_PATTERN` in words, for messages. */
export const S3_URI_EXPECTATION =
  'an S3 URI such as s3://bucket/prefix, whose prefix has only letters, digits and . _ - between single slashes';

const S3_URI = new RegExp(S3_URI_PATTERN);

/** Whether `value` is an S3 location cluster.yaml's `s3URI` would accept. */
export function isS3Uri(value: string): boolean {
  return value.length <= S3_URI_MAX_LENGTH && S3_URI.test(value);
}
