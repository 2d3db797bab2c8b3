import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseConfig } from './goldenFixtures.js';
import { goldenNodes } from './renderedNodes.js';
import { SYSTEMD_PATH } from './runWithEtcKubernetes.js';

// /opt/bin/controller-address runs as rendered in a network namespace made like a controller's
// first boot: its interface has the address EC2 gave the instance, and a default route. IMDS
// (curl) and the aws-cli container (docker) are stand-ins that answer and log; `ip` is real. The
// fixed address must end up on the interface, and connections into the VPC (etcd's peers, in this
// subnet or another) must leave from it, while the internet is still reached from the instance's
// own address (its public IP maps to that one).

const MAC = '02:00:00:00:00:42';

function ip(args: string[]): string {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe.each(['guide-init', 'ha-private-pools'])(
  '/opt/bin/controller-address of %s',
  (caseName) => {
    const config = caseConfig(caseName);
    const subnet = config.subnets.find((item) => item.name === config.controller.subnets[0])!;
    const fixed = config.controller.privateIPs[0]!;
    const [network] = subnet.instanceCIDR.split('/');
    const base = network!.split('.').slice(0, 3).join('.');
    const primary = `${base}.123`;
    const gateway = `${base}.1`;
    const namespace = `kaws-${process.pid}-addr-${caseName.slice(0, 6)}`;
    const work = mkdtempSync(join(tmpdir(), 'kube-aws-controller-address-'));
    const script = goldenNodes()
      .find((node) => node.caseName === caseName && node.node === 'controller0')!
      .files.find((file) => file.path === '/opt/bin/controller-address')!.content;

    function run() {
      return spawnSync('ip', ['netns', 'exec', namespace, join(work, 'controller-address')], {
        encoding: 'utf8',
        env: {
          PATH: `${join(work, 'bin')}:${SYSTEMD_PATH}`,
          CONTROLLER_NAME: 'controller0',
          CONTROLLER_IP: fixed,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
    }

    const calls = () =>
      existsSync(join(work, 'calls.log'))
        ? readFileSync(join(work, 'calls.log'), 'utf8').split('\n').filter(Boolean)
        : [];

    beforeAll(() => {
      spawnSync('mkdir', ['-p', join(work, 'bin')]);
      writeFileSync(join(work, 'controller-address'), script, { mode: 0o700 });
      writeFileSync(
        join(work, 'bin', 'curl'),
        `#!/bin/bash
case "$*" in
  *api/token*) echo token ;;
  */meta-data/mac) echo ${MAC} ;;
  */interface-id) echo eni-0123456789abcdef0 ;;
  */subnet-ipv4-cidr-block) echo ${subnet.instanceCIDR} ;;
  */local-ipv4s) echo ${primary}; [ ! -e ${work}/assigned ] || echo ${fixed} ;;
  *) echo "curl stub: unexpected $*" >&2; exit 22 ;;
esac
`,
        { mode: 0o755 },
      );
      writeFileSync(
        join(work, 'bin', 'docker'),
        `#!/bin/bash
set -euo pipefail
echo "$*" >> ${work}/calls.log
case "$*" in
  *" ec2 assign-private-ip-addresses "*) touch ${work}/assigned ;;
  *" ec2 describe-addresses "*) echo eipalloc-0123456789abcdef0 ;;
esac
`,
        { mode: 0o755 },
      );
      // A veth pair whose other end is in a namespace of its own: nothing touches this machine.
      ip(['netns', 'add', namespace]);
      ip(['netns', 'add', `${namespace}-peer`]);
      ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
      ip([
        '-n',
        `${namespace}-peer`,
        'link',
        'add',
        'p0',
        'type',
        'veth',
        'peer',
        'eth0',
        'netns',
        namespace,
      ]);
      ip(['-n', `${namespace}-peer`, 'link', 'set', 'p0', 'up']);
      ip(['-n', namespace, 'link', 'set', 'eth0', 'address', MAC]);
      ip(['-n', namespace, 'link', 'set', 'eth0', 'up']);
      ip([
        '-n',
        namespace,
        'addr',
        'add',
        `${primary}/${subnet.instanceCIDR.split('/')[1]}`,
        'dev',
        'eth0',
      ]);
      ip(['-n', namespace, 'route', 'add', 'default', 'via', gateway, 'dev', 'eth0']);
    });

    afterAll(() => {
      spawnSync('ip', ['netns', 'del', namespace]);
      spawnSync('ip', ['netns', 'del', `${namespace}-peer`]);
      rmSync(work, { recursive: true, force: true });
    });

    it('takes the fixed address as a secondary one, reassigning it from whoever held it', () => {
      const result = run();
      expect(result.status, result.stderr).toBe(0);
      expect(ip(['-n', namespace, '-4', '-o', 'addr', 'show', 'dev', 'eth0'])).toContain(
        `inet ${fixed}/`,
      );
      const assigned = calls().filter((call) => call.includes('assign-private-ip-addresses'));
      expect(assigned).toEqual([
        expect.stringContaining(
          `ec2 assign-private-ip-addresses --network-interface-id eni-0123456789abcdef0 --private-ip-addresses ${fixed} --allow-reassignment`,
        ),
      ]);
    });

    it(
      config.controller.loadBalancer
        ? 'leaves Elastic IPs alone: the load balancer is the endpoint'
        : 'moves its Elastic IP to the fixed address',
      () => {
        const associated = calls().filter((call) => call.includes('associate-address'));
        if (config.controller.loadBalancer) expect(associated).toEqual([]);
        else
          expect(associated).toEqual([
            expect.stringContaining(
              `ec2 associate-address --allocation-id eipalloc-0123456789abcdef0 --network-interface-id eni-0123456789abcdef0 --private-ip-address ${fixed} --allow-reassociation`,
            ),
          ]);
      },
    );

    it("sends traffic into the VPC from the fixed address (etcd checks a peer's address), and to the internet from the instance's own", () => {
      const source = (destination: string) =>
        /\bsrc (\S+)/.exec(ip(['-n', namespace, 'route', 'get', destination]))?.[1];
      expect(source(`${base}.77`)).toBe(fixed);
      for (const peer of config.controller.privateIPs.slice(1)) expect(source(peer)).toBe(fixed);
      expect(source('1.1.1.1')).toBe(primary);
    });

    it('runs again at the next boot without error, and asks AWS for nothing it already has', () => {
      const before = calls().length;
      const again = run();
      expect(again.status, again.stderr).toBe(0);
      expect(
        calls()
          .slice(before)
          .some((call) => call.includes('assign-private-ip-addresses')),
      ).toBe(false);
    });
  },
);
