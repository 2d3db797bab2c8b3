// Renders, builds and validates a cluster under Deno, from the same build Node uses.
// Usage: deno run --allow-read --allow-env=LOG_TOKENS,LOG_STREAM scripts/deno-smoke.ts
import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import { generateCredentials } from '@kube-aws/pki';
import {
  encryptedAssetNames,
  fakeKmsCiphertext,
  renderAssets,
  validateAssets,
} from '@kube-aws/renderer';

declare const Deno: { version: { deno: string } };

const config = resolveClusterConfig(
  parseClusterConfig(`clusterName: deno
externalDNSName: kube.example.com
region: us-west-1
availabilityZone: us-west-1c
keyName: k
kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000
`),
);
const set = await generateCredentials(config, new Map());
const plain = new Map([...set.files].map(([name, file]) => [name, file.content]));
const encryptedAssets = new Map<string, string>();
for (const name of encryptedAssetNames())
  encryptedAssets.set(name, await fakeKmsCiphertext(name, plain.get(name)!.length));
const certificates = new Map(
  [...plain].filter(([name]) => name.endsWith('.pem') && !name.endsWith('-key.pem')),
);
const { problems, built } = await validateAssets({
  config,
  templates: renderAssets(config),
  certificates,
  encryptedAssets,
  amiId: 'ami-00000000000000000',
});
if (problems.length > 0 || built === undefined) throw new Error(JSON.stringify(problems));
console.log(
  `deno ${Deno.version.deno}: built and validated a stack of ${Object.keys(built.template.Resources as object).length} resources`,
);
