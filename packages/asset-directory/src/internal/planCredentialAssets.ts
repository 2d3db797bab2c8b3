import { openSealedAssets, sha256Hex } from '@kube-aws/aws-provisioner';
import type { AwsClients } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { checkCredentials, generateCredentials, PkiError, planCredentials } from '@kube-aws/pki';
import { encryptedAssetNames, fakeKmsCiphertext, NODE_ASSETS } from '@kube-aws/renderer';
import { AssetError } from '../AssetError.js';
import type { AssetIo } from '../AssetIo.js';
import { readSealedCredentials } from '../readSealedCredentials.js';
import { secretFileNames } from '../secretFileNames.js';
import { credentialsDirectory, listSealedFiles, readCredentialFiles } from '../credentialFiles.js';
import { refuseNewCa } from './refuseNewCa.js';
import { provisioning } from '../provisioning.js';

export interface PlannedCredentialAssets {
  /** The certificates the nodes receive, by file name. */
  readonly certificates: Map<string, string>;
  /** Ciphertext (base64) by secret name: the committed `.enc`, or a stand-in for one to be sealed. */
  readonly encryptedAssets: Map<string, string>;
}

/**
 * What a plan deploys, read from the committed state and written nowhere: the certificates, and
 * the sealed secrets as their `.enc` ciphertext. No KMS Encrypt ever: a secret that `update` would
 * seal anew (new, or changed since it was sealed) is planned with a stand-in of its size, and said
 * so. KMS Decrypt only when a certificate must be issued (it is missing), and said so; the result
 * stays in memory.
 * @throws {AssetError} `CREDENTIALS_INVALID` when a credential is wrong in a way render refuses too.
 */
export async function planCredentialAssets(
  config: ClusterConfig,
  assetDirectory: string,
  kmsClients: () => AwsClients,
  io: AssetIo,
): Promise<PlannedCredentialAssets> {
  const directory = credentialsDirectory(assetDirectory);
  const specs = planCredentials(config);
  const secrets = secretFileNames(config);
  const files = new Map(
    await readCredentialFiles(directory, [
      ...specs.map((spec) => spec.certificateFile),
      ...secrets,
    ]),
  );
  const sealed = await readSealedCredentials(directory, secrets);
  const sealedOnly = new Set([...sealed.keys()].filter((name) => !files.has(name)));
  const problems = await checkCredentials(config, files, new Date(), sealedOnly);
  if (problems.some((problem) => problem.message !== 'is missing'))
    throw new AssetError(
      'CREDENTIALS_INVALID',
      `the credentials cannot be used:\n${problems.map((problem) => `credentials/${problem.file}: ${problem.message}`).join('\n')}\nkube-aws render shows how to fix them.`,
    );
  if (problems.length > 0) {
    // Something must be issued: its CA's key is needed, so the sealed secrets are opened, in memory.
    const opened = await provisioning(() =>
      openSealedAssets(kmsClients(), new Map([...sealed].filter(([name]) => sealedOnly.has(name)))),
    );
    if (opened.size > 0)
      io.stdout(
        `Opened with KMS Decrypt, in memory only, to issue ${problems.map((problem) => problem.file).join(', ')}: ${[...opened.keys()].join(', ')}\n`,
      );
    for (const [name, text] of opened) files.set(name, text);
    await refuseNewCa(assetDirectory, specs, files, await listSealedFiles(directory), []);
    try {
      const result = await generateCredentials(config, files);
      for (const [name, file] of result.files) files.set(name, file.content);
    } catch (error) {
      if (PkiError.is(error))
        throw new AssetError('CREDENTIALS_INVALID', error.message, { cause: error });
      throw error;
    }
  }
  const encryptedAssets = new Map<string, string>();
  const unsealed: string[] = [];
  for (const name of encryptedAssetNames()) {
    const plaintext = files.get(name);
    const seal = sealed.get(name);
    if (
      seal !== undefined &&
      (plaintext === undefined || (await sha256Hex(plaintext)) === seal.fingerprint)
    ) {
      encryptedAssets.set(name, Buffer.from(seal.ciphertext).toString('base64'));
      continue;
    }
    unsealed.push(name);
    encryptedAssets.set(name, await fakeKmsCiphertext(name, plaintext?.length ?? 0));
  }
  if (unsealed.length > 0)
    io.stdout(
      `Not sealed yet (update seals them; the plan holds a stand-in of their size): ${unsealed.join(', ')}\n`,
    );
  const certificates = new Map(
    [...new Set([...NODE_ASSETS.controller.certificates, ...NODE_ASSETS.worker.certificates])].map(
      (name) => [name, files.get(name)!],
    ),
  );
  return { certificates, encryptedAssets };
}
