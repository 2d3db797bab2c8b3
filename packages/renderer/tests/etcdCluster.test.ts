import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import { EtcdHarness } from './etcdHarness.js';
import { caseConfig, GOLDEN_CASES } from './goldenFixtures.js';
import { goldenNodes, manifestObjects } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';

// A real etcd runs with the exact flags of the manifest each controller's rendered etcd-member
// writes, every member in its own network namespace holding its controller's fixed IP, so the
// manifest's URLs work unchanged (etcdHarness.ts). Debian's etcd is 3.4; the manifest pins 3.6,
// whose flags 3.4 must still know (checked below).

const MEMBER_MANIFEST = '/etc/kubernetes/member-manifests/etcd.yaml';
const APISERVER_MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const SSL = '/etc/kubernetes/ssl/';

/** The command line of the `name` container of a static pod, command then args. */
function containerCommand(node: RenderedNode, path: string, name: string): string[] {
  for (const { path: file, object } of manifestObjects(node)) {
    const spec = (object as { spec?: { containers?: { name: string; command?: string[] }[] } })
      .spec;
    const container = spec?.containers?.find((item) => item.name === name);
    if (file === path && container !== undefined) {
      const args = (container as { args?: string[] }).args ?? [];
      return [...(container.command ?? []), ...args].map(String);
    }
  }
  throw new Error(`${node.caseName} ${node.node}: no ${name} container in ${path}`);
}

function flag(command: readonly string[], name: string): string {
  const found = command.find((argument) => argument.startsWith(`${name}=`));
  if (found === undefined) throw new Error(`${command[0]} has no ${name}`);
  return found.slice(name.length + 1);
}

const NODES = goldenNodes();

/** Flags Debian's etcd accepts, from its own --help. */
function etcdFlags(): Set<string> {
  ensureDebianPackages(['etcd', 'etcdctl'], ['etcd-server', 'etcd-client']);
  const help = spawnSync('etcd', ['--help'], { encoding: 'utf8' });
  return new Set(`${help.stdout}${help.stderr}`.match(/--[a-z0-9-]+/g));
}

describe('the rendered etcd manifests and Debian etcd', () => {
  it('Debian etcd knows every flag the rendered manifests pass', () => {
    const known = etcdFlags();
    const unknown = NODES.filter((node) => node.node.startsWith('controller')).flatMap((node) =>
      containerCommand(node, MEMBER_MANIFEST, 'etcd')
        .slice(1)
        .map((argument) => argument.split('=')[0]!)
        .filter((name) => !known.has(name))
        .map((name) => `${node.caseName} ${node.node}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe.each(GOLDEN_CASES)('etcd cluster of golden case %s', (caseName) => {
  const harness = new EtcdHarness(caseName);
  const { controllers, addresses } = harness;

  /** The API server's own etcd flags on controller `index`, as an etcdctl call. */
  function asApiserver(index: number, args: string[]) {
    const command = containerCommand(controllers[index]!, APISERVER_MANIFEST, 'kube-apiserver');
    const cert = flag(command, '--etcd-certfile');
    expect(flag(command, '--etcd-keyfile')).toBe(cert.replace(/\.pem$/, '-key.pem'));
    expect(flag(command, '--etcd-cafile')).toBe(`${SSL}etcd-ca-trust.pem`);
    return harness.etcdctl(
      index,
      flag(command, '--etcd-servers'),
      basename(cert).replace(/\.pem$/, ''),
      args,
    );
  }

  // As CloudFormation creates the stack (EtcdHarness.bootstrap).
  beforeAll(async () => {
    expect(controllers.map((node) => node.node)).toEqual(
      addresses.map((_, index) => `controller${index}`),
    );
    await harness.setUp();
    harness.bootstrap();
    await harness.waitFor(
      'every member healthy',
      () => asApiserver(0, ['endpoint', 'health']).status === 0,
    );
  }, 1_200_000);

  afterAll(async () => {
    await harness.tearDown();
  }, 60_000);

  it('etcd-member wrote each manifest from the rendered one, changing only the initial cluster', () => {
    controllers.forEach((node, index) => {
      const template = containerCommand(node, MEMBER_MANIFEST, 'etcd');
      const written = harness.manifestCommand(index)!;
      expect(written.length).toBe(template.length);
      const changed = written.filter((argument, at) => argument !== template[at]);
      expect(changed.map((argument) => argument.split('=')[0])).toEqual([
        '--initial-cluster',
        '--initial-cluster-state',
      ]);
      // controller0 starts the cluster alone; every other member joins the running one.
      expect(flag(written, '--initial-cluster-state')).toBe(index === 0 ? 'new' : 'existing');
      expect(flag(written, '--initial-cluster')).toContain(
        `controller${index}=https://${addresses[index]}:2380`,
      );
      expect(flag(written, '--data-dir')).toBe('/var/lib/etcd/data');
    });
  });

  it('each controller signalled its group once healthy, with its instance id', () => {
    expect(harness.signals()).toEqual(
      controllers.map(
        (_, index) =>
          `cloudformation signal-resource --stack-name ${caseConfig(caseName).clusterName} --status SUCCESS --unique-id i-controller${index} --logical-resource-id AutoScaleController${index}`,
      ),
    );
  });

  it("every member is healthy through each API server's --etcd-servers and etcd client certificate", () => {
    controllers.forEach((node, index) => {
      const command = containerCommand(node, APISERVER_MANIFEST, 'kube-apiserver');
      expect(flag(command, '--etcd-servers').split(',')).toEqual(
        addresses.map((address) => `https://${address}:2379`),
      );
      const health = asApiserver(index, ['endpoint', 'health']);
      expect(health.status, `${node.node}: ${health.stderr}`).toBe(0);
      for (const address of addresses)
        expect(`${health.stdout}${health.stderr}`).toContain(`https://${address}:2379 is healthy`);
    });
  });

  it('each member answers on every --listen-client-urls address of its manifest', () => {
    controllers.forEach((node, index) => {
      const urls = flag(harness.manifestCommand(index)!, '--listen-client-urls');
      for (const url of urls.split(',')) {
        const health = harness.etcdctl(index, url, 'apiserver-etcd-client', ['endpoint', 'health']);
        expect(health.status, `${node.node} ${url}: ${health.stderr}`).toBe(0);
      }
    });
  });

  it('member list names exactly the controllers, with their peer and client URLs, none a learner', () => {
    expect(
      harness
        .memberList()
        .map(({ name, peerURLs, clientURLs, isLearner }) => ({
          name,
          peerURLs,
          clientURLs,
          learner: isLearner === true,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(
      addresses.map((address, index) => ({
        name: `controller${index}`,
        peerURLs: [`https://${address}:2380`],
        clientURLs: [`https://${address}:2379`],
        learner: false,
      })),
    );
  });

  it('refuses the Kubernetes CA admin certificate on every member', async () => {
    const endpoints = flag(
      containerCommand(controllers[0]!, APISERVER_MANIFEST, 'kube-apiserver'),
      '--etcd-servers',
    );
    const before = harness.log.length;
    const refused = harness.etcdctl(0, endpoints, 'admin', [
      '--command-timeout=2s',
      'endpoint',
      'health',
    ]);
    expect(refused.status).not.toBe(0);
    for (const address of addresses)
      expect(`${refused.stdout}${refused.stderr}`).toContain(
        `https://${address}:2379 is unhealthy`,
      );
    // etcd's log reaches this process once its event loop runs again.
    const rejection = /rejected connection.*unknown authority/;
    for (let attempt = 0; attempt < 40 && !rejection.test(harness.log.slice(before)); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.log.slice(before)).toMatch(rejection);
  });

  // etcd outlives its controller (issue 11): the member's data is on its own volume.
  describe.runIf(addresses.length > 1)('a member replaced', () => {
    const last = addresses.length - 1;
    const put = (key: string, value: string) =>
      harness.etcdctl(0, harness.endpoints(), 'apiserver-etcd-client', ['put', key, value]);
    const get = (index: number, key: string) =>
      harness
        .etcdctl(index, `https://${addresses[index]}:2379`, 'apiserver-etcd-client', [
          'get',
          key,
          '--print-value-only',
          '--consistency=s',
        ])
        .stdout.trim();

    it('with its volume rejoins with its data, and catches up', async () => {
      harness.setStackStatus('UPDATE_IN_PROGRESS');
      harness.takeCalls();
      await harness.stop(last);
      expect(put('/kube-aws/while-away', 'written').status).toBe(0);
      const member = harness.run(last, 'etcd-member');
      expect(member.status, member.stderr).toBe(0);
      expect(member.stdout).toContain(`controller${last} has its data: it rejoins with it`);
      // No member API call: the member is who it was.
      expect(harness.takeCalls()).toEqual([]);
      harness.start(last);
      await harness.waitFor(
        'the rejoined member to catch up',
        () => get(last, '/kube-aws/while-away') === 'written',
      );
      expect(
        harness
          .memberList()
          .map((item) => item.name)
          .sort(),
      ).toEqual(addresses.map((_, index) => `controller${index}`));
    }, 300_000);

    it('with a new, empty volume joins through the member API, replacing its old entry', async () => {
      const before = harness.memberList().find((item) => item.name === `controller${last}`) as
        { ID?: string } | undefined;
      await harness.stop(last);
      rmSync(join(harness.data(last), 'data'), { recursive: true, force: true });
      rmSync(join(harness.etc(last), 'manifests', 'etcd.yaml'));
      const member = harness.run(last, 'etcd-member');
      expect(member.status, member.stderr).toBe(0);
      expect(member.stdout).toContain(`removing controller${last}'s stale member`);
      expect(member.stdout).toContain(`controller${last} joins the running cluster as a learner`);
      const calls = harness.takeCalls().map((call) => call.replace(/--endpoints=\S+ /, ''));
      expect(calls.some((call) => call.includes(' member remove '))).toBe(true);
      expect(
        calls.some((call) =>
          call.includes(
            ` member add controller${last} --learner --peer-urls=https://${addresses[last]}:2380`,
          ),
        ),
      ).toBe(true);
      expect(flag(harness.manifestCommand(last)!, '--initial-cluster-state')).toBe('existing');
      harness.start(last);
      const ready = harness.run(last, 'controller-ready');
      expect(ready.status, `${ready.stdout}${ready.stderr}`).toBe(0);
      const after = harness.memberList().find((item) => item.name === `controller${last}`) as {
        ID?: string;
        isLearner?: boolean;
      };
      expect(after.ID).not.toBe(before?.ID);
      expect(after.isLearner ?? false).toBe(false);
      await harness.waitFor(
        'the new member to hold the data',
        () => get(last, '/kube-aws/while-away') === 'written',
      );
    }, 300_000);
  });

  it('a member with no data, while no peer answers, never starts a new cluster', async () => {
    harness.setStackStatus('UPDATE_IN_PROGRESS');
    const index = 0;
    await Promise.all(controllers.map((_, at) => harness.stop(at)));
    const kept = join(harness.data(index), 'kept');
    renameSync(join(harness.data(index), 'data'), kept);
    rmSync(join(harness.etc(index), 'manifests', 'etcd.yaml'));
    try {
      const member = harness.run(index, 'etcd-member');
      expect(member.status).not.toBe(0);
      expect(member.stderr).toContain('it never starts a new cluster');
      expect(harness.manifestCommand(index)).toBeUndefined();
    } finally {
      renameSync(kept, join(harness.data(index), 'data'));
    }
  }, 300_000);
});
