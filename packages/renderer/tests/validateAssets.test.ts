import { describe, expect, it } from 'vitest';
import { formatAssetProblem, renderAssets, validateAssets } from '../src/index.js';
import { AMI, configFrom, pinnedAssets } from './helpers.js';
import { caseConfig, GOLDEN_CASES } from './goldenFixtures.js';

const config = configFrom(
  'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n',
);

async function problemsAfter(file: string, edit: (text: string) => string): Promise<string[]> {
  const templates = renderAssets(config);
  const { problems } = await validateAssets({
    config,
    templates: { ...templates, [file]: edit(templates[file]!) },
    amiId: AMI,
    ...(await pinnedAssets(config)),
  });
  return problems.map(formatAssetProblem);
}

function lineOf(file: string, needle: string): number {
  const text = renderAssets(config)[file]!;
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe(validateAssets, () => {
  it.each(GOLDEN_CASES)('finds nothing wrong with golden case %s', async (name) => {
    const golden = caseConfig(name);
    const { problems, built } = await validateAssets({
      config: golden,
      templates: renderAssets(golden),
      amiId: AMI,
      ...(await pinnedAssets(golden)),
    });
    expect(problems).toEqual([]);
    expect(built).toBeDefined();
  });

  it('reports a template typo with file and line', async () => {
    const line = lineOf('cloud-config/cloud-config-controller', '{{ cluster.serviceCIDR }}');
    expect(
      await problemsAfter('cloud-config/cloud-config-controller', (text) =>
        text.replace('{{ cluster.serviceCIDR }}', '{{ cluster.serviceCidr }}'),
      ),
    ).toEqual([
      `cloud-config/cloud-config-controller:${line}: unknown variable "cluster.serviceCidr"; did you mean cluster.serviceCIDR?`,
    ]);
  });

  it('reports bad YAML in a cloud-config with its line', async () => {
    const line = lineOf('cloud-config/cloud-config-worker', '    reboot_strategy');
    const problems = await problemsAfter('cloud-config/cloud-config-worker', (text) =>
      text.replace('    reboot_strategy: "off"', '    reboot_strategy: "off\n  oops: [unclosed'),
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(
      new RegExp(`^cloud-config/cloud-config-worker:(${line}|${line + 1}|${line + 2}): YAML: `),
    );
  });

  it('reports a key coreos-cloudinit does not know, with a suggestion', async () => {
    expect(
      await problemsAfter('cloud-config/cloud-config-worker', (text) =>
        text.replace('write_files:', 'write_file:'),
      ),
    ).toContain(
      `cloud-config/cloud-config-worker:${lineOf('cloud-config/cloud-config-worker', 'write_files:')}: unknown key write_file; coreos-cloudinit ignores it; did you mean write_files?`,
    );
  });

  it('reports a dangling Ref in the stack template at its line', async () => {
    const problems = await problemsAfter('stack-template.json', (text) =>
      text.replace('"Ref": "IAMRoleWorker"', '"Ref": "IAMRoleWorkers"'),
    );
    expect(problems).toEqual([
      `stack-template.json:${lineOf('stack-template.json', '"Ref": "IAMRoleWorker"')}: IAMRoleWorkers is referenced but is no resource or parameter of the template`,
    ]);
  });

  it('reports userdata over 16 KB', async () => {
    const padding = Array.from(
      { length: 3000 },
      (_, index) =>
        `      ${(index * 7919) % 104729} ${((index * 104729) % 7919).toString(36)} ${index.toString(16)}`,
    ).join('\n');
    const problems = await problemsAfter(
      'cloud-config/cloud-config-worker',
      (text) =>
        `${text}  - path: /etc/padding\n    permissions: "0644"\n    content: |\n${padding}\n`,
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^cloud-config\/cloud-config-worker:1: the userdata of worker-default is \d+ bytes gzipped, over EC2's 16384-byte limit; set s3URI/,
      ),
    );
  });

  it('counts no comment line against the userdata limit, and keeps every line number', async () => {
    const padding = Array.from(
      { length: 3000 },
      (_, index) =>
        `      # ${(index * 7919) % 104729} ${((index * 104729) % 7919).toString(36)} ${index.toString(16)}`,
    ).join('\n');
    const templates = renderAssets(config);
    const file = 'cloud-config/cloud-config-worker';
    const padded = {
      ...templates,
      [file]: templates[file]!.replace(
        '      rotateCertificates: true',
        `${padding}\n      rotateCertificates: true`,
      ),
    };
    const input = { config, amiId: AMI, ...(await pinnedAssets(config)) };
    const plain = await validateAssets({ ...input, templates });
    const commented = await validateAssets({ ...input, templates: padded });
    expect(commented.problems).toEqual([]);
    const worker = (built: typeof plain.built) =>
      built!.userdata.find((node) => node.file === file)!;
    // Emptied lines cost a byte or so each, the comments nothing.
    expect(worker(commented.built).bytes - worker(plain.built).bytes).toBeLessThan(200);
    const lines = worker(commented.built).cloudConfig.split('\n');
    expect(lines).toHaveLength(worker(plain.built).cloudConfig.split('\n').length + 3000);
    expect(lines[0]).toBe('#cloud-config');
    expect(worker(commented.built).cloudConfig).not.toMatch(/^\s*# /m);
    expect(worker(commented.built).cloudConfig).toMatch(/^ +#!\/bin\/bash$/m);
  });

  it('reports a template too big to send inline, and advises s3URI', async () => {
    const big = configFrom(
      'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\ncontroller:\n  count: 3\n',
    );
    const { problems } = await validateAssets({
      config: big,
      templates: renderAssets(big),
      amiId: AMI,
      ...(await pinnedAssets(big)),
    });
    expect(problems.map(formatAssetProblem)).toEqual([
      expect.stringMatching(
        /^stack-template\.json:1: the built template is \d+ bytes, over CloudFormation's 51200-byte limit when sent inline; set s3URI/,
      ),
    ]);
  });

  it('reports a write_files entry with unquoted permissions', async () => {
    const problems = await problemsAfter('cloud-config/cloud-config-worker', (text) =>
      text.replace(
        '  - path: /opt/bin/bootstrap-kubeconfig\n    permissions: "0700"',
        '  - path: /opt/bin/bootstrap-kubeconfig\n    permissions: 700',
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /permissions of \/opt\/bin\/bootstrap-kubeconfig must be a quoted octal string such as "0644" \(got 700\)/,
      ),
    );
  });

  it('reports a secret the node uses but never fetches', async () => {
    const problems = await problemsAfter('cloud-config/cloud-config-controller', (text) =>
      text.replace("names=({{ secrets.names | join(' ') }})", 'names=(ca-key.pem bootstrap-token)'),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /\/etc\/kubernetes\/ssl\/apiserver-key\.pem is used, but \/opt\/bin\/fetch-secrets does not fetch apiserver-key\.pem/,
      ),
    );
  });

  it('reports an add-on that is not a Kubernetes object, at its line of addons.yaml', async () => {
    const needle = 'metadata: {name: kube-aws:node-bootstrapper}';
    const problems = await problemsAfter('cloud-config/addons.yaml', (text) =>
      text.replace(`kind: ClusterRoleBinding\n${needle}`, needle),
    );
    // The filled-in file has the same lines as the template up to here: no expression spans lines.
    const line = lineOf('cloud-config/addons.yaml', 'apiVersion: rbac.authorization.k8s.io/v1');
    expect(problems).toEqual([`cloud-config/addons.yaml:${line}: this document lacks kind`]);
  });

  it('reports what the pinned releases would refuse: a kubelet label, a deprecated or unknown flag', async () => {
    const controller = 'cloud-config/cloud-config-controller';
    const problems = await problemsAfter(controller, (text) =>
      text
        .replace(
          '--node-ip={{ controller.ip }}',
          '--node-ip={{ controller.ip }} --node-labels=node-role.kubernetes.io/control-plane=',
        )
        .replace('- --secure-port=443', '- --secure-port=443\n              - --apiserver-count=3'),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^cloud-config\/cloud-config-controller:\d+: kubelet refuses to start with the label node-role\.kubernetes\.io\/control-plane in --node-labels/,
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/: kube-apiserver flag --apiserver-count is deprecated: /),
    );
    const addons = await problemsAfter('cloud-config/addons.yaml', (text) =>
      text.replace(
        '--config=/var/lib/kube-proxy/config.conf',
        '--confg=/var/lib/kube-proxy/config.conf',
      ),
    );
    expect(addons).toContainEqual(
      expect.stringMatching(
        /^cloud-config\/addons\.yaml:\d+: kube-proxy v[\d.]+.* has no flag --confg; it would not start$/,
      ),
    );
  });

  it('reports a unit without a name', async () => {
    const problems = await problemsAfter('cloud-config/cloud-config-worker', (text) =>
      text.replace('    - name: containerd.service\n', '    - nmae: containerd.service\n'),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/a unit needs a name such as kubelet\.service \(got null\)/),
    );
  });
});
