import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import { caseConfig } from './goldenFixtures.js';
import { goldenNodes } from './renderedNodes.js';
import { SYSTEMD_PATH } from './runWithEtcKubernetes.js';

// /opt/bin/controller-address runs as rendered in a network namespace made like a controller's
// first boot: Debian's systemd-networkd configures its interface by DHCP from a .network file as
// Flatcar's zz-default.network does, and the DHCP server is another systemd-networkd, in a
// namespace of its own at the subnet's router address. IMDS (curl) and the aws-cli container
// (docker) are stand-ins that answer and log; ip, networkctl and networkd are real. The fixed
// address must end up on the interface, connections into the VPC (etcd's peers, in this subnet or
// another) must leave from it while the internet is reached from the instance's own address, and
// all of it must survive networkd reconfiguring the interface (it drops addresses and routes it
// did not configure itself).

const MAC = '02:00:00:00:00:42';
const NETWORKD = '/lib/systemd/systemd-networkd';
const PRIMARY_HOST = 123;
/**
 * A test that runs the script or waits on networkd: the script waits up to 60 s for networkd, and
 * each wait here is bounded at 60 s too, so on a busy machine a failure shows its own message.
 */
const STEP_TIMEOUT = 240_000;

/**
 * Inside a new mount namespace (in the network namespace it is run in): /etc as an overlay, so the
 * real /etc is never written; a tmpfs on /run; a system D-Bus (networkctl talks to networkd over
 * it); /sys read-only, which tells networkd no udev will initialize links; the .network files of
 * $1/networks in /usr/lib/systemd/network, where Flatcar keeps its own. Then it touches $1/ready
 * and waits, holding the namespace.
 */
const NAMESPACE_SETUP = `set -euo pipefail
work=$1
mkdir -p "$work/upper" "$work/overlay-work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$work/upper,workdir=$work/overlay-work" /etc
mkdir -p /etc/systemd/network
mount --bind "$work/networks" /usr/lib/systemd/network
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/dbus /run/systemd/netif
chown systemd-network:systemd-network /run/systemd/netif
mount -o remount,bind,ro /sys
dbus-daemon --system --fork --nopidfile
touch "$work/ready"
exec sleep infinity`;

/** A network namespace with a mount namespace of its own, and its systemd-networkd. */
class Host {
  readonly work: string;
  private holder: ChildProcess | undefined;
  private networkd: ChildProcess | undefined;

  constructor(
    readonly namespace: string,
    base: string,
    networks: Record<string, string>,
  ) {
    this.work = join(base, namespace);
    mkdirSync(join(this.work, 'networks'), { recursive: true });
    for (const [name, content] of Object.entries(networks))
      writeFileSync(join(this.work, 'networks', name), content);
  }

  /** Makes the mount namespace and starts networkd in it. */
  async start(): Promise<void> {
    this.holder = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.namespace,
        'unshare',
        '--mount',
        '--propagation',
        'private',
        'bash',
        '-c',
        NAMESPACE_SETUP,
        'setup',
        this.work,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    this.holder.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await until(
      () => existsSync(join(this.work, 'ready')),
      () => `the namespace of ${this.namespace} was not set up: ${stderr}`,
    );
    this.startNetworkd();
  }

  startNetworkd(): void {
    this.networkd = spawn('nsenter', ['-t', String(this.holder!.pid), '-m', '-n', NETWORKD], {
      stdio: 'ignore',
    });
  }

  async stopNetworkd(): Promise<void> {
    const networkd = this.networkd!;
    if (networkd.exitCode !== null || networkd.signalCode !== null) return;
    const exited = new Promise((resolve) => networkd.once('exit', resolve));
    networkd.kill('SIGTERM');
    await exited;
  }

  /** Runs a command inside both namespaces. */
  run(command: readonly string[], env: Record<string, string> = { PATH: SYSTEMD_PATH }) {
    return spawnSync('nsenter', ['-t', String(this.holder!.pid), '-m', '-n', ...command], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  }

  ip(args: readonly string[]): string {
    const result = this.run(['ip', ...args]);
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }

  /** What networkd wrote in the namespace's /etc (the overlay's upper directory). */
  etcFile(path: string): string | undefined {
    const file = join(this.work, 'upper', path.replace(/^\/etc\//, ''));
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  async stop(): Promise<void> {
    if (this.networkd !== undefined) await this.stopNetworkd();
    this.holder?.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', this.namespace]);
  }
}

/**
 * Waits until `done` holds, checking every 100 ms. The bound is a failure's, not a race: each
 * wait here is for networkd and DHCP on this machine, which take a second or two.
 */
async function until(done: () => boolean, failure: () => string, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > end) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => {
  ensureDebianPackages(
    [NETWORKD, 'networkctl', 'dbus-daemon', 'nsenter'],
    ['systemd', 'dbus-daemon', 'util-linux'],
  );
});

describe.each(['guide-init', 'ha-private-pools'])(
  '/opt/bin/controller-address of %s',
  (caseName) => {
    const config = caseConfig(caseName);
    const subnet = config.subnets.find((item) => item.name === config.controller.subnets[0])!;
    const fixed = config.controller.privateIPs[0]!;
    const [network, prefix] = subnet.instanceCIDR.split('/');
    const base = network!.split('.').slice(0, 3).join('.');
    const primary = `${base}.${PRIMARY_HOST}`;
    const gateway = `${base}.1`;
    const namespace = `kaws-${process.pid}-addr-${caseName.slice(0, 6)}`;
    const work = mkdtempSync(join(tmpdir(), 'kube-aws-controller-address-'));
    const script = goldenNodes()
      .find((node) => node.caseName === caseName && node.node === 'controller0')!
      .files.find((file) => file.path === '/opt/bin/controller-address')!.content;
    // A DHCP network named as Flatcar's catch-all one is, matching the test's interface by name
    // (Flatcar's own file leaves veth interfaces out).
    const controller = new Host(namespace, work, {
      'zz-default.network': `[Match]\nName=eth0\n[Network]\nDHCP=yes\nKeepConfiguration=dhcp-on-stop\n`,
    });
    // The subnet's router and DHCP server: it leases the instance its own address, as EC2 does.
    const router = new Host(`${namespace}-peer`, work, {
      '10-p0.network': `[Match]\nName=p0\n[Network]\nAddress=${gateway}/${prefix}\nDHCPServer=yes\n[DHCPServer]\nPoolOffset=${PRIMARY_HOST}\nPoolSize=1\nEmitRouter=yes\nEmitDNS=no\n`,
    });

    function run() {
      return controller.run([join(work, 'controller-address')], {
        PATH: `${join(work, 'bin')}:${SYSTEMD_PATH}`,
        CONTROLLER_NAME: 'controller0',
        CONTROLLER_IP: fixed,
      });
    }

    const calls = () =>
      existsSync(join(work, 'calls.log'))
        ? readFileSync(join(work, 'calls.log'), 'utf8').split('\n').filter(Boolean)
        : [];

    const source = (destination: string) =>
      /\bsrc (\S+)/.exec(controller.ip(['route', 'get', destination]))?.[1];

    /** networkd's view of eth0 (networkctl list): its setup state, `configured` once done. */
    const state = () => controller.run(['networkctl', 'list', 'eth0']).stdout;

    beforeAll(async () => {
      mkdirSync(join(work, 'bin'));
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
      // A veth pair between two namespaces of their own: nothing touches this machine's network.
      for (const args of [
        ['netns', 'add', controller.namespace],
        ['netns', 'add', router.namespace],
        [
          '-n',
          router.namespace,
          'link',
          'add',
          'p0',
          'type',
          'veth',
          'peer',
          'eth0',
          'netns',
          namespace,
        ],
        ['-n', namespace, 'link', 'set', 'eth0', 'address', MAC],
        ['-n', namespace, 'link', 'set', 'lo', 'up'],
      ]) {
        const result = spawnSync('ip', args, { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
      }
      await router.start();
      await controller.start();
      await until(
        () => controller.ip(['-4', 'route', 'show', 'default']).includes(`via ${gateway}`),
        () => `no DHCP lease: ${state()}`,
      );
    }, 120_000);

    afterAll(async () => {
      await controller.stop();
      await router.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it('starts as EC2 starts an instance: its own address by DHCP, a default route', () => {
      expect(controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0'])).toContain(
        `inet ${primary}/${prefix}`,
      );
      expect(source('1.1.1.1')).toBe(primary);
    });

    it(
      'takes the fixed address as a secondary one, reassigning it from whoever held it',
      () => {
        const result = run();
        expect(result.status, result.stderr).toBe(0);
        expect(controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0'])).toContain(
          `inet ${fixed}/${prefix}`,
        );
        const assigned = calls().filter((call) => call.includes('assign-private-ip-addresses'));
        expect(assigned).toEqual([
          expect.stringContaining(
            `ec2 assign-private-ip-addresses --network-interface-id eni-0123456789abcdef0 --private-ip-addresses ${fixed} --allow-reassignment`,
          ),
        ]);
      },
      STEP_TIMEOUT,
    );

    it('gives the address and its routes to networkd, by a drop-in for the network file that configures the interface', () => {
      const dropIn = controller.etcFile(
        '/etc/systemd/network/zz-default.network.d/50-kube-aws-controller.conf',
      );
      expect(dropIn).toContain(`[Address]\nAddress=${fixed}/${prefix}\n`);
      expect(dropIn).toContain(
        `Destination=${config.vpcCIDR}\nGateway=_dhcp4\nPreferredSource=${fixed}\n`,
      );
      const verify = controller.run(['networkctl', 'status', 'eth0']);
      expect(verify.stdout).toMatch(
        /Network File: \S*\/lib\/systemd\/network\/zz-default\.network\n/,
      );
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

    /** Traffic into the VPC leaves from the fixed address, to the internet from the instance's own. */
    function expectRoutesFromTheFixedAddress(): void {
      expect(source(`${base}.77`)).toBe(fixed);
      for (const peer of config.controller.privateIPs.slice(1)) expect(source(peer)).toBe(fixed);
      expect(source('1.1.1.1')).toBe(primary);
    }

    it("sends traffic into the VPC from the fixed address (etcd checks a peer's address), and to the internet from the instance's own", () => {
      expectRoutesFromTheFixedAddress();
    });

    /** Waits until networkd has the interface configured and the DHCP lease's default route back. */
    async function configured(): Promise<void> {
      await until(
        () => /\bconfigured\b/.test(state()),
        () => `networkd did not configure eth0: ${state()}`,
      );
      await until(
        () => controller.ip(['-4', 'route', 'show', 'default']).includes(`via ${gateway}`),
        () => `no DHCP lease after the reconfiguration: ${state()}`,
      );
    }

    it(
      'keeps the address and routes through networkctl reconfigure, which drops what networkd did not configure',
      async () => {
        // An address added by hand: networkd removing it shows that it reconfigured the interface.
        const canary = `${base}.200`;
        controller.ip(['address', 'add', `${canary}/32`, 'dev', 'eth0']);
        const reconfigure = controller.run(['networkctl', 'reconfigure', 'eth0']);
        expect(reconfigure.status, reconfigure.stderr).toBe(0);
        await until(
          () => !controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0']).includes(canary),
          () => `networkd did not reconfigure eth0: ${state()}`,
        );
        await configured();
        expect(controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0'])).toContain(
          `inet ${fixed}/${prefix}`,
        );
        expectRoutesFromTheFixedAddress();
      },
      STEP_TIMEOUT,
    );

    it(
      'keeps them when systemd-networkd restarts and configures the interface from its files',
      async () => {
        // Debian's networkd (v252) leaves foreign addresses alone when it starts; what this shows is
        // that the drop-in is what it applies on start, and that it does not fail the link over it.
        await controller.stopNetworkd();
        controller.startNetworkd();
        await configured();
        expect(state()).not.toMatch(/\bfailed\b/);
        expect(controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0'])).toContain(
          `inet ${fixed}/${prefix}`,
        );
        expectRoutesFromTheFixedAddress();
      },
      STEP_TIMEOUT,
    );

    it(
      'puts them back when they are missing though the drop-in is there (a retry after a failed reload, or removed by hand)',
      async () => {
        controller.ip(['address', 'del', `${fixed}/${prefix}`, 'dev', 'eth0']);
        expect(source(`${base}.77`)).toBe(primary);
        const again = run();
        expect(again.status, again.stderr).toBe(0);
        await configured();
        expectRoutesFromTheFixedAddress();
      },
      STEP_TIMEOUT,
    );

    it(
      'at the next boot, finds them set by networkd from the drop-in, and asks AWS for nothing it already has',
      async () => {
        // A new boot: networkd starts on an interface with nothing on it.
        await controller.stopNetworkd();
        controller.ip(['link', 'set', 'eth0', 'down']);
        controller.ip(['-4', 'address', 'flush', 'dev', 'eth0']);
        controller.ip(['link', 'set', 'eth0', 'up']);
        expect(controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0'])).toBe('');
        controller.startNetworkd();
        await configured();
        expect(controller.ip(['-4', '-o', 'address', 'show', 'dev', 'eth0'])).toContain(
          `inet ${fixed}/${prefix}`,
        );
        expectRoutesFromTheFixedAddress();
        const before = calls().length;
        const again = run();
        expect(again.status, again.stderr).toBe(0);
        expect(
          calls()
            .slice(before)
            .some((call) => call.includes('assign-private-ip-addresses')),
        ).toBe(false);
        expectRoutesFromTheFixedAddress();
      },
      STEP_TIMEOUT,
    );
  },
);
