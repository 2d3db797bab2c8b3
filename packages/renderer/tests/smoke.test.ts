import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { build, configFrom } from './helpers.js';
it('smoke', async () => {
  const config = configFrom('clusterName: my-cluster\nexternalDNSName: kube.example.com\nregion: us-west-1\navailabilityZone: us-west-1c\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000\n');
  const built = await build(config);
  console.log(built.templateBodyBytes, built.userdata.map((u) => [u.node, u.bytes, u.cloudConfig.length]));
  writeFileSync('/tmp/stack.json', JSON.stringify(built.template, null, 2));
  writeFileSync('/tmp/cc-controller', built.userdata[0]!.cloudConfig);
});
