import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '@kube-aws/config-schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPONENT_VERSIONS, LIMITS } from '../src/index.js';
import { build, configFrom } from './helpers.js';
import { caseConfig, FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';
import { ADDONS_PATH, goldenNodes, manifestObjects } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

// One assertion per boot defect of issue 10, so none can come back. The real tools check the rest:
// upstreamFlags (flags, kubelet's label rule), kubeconfigTls (names on the API server certificate),
// nodeScripts/nodeUnits (shellcheck, systemd-analyze), nodeManifests (the Kubernetes schema),
// etcdCluster (etcd's flags and certificates), controllerCredentials and fetchSecrets (the boot
// scripts run).

const NODES = goldenNodes();
const CONTROLLERS = NODES.filter((node) => node.node.startsWith('controller'));
const WORKERS = NODES.filter((node) => node.node.startsWith('worker'));

function file(node: RenderedNode, path: string): string {
  const found = node.files.find((item) => item.path === path);
  if (found === undefined) throw new Error(`${node.caseName}/${node.node} writes no ${path}`);
  return found.content;
}

function unit(node: RenderedNode, name: string): string {
  const found = node.units.find((item) => item.name === name);
  if (found?.content === undefined) throw new Error(`${node.caseName}/${node.node} has no ${name}`);
  return found.content;
}

type Json = Record<string, unknown>;

function objectsOf(node: RenderedNode, kind: string, name: string): Json {
  const found = manifestObjects(node)
    .map((item) => item.object as Json & { metadata: { name: string } })
    .find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`${node.caseName}/${node.node}: no ${kind} ${name}`);
  return found;
}

interface Container {
  name: string;
  command?: string[];
  env?: { name: string; value?: string }[];
}

function podSpec(object: Json): {
  hostNetwork?: boolean;
  dnsPolicy?: string;
  containers: Container[];
} {
  return (object.spec as { template: { spec: never } }).template.spec;
}

function podSpecOf(node: RenderedNode, name: string): { containers: Container[] } {
  const pod = manifestObjects(node).find(
    (item) => item.path === `/etc/kubernetes/manifests/${name}.yaml`,
  );
  if (pod === undefined) throw new Error(`${node.caseName}/${node.node}: no static pod ${name}`);
  return (pod.object as { spec: { containers: Container[] } }).spec;
}

function stackOf(caseName: string): { Resources: Record<string, Json & { Type: string }> } {
  return JSON.parse(readFileSync(join(FIXTURES, caseName, 'build', 'stack-template.json'), 'utf8'));
}

describe('the boot contract of every golden node', () => {
  it('has nodes to check', () => {
    expect(CONTROLLERS.length).toBeGreaterThanOrEqual(GOLDEN_CASES.length);
    expect(WORKERS.length).toBeGreaterThanOrEqual(GOLDEN_CASES.length);
  });

  // 1. kubelet refuses --node-labels in the kubernetes.io and k8s.io namespaces outside its
  // allow-list (kubernetes cmd/kubelet/app/options/options.go, ValidateKubeletFlags): the role
  // label goes on through the API once the node registers, as kubeadm's mark-control-plane does.
  it.each(CONTROLLERS.map((node) => [`${node.caseName}/${node.node}`, node]))(
    '%s: labels itself control-plane through the API, where the CCM and EBS CSI selectors look',
    (_, node) => {
      const kubelet = unit(node, 'kubelet.service');
      expect(kubelet).not.toMatch(/--node-labels=[^ ]*node-role\.kubernetes\.io/);
      const addons = file(node, '/opt/bin/install-addons');
      expect(addons).toMatch(
        /kubectl label node "\$NODE_NAME" node-role\.kubernetes\.io\/control-plane= --overwrite/,
      );
      // The taint comes from the kubelet's own configuration: registerWithTaints.
      const config = parse(file(node, '/etc/kubernetes/kubelet.yaml')) as Json;
      expect(config.registerWithTaints).toEqual([
        { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      ]);
      // The aws-cloud-controller-manager chart's default nodeSelector is
      // node-role.kubernetes.io/control-plane: "" (cloud-provider-aws
      // charts/aws-cloud-controller-manager/values.yaml); the EBS CSI controller is given the same.
      expect(addons).toMatch(
        /--set controller\.nodeSelector\.node-role\\\\\.kubernetes\\\\\.io\/control-plane= /,
      );
      expect(addons.indexOf('kubectl label node')).toBeLessThan(addons.indexOf('helm upgrade'));
    },
  );

  // 3. kube-proxy makes the kubernetes Service reachable, so it and every host-network client that
  // starts before it must be given the API server's real address (kubeadm gives kube-proxy a
  // kubeconfig: kubernetes cmd/kubeadm/app/phases/addons/proxy/manifests.go). With the load
  // balancer (issue 11) that is its DNS name, which install-addons puts in for the placeholder; a
  // controller's own cloud-controller-manager uses its local API server.
  it.each(CONTROLLERS.map((node) => [`${node.caseName}/${node.node}`, node]))(
    '%s: kube-proxy, flannel and the CCM reach the API at its real address, not the Service IP',
    (_, node) => {
      const config = caseConfig(node.caseName);
      const address = config.controller.loadBalancer ? '@API_ENDPOINT@' : config.controllerIP;
      const proxy = podSpec(objectsOf(node, 'DaemonSet', 'kube-proxy'));
      expect(proxy.containers[0]!.command).toContain('--config=/var/lib/kube-proxy/config.conf');
      const proxyData = objectsOf(node, 'ConfigMap', 'kube-proxy').data as Record<string, string>;
      expect(
        (parse(proxyData['config.conf']!) as { clientConnection: { kubeconfig: string } })
          .clientConnection.kubeconfig,
      ).toBe('/var/lib/kube-proxy/kubeconfig.conf');
      const kubeconfig = parse(proxyData['kubeconfig.conf']!) as {
        clusters: { cluster: { server: string } }[];
      };
      expect(kubeconfig.clusters[0]!.cluster.server).toBe(`https://${address}:443`);
      for (const name of ['kube-flannel']) {
        const spec = podSpec(objectsOf(node, 'DaemonSet', name));
        expect(spec.hostNetwork).toBe(true);
        const env = Object.fromEntries(
          (spec.containers[0]!.env ?? []).map((item) => [item.name, item.value]),
        );
        expect(env).toMatchObject({
          KUBERNETES_SERVICE_HOST: address,
          KUBERNETES_SERVICE_PORT: '443',
        });
      }
      const addons = file(node, '/opt/bin/install-addons');
      expect(addons).toContain('--set hostNetworking=true');
      expect(addons).toContain(
        '--set env[0].name=KUBERNETES_SERVICE_HOST --set-string env[0].value=127.0.0.1',
      );
      if (config.controller.loadBalancer) {
        expect(addons).toContain(
          `ssm get-parameter --name /kube-aws/${config.clusterName}/api-endpoint`,
        );
        expect(addons).toContain('sed -i "s|@API_ENDPOINT@|$endpoint|g" ' + ADDONS_PATH);
      } else {
        expect(addons).not.toContain('@API_ENDPOINT@');
      }
      expect(config.kubernetesServiceIP).not.toBe(config.controllerIP);
    },
  );

  // 4. `forward . /etc/resolv.conf` with the default dnsPolicy sends CoreDNS's own queries back to
  // the kube-dns Service, and the loop plugin then stops it (coredns.io/plugins/loop, "Troubleshooting
  // loops in Kubernetes clusters"): CoreDNS must use the node's resolver.
  it.each(CONTROLLERS.map((node) => [`${node.caseName}/${node.node}`, node]))(
    '%s: CoreDNS forwards to the node resolver, not to itself',
    (_, node) => {
      const corefile = (objectsOf(node, 'ConfigMap', 'coredns').data as { Corefile: string })
        .Corefile;
      expect(corefile).toMatch(/forward \. \/etc\/resolv\.conf/);
      expect(corefile).toMatch(/^\s*loop$/m);
      expect(podSpec(objectsOf(node, 'Deployment', 'coredns')).dnsPolicy).toBe('Default');
    },
  );

  // 5. The external cloud-controller-manager finds instances by private-dns-name
  // (cloud-provider-aws docs/prerequisites.md), and coreos-cloudinit cuts the hostname at the first
  // dot: every node sets its full EC2 private DNS name before the kubelet starts, and the
  // controller's kubelet client certificate carries that name (CN system:node:<name>, the Node
  // authorizer's rule: kubernetes plugin/pkg/auth/authorizer/node).
  it.each(NODES.map((node) => [`${node.caseName}/${node.node}`, node]))(
    '%s: the node is named after its full EC2 private DNS name before the kubelet starts',
    (_, node) => {
      const script = file(node, '/opt/bin/node-identity');
      expect(script).toMatch(/imds local-hostname/);
      expect(script).toMatch(/hostnamectl set-hostname "\$name"/);
      expect(script).not.toMatch(/%%\.|cut -d\. /);
      expect(script).toMatch(/NODE_NAME=%s/);
      const kubelet = unit(node, 'kubelet.service');
      expect(kubelet).toMatch(/^Requires=.*\bnode-identity\.service\b/m);
      expect(kubelet).toMatch(/^After=.*\bnode-identity\.service\b/m);
      if (node.node.startsWith('controller')) {
        expect(kubelet).toMatch(/^EnvironmentFile=\/etc\/kubernetes\/node\.env$/m);
        expect(file(node, '/opt/bin/controller-credentials')).toContain(
          'issue kubelet "/O=system:nodes/CN=system:node:$NODE_NAME"',
        );
      }
    },
  );

  // 6. curl's --retry alone retries neither DNS failures nor refused connections (curl(1)
  // --retry-all-errors); a node that reboots without internet keeps what it installed.
  it.each(NODES.map((node) => [`${node.caseName}/${node.node}`, node]))(
    '%s: every download retries every error, and an installed node needs no download',
    (_, node) => {
      for (const script of node.files.filter((item) => item.content.startsWith('#!'))) {
        for (const line of script.content.split('\n').filter((text) => /\bcurl\b/.test(text)))
          expect(line, `${script.path}: ${line}`).toMatch(/--retry \d+ --retry-all-errors/);
      }
      const install = file(node, '/opt/bin/install-kubernetes');
      expect(install).toMatch(
        /\[ "\$\(cat "\$stamp" 2>\/dev\/null \|\| true\)" = "\$want" \] && exit 0/,
      );
      expect(install.indexOf('exit 0')).toBeLessThan(install.indexOf('curl'));
      for (const name of [
        'node-identity.service',
        'fetch-secrets.service',
        'install-kubernetes.service',
      ])
        expect(unit(node, name), name).toMatch(/^StartLimitIntervalSec=0$/m);
    },
  );

  // 10. Secrets at rest, an audit log, and kubelets checked by the CA that signs their serving
  // certificates (kubernetes.io/docs/tasks/administer-cluster/encrypt-data, /debug/debug-cluster/audit,
  // kube-apiserver --kubelet-certificate-authority).
  it.each(CONTROLLERS.map((node) => [`${node.caseName}/${node.node}`, node]))(
    '%s: the API server encrypts Secrets, writes an audit log and checks kubelets by CA',
    (_, node) => {
      const pod = manifestObjects(node).find(
        (item) => item.path === '/etc/kubernetes/manifests/kube-apiserver.yaml',
      )!.object as { spec: { containers: Container[] } };
      const command = pod.spec.containers[0]!.command!;
      expect(command).toEqual(
        expect.arrayContaining([
          '--encryption-provider-config=/etc/kubernetes/encryption-config.yaml',
          '--audit-policy-file=/etc/kubernetes/audit-policy.yaml',
          '--audit-log-path=/var/log/kubernetes/audit/audit.log',
          '--kubelet-certificate-authority=/etc/kubernetes/ssl/ca-trust.pem',
        ]),
      );
      expect(command).toContain(
        '--kubelet-preferred-address-types=InternalDNS,Hostname,InternalIP',
      );
      const credentials = file(node, '/opt/bin/controller-credentials');
      expect(credentials).toMatch(/- secretbox: \{keys: \[\{name: key1, secret: "\$key"\}\]\}/);
      const policy = parse(file(node, '/etc/kubernetes/audit-policy.yaml')) as {
        kind: string;
        rules: { level: string }[];
      };
      expect(policy.kind).toBe('Policy');
      // Metadata at most: no request or response body (a Secret's data) reaches the log.
      expect(policy.rules.map((rule) => rule.level)).not.toContain('Request');
      expect(policy.rules.map((rule) => rule.level)).not.toContain('RequestResponse');
      // Which CA signs the kubelets' serving certificates: kube-controller-manager signs
      // kubernetes.io/kubelet-serving requests with the cluster CA.
      expect(podSpecOf(node, 'kube-controller-manager').containers[0]!.command).toContain(
        '--cluster-signing-cert-file=/etc/kubernetes/ssl/ca.pem',
      );
    },
  );
});

describe('the stack a golden case deploys', () => {
  // 7. An EIP in a VPC needs the gateway attached (AWS::EC2::EIP, "DependsOn attribute"), and a node
  // that boots before its subnet's default route exists fails its downloads.
  it.each(GOLDEN_CASES)('%s: EIPs wait for the gateway, nodes for their egress route', (name) => {
    const config = caseConfig(name);
    const { Resources: resources } = stackOf(name);
    const dependsOn = (id: string) => (resources[id]!.DependsOn as string[] | undefined) ?? [];
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type === 'AWS::EC2::EIP' && config.vpcId === undefined)
        expect(dependsOn(id), id).toContain('VPCGatewayAttachment');
    }
    const nodes = Object.entries(resources).filter(([, resource]) =>
      ['AWS::EC2::Instance', 'AWS::AutoScaling::AutoScalingGroup'].includes(resource.Type),
    );
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    for (const [id, resource] of nodes) {
      const properties = resource.Properties as {
        NetworkInterfaces?: { SubnetId: { Ref: string } }[];
        VPCZoneIdentifier?: { Ref: string }[];
      };
      const subnets =
        properties.NetworkInterfaces?.map((item) => item.SubnetId.Ref) ??
        properties.VPCZoneIdentifier!.map((item) => item.Ref);
      for (const subnet of subnets) {
        const index = Number(subnet.replace('Subnet', ''));
        const isPrivate = config.subnets[index]!.private;
        if (isPrivate) expect(dependsOn(id), `${id} ${subnet}`).toContain('RouteToNAT');
        else if (config.vpcId === undefined)
          expect(dependsOn(id), `${id} ${subnet}`).toContain('RouteToInternet');
        if (isPrivate || config.vpcId === undefined || config.routeTableId !== undefined)
          expect(dependsOn(id), `${id} ${subnet}`).toContain(`${subnet}RouteTableAssociation`);
      }
      // And for the SSM parameters the node reads at boot.
      expect(
        dependsOn(id).some((item) => item.startsWith('SecretParameter')),
        id,
      ).toBe(true);
    }
  });

  // 8. EC2 takes at most 16,384 bytes of userdata; the default cluster keeps a quarter of it free
  // for what is still to come.
  it('the default cluster uses at most 75% of the userdata EC2 allows, on every node', async () => {
    const built = await build(
      configFrom(
        'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n',
      ),
    );
    expect(built.userdata.map((node) => node.node)).toEqual(['controller0', 'worker-default']);
    for (const node of built.userdata)
      expect(node.bytes, node.node).toBeLessThanOrEqual(LIMITS.userdata * 0.75);
    expect(built.addons.bytes).toBeLessThanOrEqual(4_096);
  });

  // 9. cloud-provider-aws makes one release per Kubernetes minor and supports that minor
  // (cloud-provider-aws README, "Compatibility with Kubernetes").
  it('runs the cloud-controller-manager made for the pinned Kubernetes minor', () => {
    const minor = (version: string) => /^v(\d+\.\d+)\./.exec(version)![1];
    expect(minor(COMPONENT_VERSIONS.cloudControllerManager)).toBe(
      minor(DEFAULTS.kubernetesVersion),
    );
    for (const node of CONTROLLERS)
      expect(file(node, '/opt/bin/install-addons')).toContain(
        `--set image.tag=${COMPONENT_VERSIONS.cloudControllerManager}`,
      );
  });
});
