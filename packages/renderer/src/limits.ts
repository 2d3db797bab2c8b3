/** CloudFormation and EC2 limits (bytes or counts) that `validate` checks. */
export const LIMITS = {
  /** A template body sent inline. */
  templateBody: 51_200,
  /** A template deployed by TemplateURL from S3. */
  templateUrl: 1_000_000,
  /** EC2 userdata, gzipped. */
  userdata: 16_384,
  resources: 500,
} as const;
