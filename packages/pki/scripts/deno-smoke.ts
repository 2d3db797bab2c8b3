// Generates and checks a full credential set under Deno, from the same build Node uses.
// Usage: deno run --allow-read --allow-write=<dir> scripts/deno-smoke.ts <dir> [key-algorithm]
import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import { checkCredentials, generateCredentials } from '@kube-aws/pki';

declare const Deno: {
  args: string[];
  version: { deno: string };
  writeTextFile(path: string, data: string, options?: { mode?: number }): Promise<void>;
};

const [dir, algorithm = 'ecdsa-p256'] = Deno.args;
const config = resolveClusterConfig(
  parseClusterConfig(`clusterName: deno
externalDNSName: kube.example.com
region: us-west-1
availabilityZone: us-west-1c
keyName: k
kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000
pki:
  keyAlgorithm: ${algorithm}
`),
);
const set = await generateCredentials(config, new Map());
const files = new Map([...set.files].map(([name, file]) => [name, file.content]));
const problems = await checkCredentials(config, files);
if (problems.length > 0) throw new Error(JSON.stringify(problems));
for (const [name, file] of set.files)
  await Deno.writeTextFile(`${dir}/${name}`, file.content, { mode: file.secret ? 0o600 : 0o644 });
console.log(`deno ${Deno.version.deno}: generated and checked ${set.files.size} files`);
