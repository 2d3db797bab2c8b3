import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkCredentials, planCredentials } from '@kube-aws/pki';
import { ASSET_FILES, formatAssetProblem, LIMITS, validateAssets } from '@kube-aws/renderer';
import type { AssetProblem } from '@kube-aws/renderer';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import {
  credentialsDirectory,
  loadAssetConfig,
  loadNodeAssets,
  paint,
  provisioning,
  readCredentialFiles,
  resolveTemplates,
  secretFileNames,
} from '@kube-aws/asset-directory';
import { findCommand } from '../internal/findCommand.js';
import { validateSyntax } from './validateSyntax.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { formatOutput, outputFormat } from '../internal/outputFormat.js';
import { runCfnLint } from '../internal/runCfnLint.js';

/** An AMI id that stands in offline when cluster.yaml pins none; `up` resolves the real one. */
const OFFLINE_AMI = 'ami-00000000000000000';

const FLAGS = validateSyntax.flags;

const HELP = formatHelp(
  'kube-aws validate [--asset-dir=<dir>] [-o text|json|yaml]',
  [
    'Checks the asset directory offline: cluster.yaml, the credentials, that the templates evaluate,',
    'each cloud-config (YAML, #cloud-config header, keys coreos-cloudinit knows, write_files, units,',
    'embedded manifests), the stack template (references, size limits) and, when cfn-lint is on PATH',
    '(or in ~/.pyenv/shims), cfn-lint. Every problem names its file and line. Exits 1 on any problem.',
  ].join('\n'),
  FLAGS,
);

/** True when the SDK's credential chain has something to find: then validate asks CloudFormation too. */
function hasAwsCredentials(io: CliIo): boolean {
  const env = io.env;
  if (
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  )
    return true;
  return existsSync(join(env.HOME ?? homedir(), '.aws', 'credentials'));
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('validate', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const output = outputFormat(flags.output);
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  // What up and update would deploy: rendered from cluster.yaml in memory, the edits carried over.
  const { templates } = await resolveTemplates(config, assetDirectory);
  const directory = credentialsDirectory(assetDirectory);
  const specs = planCredentials(config);
  const credentialProblems = await checkCredentials(
    config,
    await readCredentialFiles(directory, [
      ...specs.map((spec) => spec.certificateFile),
      ...secretFileNames(config),
    ]),
  );
  const problems: AssetProblem[] = credentialProblems.map((problem) => ({
    file: `credentials/${problem.file}`,
    line: undefined,
    message: problem.message,
  }));
  if (problems.length > 0) {
    for (const problem of problems) io.stderr(`${formatAssetProblem(problem)}\n`);
    io.stderr(
      `validate: ${problems.length} problem${problems.length === 1 ? '' : 's'}; run kube-aws render to make missing credentials\n`,
    );
    if (output !== 'text') io.stdout(await formatOutput(output, { valid: false, problems }));
    return ExitCode.UserError;
  }
  const assets = await loadNodeAssets(directory);
  const { problems: found, built } = await validateAssets({
    config,
    templates,
    amiId: config.amiId ?? OFFLINE_AMI,
    ...assets,
  });
  problems.push(...found);
  const notes: string[] = [];
  if (built !== undefined) {
    const cfnLint = await findCommand('cfn-lint', io.env);
    if (cfnLint === undefined) {
      notes.push(
        'cfn-lint: not found on PATH or in ~/.pyenv/shims, so the CloudFormation lint was skipped (pip install cfn-lint)',
      );
    } else {
      const findings = await runCfnLint(cfnLint, built.template);
      for (const finding of findings.filter((item) => item.level === 'Error')) {
        problems.push({
          file: ASSET_FILES.stack,
          line: undefined,
          message: `cfn-lint ${finding.rule} at ${finding.path}: ${finding.message}`,
        });
      }
      const warnings = findings.filter((item) => item.level !== 'Error');
      notes.push(
        `cfn-lint: no errors${warnings.length === 0 ? '' : `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${[...new Set(warnings.map((item) => item.rule))].join(', ')})`}`,
      );
    }
    if (flags.offline === true || !hasAwsCredentials(io)) {
      notes.push(
        `CloudFormation ValidateTemplate: not called (${flags.offline === true ? '--offline' : 'no AWS credentials'})`,
      );
    } else if (built.templateBodyBytes > LIMITS.templateBody) {
      notes.push(
        'CloudFormation ValidateTemplate: not called (the template goes through S3; kube-aws up validates it there)',
      );
    } else {
      const { validateTemplateRemotely } = await import('@kube-aws/aws-provisioner');
      const { clientsFor } = await import('@kube-aws/asset-directory');
      const rejected = await provisioning(() =>
        validateTemplateRemotely(clientsFor(config, io, flags['endpoint-url']), built.templateBody),
      );
      for (const message of rejected)
        problems.push({
          file: ASSET_FILES.stack,
          line: 1,
          message: `CloudFormation ValidateTemplate: ${message}`,
        });
      if (rejected.length === 0) notes.push('CloudFormation ValidateTemplate: valid');
    }
  }
  for (const problem of problems) io.stderr(`${formatAssetProblem(problem)}\n`);
  if (problems.length > 0) {
    io.stderr(`validate: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    if (output !== 'text') io.stdout(await formatOutput(output, { valid: false, problems, notes }));
    return ExitCode.UserError;
  }
  const limit = config.s3URI === undefined ? LIMITS.templateBody : LIMITS.templateUrl;
  const lines = [
    `stack-template.json: ${built!.templateBodyBytes} of ${limit} bytes, ${Object.keys(built!.template.Resources as object).length} resources${config.s3URI === undefined ? '' : ' (deployed through S3)'}`,
    ...built!.userdata.map(
      (node) =>
        `userdata ${node.node}: ${node.bytes} of ${LIMITS.userdata} bytes${node.upload === undefined ? '' : ` (cloud-config of ${node.upload.body.length} bytes from S3)`}`,
    ),
    ...notes,
  ];
  if (assets.placeholders.length > 0)
    lines.push(
      'TLS secrets are not encrypted yet: sizes use placeholders as large as their KMS ciphertexts will be',
    );
  if (config.amiId === undefined)
    lines.push('AMI: resolved by kube-aws up (the current Flatcar stable); pin it with amiId');
  if (output !== 'text') {
    io.stdout(
      await formatOutput(output, {
        valid: true,
        assetDirectory,
        problems: [],
        stackTemplate: {
          bytes: built!.templateBodyBytes,
          limit,
          resources: Object.keys(built!.template.Resources as object).length,
          throughS3: config.s3URI !== undefined,
        },
        userdata: built!.userdata.map((node) => ({
          node: node.node,
          bytes: node.bytes,
          limit: LIMITS.userdata,
        })),
        notes: lines.slice(1 + built!.userdata.length),
      }),
    );
    return ExitCode.Ok;
  }
  io.stdout(`${lines.join('\n')}\n${paint('Valid:', 'green', io.color)} ${assetDirectory}\n`);
  return ExitCode.Ok;
}

/** `kube-aws validate`: offline checks of the asset directory. */
export const validateCommand: Command = {
  name: 'validate',
  summary:
    'Check the asset directory (and with cfn-lint and ValidateTemplate when they are at hand)',
  help: HELP,
  run,
};
