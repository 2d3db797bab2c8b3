import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import { goldenNodes, parseRenderedNode } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';
import { writeFlatcarBase, writeSystemdRoot } from './systemdRoot.js';

/** A unit's settings: `Service.Type` → its values, in order (an empty assignment resets). */
type UnitSettings = Map<string, string[]>;

function parseUnit(content: string): UnitSettings {
  const settings: UnitSettings = new Map();
  let section = '';
  for (const line of content.replace(/\\\n/g, ' ').split('\n')) {
    const text = line.trim();
    if (text === '' || text.startsWith('#') || text.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(text);
    if (header) {
      section = header[1]!;
      continue;
    }
    const equals = text.indexOf('=');
    if (equals < 0) continue;
    const key = `${section}.${text.slice(0, equals).trim()}`;
    const value = text.slice(equals + 1).trim();
    settings.set(key, value === '' ? [] : [...(settings.get(key) ?? []), value]);
  }
  return settings;
}

/** Space-separated unit lists (Requires=a b) from every assignment of `key`. */
function unitList(settings: UnitSettings, key: string): string[] {
  return (settings.get(key) ?? []).flatMap((value) => value.split(/\s+/));
}

/** A command reaches the network: the tools our scripts fetch, pull and apply with. */
const NETWORK_COMMAND = /\b(curl|wget|kubectl|helm)\b|\bdocker\s+(run|pull)\b/;

/** Problems with STYLE.md's unit rules ("What runs on a node"), one line each. */
function unitRuleProblems(node: RenderedNode): string[] {
  const ours = node.units.filter((unit) => unit.content !== undefined);
  const settings = new Map(ours.map((unit) => [unit.name, parseUnit(unit.content!)]));
  const isOneshot = (name: string) => settings.get(name)?.get('Service.Type')?.at(-1) === 'oneshot';
  const problems: string[] = [];
  for (const [name, unit] of settings) {
    if (isOneshot(name) && unit.get('Service.Restart')?.at(-1) !== 'on-failure') {
      // The unit's command lines, then the lines of the scripts they run, comments left out.
      const lines = ['Service.ExecStartPre', 'Service.ExecStart', 'Service.ExecStartPost']
        .flatMap((key) => (unit.get(key) ?? []).map((line) => ({ where: key, line })))
        .flatMap((command) => {
          const program = command.line.replace(/^[-@:+!]+/, '').split(/\s+/)[0];
          const script = node.files.find((file) => file.path === program);
          const scriptLines = (script?.content.split('\n') ?? []).map((line, index) => ({
            where: `${program}:${index + 1}`,
            line,
          }));
          return [command, ...scriptLines];
        })
        .filter(({ line }) => !line.trim().startsWith('#'));
      const network = lines.find(({ line }) => NETWORK_COMMAND.test(line));
      if (network !== undefined) {
        problems.push(
          `${name}: a oneshot that reaches the network (${network.where}: \`${network.line.trim()}\`) needs Restart=on-failure`,
        );
      }
    }
    const after = new Set(unitList(unit, 'Unit.After'));
    for (const required of unitList(unit, 'Unit.Requires')) {
      if (isOneshot(required) && !after.has(required)) {
        problems.push(`${name}: Requires=${required} (a oneshot) without After=${required}`);
      }
    }
  }
  return problems;
}

const root = mkdtempSync(join(tmpdir(), 'kube-aws-units-'));
const base = join(root, '_base');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Runs `systemd-analyze verify` on every unit the node defines, in a root laid out as the node
 * boots, and returns what it says about those units, prefixed with the node.
 */
function verifyNode(node: RenderedNode): string[] {
  const nodeRoot = join(root, node.caseName, node.node);
  writeSystemdRoot(node, nodeRoot, base);
  const ours = node.units.filter((unit) => unit.content !== undefined).map((unit) => unit.name);
  const problems = node.units
    .filter((unit) => unit.content === undefined)
    .filter((unit) => !existsSync(join(nodeRoot, 'usr/lib/systemd/system', unit.name)))
    .map((unit) => `${unit.name}: started by the cloud-config but neither defined nor shipped`);
  if (ours.length === 0) return problems;
  // By name, so verify loads each unit from <root>/etc/systemd/system as systemd would.
  const run = spawnSync(
    'systemd-analyze',
    ['verify', `--root=${nodeRoot}`, '--man=no', '--generators=no', ...ours],
    { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_COLOR: '0', LC_ALL: 'C' } },
  );
  if (run.error !== undefined || run.signal !== null) {
    throw new Error(`systemd-analyze verify did not run: ${String(run.error ?? run.signal)}`);
  }
  const lines = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.replaceAll(nodeRoot, ''));
  // Noise filter, and the only one: a line whose subject (`x.target: …` or
  // `/usr/lib/systemd/system/x.target:3: …`) is a unit we do not ship — systemd's own targets or
  // the Flatcar stubs — is about the host's or the stubs' files, not ours. Every other line fails.
  const aboutOtherUnit = (line: string) => {
    const subject = /^(\S+?)(:\d+)?:\s/.exec(line)?.[1];
    if (subject === undefined) return false;
    const unit = subject.slice(subject.lastIndexOf('/') + 1);
    return /\.(service|socket|target|slice|mount|timer|path)$/.test(unit) && !ours.includes(unit);
  };
  problems.push(...lines.filter((line) => !aboutOtherUnit(line)));
  if (run.status !== 0 && problems.length === 0 && lines.length === 0) {
    problems.push(`systemd-analyze verify exited ${run.status} and printed nothing`);
  }
  return problems.map((problem) => `${node.caseName}/${node.node} ${problem}`);
}

const nodes = goldenNodes();
const verified = new Map<RenderedNode, string[]>();

beforeAll(() => {
  // Debian's `systemd` package provides systemd-analyze and the targets the root copies.
  ensureDebianPackages(['systemd-analyze'], ['systemd']);
  writeFlatcarBase(base);
}, 180_000);

// A second or two when the machine is idle; the timeout leaves room for a busy one.
beforeAll(() => {
  for (const node of nodes) verified.set(node, verifyNode(node));
}, 30_000);

describe('systemd-analyze verify on every golden node', () => {
  it.each(nodes.map((node) => [`${node.caseName}/${node.node}`, node] as const))(
    '%s: systemd-analyze verify says nothing about our units',
    (_, node) => {
      expect(node.units.some((unit) => unit.content !== undefined)).toBe(true);
      expect(verified.get(node)).toEqual([]);
    },
  );

  it.each(nodes.map((node) => [`${node.caseName}/${node.node}`, node] as const))(
    '%s: network oneshots restart on failure and Requires= comes with After=',
    (_, node) => {
      expect(
        unitRuleProblems(node).map((problem) => `${node.caseName}/${node.node} ${problem}`),
      ).toEqual([]);
    },
  );

  it('catches a misspelled key, a missing executable and both STYLE.md unit rules', () => {
    const node = parseRenderedNode(
      'negative',
      'node',
      `#cloud-config
coreos:
  units:
    - name: fetch.service
      content: |
        [Unit]
        Wants=network-online.target
        After=network-online.target
        [Service]
        Type=oneshot
        Restrat=on-failure
        ExecStart=/opt/bin/fetch
    - name: uses-fetch.service
      content: |
        [Unit]
        Requires=fetch.service
        [Service]
        ExecStart=/opt/bin/missing
write_files:
  - path: /opt/bin/fetch
    permissions: "0755"
    content: |
      #!/bin/bash
      set -euo pipefail
      curl -fsS https://example.com/
`,
    );
    // Matched loosely: systemd words its messages a little differently from release to release.
    const problems = verifyNode(node);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^negative\/node \/etc\/systemd\/system\/fetch\.service:6: Unknown key.*Restrat/,
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^negative\/node uses-fetch\.service: Command \/opt\/bin\/missing /),
    );
    expect(unitRuleProblems(node)).toEqual([
      'fetch.service: a oneshot that reaches the network (/opt/bin/fetch:3: `curl -fsS https://example.com/`) needs Restart=on-failure',
      'uses-fetch.service: Requires=fetch.service (a oneshot) without After=fetch.service',
    ]);
  });
});
