import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import { bashCompletion } from '../src/internal/bashCompletion.js';
import { commandTable } from '../src/internal/commandTable.js';
import { GLOBAL_FLAGS } from '../src/internal/commonFlags.js';
import type { CompletionSource } from '../src/internal/CompletionSource.js';
import { fishCompletion } from '../src/internal/fishCompletion.js';
import type { FlagSpecs } from '../src/internal/parseFlags.js';
import { zshCompletion } from '../src/internal/zshCompletion.js';
import { runCli } from './runCli.js';

// Issue 16: `kube-aws completion bash|zsh|fish`, tried in the real shells through the built binary.
const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];
const ZPTY_DRIVER = fileURLToPath(new URL('fixtures/completion/zptyComplete.zsh', import.meta.url));

let dir: string;
const scripts = {} as Record<Shell, string>;
const files = {} as Record<Shell, string>;

beforeAll(() => {
  ensureDebianPackages(['zsh', 'fish'], ['zsh', 'fish']);
  ensureDebianPackages(['shellcheck'], ['shellcheck']);
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-completion-'));
  // Where --asset-dir completes to: two directories and a file that is not one.
  mkdirSync(join(dir, 'assets-a'));
  mkdirSync(join(dir, 'assets-b'));
  writeFileSync(join(dir, 'assets.txt'), '');
  mkdirSync(join(dir, 'zsh-functions'));
  for (const shell of SHELLS) {
    const run = runCli(['completion', shell], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    scripts[shell] = run.stdout;
  }
  files.bash = join(dir, 'kube-aws.bash');
  files.zsh = join(dir, 'zsh-functions', '_kube-aws');
  files.fish = join(dir, 'kube-aws.fish');
  for (const shell of SHELLS) writeFileSync(files[shell], scripts[shell]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every word a command line may hold for these flags: `--output`, `-o`. */
function flagWords(flags: FlagSpecs): string[] {
  return Object.entries(flags).flatMap(([name, spec]) =>
    spec.short === undefined ? [`--${name}`] : [`--${name}`, `-${spec.short}`],
  );
}

const sorted = (words: Iterable<string>) => [...words].sort();
const COMMANDS = Object.keys(commandTable);

/** What every shell offers after `kube-aws diff --`, sorted. */
const DIFF_LONG_FLAGS = [
  '--asset-dir',
  '--drift',
  '--endpoint-url',
  '--help',
  '--output',
  '--s3-uri',
  '--upload',
];

/** COMPREPLY of the bash script's function for COMP_WORDS `words`, the last at the cursor. */
function bashComplete(words: readonly string[]): string[] {
  const driver =
    'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _kube_aws; printf "%s\\n" "${COMPREPLY[@]}"';
  const run = spawnSync(
    'bash',
    ['--norc', '--noprofile', '-c', driver, 'bash', files.bash, ...words],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((word) => word !== '');
}

/** What fish offers for `line` (`complete -C`), without the descriptions. */
function fishComplete(line: string): string[] {
  const run = spawnSync(
    'fish',
    ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', files.fish, line],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout
    .split('\n')
    .filter((entry) => entry !== '')
    .map((entry) => entry.split('\t')[0]!);
}

interface ZshAnswer {
  /** The words zsh listed below the prompt. */
  readonly listed: string[];
  /** The line after the TAB. */
  readonly buffer: string;
}

/**
 * Types each line and a TAB into an interactive `zsh -f` with compinit and the script in its fpath
 * (zsh's zpty module makes the terminal) and reads what the terminal showed: the line after the
 * TAB, and the matches zsh listed when there was more than one.
 */
function zshComplete(lines: readonly string[]): Map<string, ZshAnswer> {
  const run = spawnSync('zsh', ['-f', ZPTY_DRIVER, join(dir, 'zsh-functions'), ...lines], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const answers = new Map<string, ZshAnswer>();
  for (const chunk of run.stdout.split('<CASE>').slice(1)) {
    const line = chunk.slice(0, chunk.indexOf('</CASE>'));
    const buffer = chunk.slice(chunk.indexOf('<BUFFER>') + 8, chunk.indexOf('</BUFFER:'));
    // The terminal's cursor moves and redraws of the typed line are not matches: drop them.
    const shown = chunk
      .slice(chunk.indexOf('</CASE>') + 7, chunk.indexOf('<BUFFER>'))
      .replace(/\x1b\[[0-9;?]*[A-Za-z]|[\r\x07\b]/g, '\n') // eslint-disable-line no-control-regex
      .split('\n')
      .map((text) => text.trim())
      .filter((text) => text !== '' && !line.includes(text) && !buffer.includes(text));
    // `--output  -o  -- Output format …`: the matches are left of the `--` before a description.
    const listed = shown.flatMap((text) => text.split(/ +-- /)[0]!.split(/\s+/));
    answers.set(line, { listed, buffer });
  }
  expect(sorted(answers.keys())).toEqual(sorted(lines));
  return answers;
}

describe('kube-aws completion', () => {
  it('prints a script for each shell, and nothing on stderr', () => {
    expect(scripts.bash).toMatch(/^# bash completion for kube-aws/);
    expect(scripts.bash).toContain('complete -F _kube_aws kube-aws\n');
    expect(scripts.zsh).toMatch(/^#compdef kube-aws\n/);
    expect(scripts.fish).toMatch(/^# fish completion for kube-aws/);
    expect(scripts.fish).toContain('\ncomplete -c kube-aws -f\n');
  });

  it('refuses a missing or unknown shell as a usage error naming the three', () => {
    for (const args of [['completion'], ['completion', 'tcsh'], ['completion', 'bsh']]) {
      const run = runCli(args, dir);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^kube-aws completion: /);
      expect(run.stderr).toContain('bash, zsh or fish');
    }
    expect(runCli(['completion', 'tcsh'], dir).stderr).toContain(
      'there is no completion for "tcsh"',
    );
    expect(runCli(['completion', 'bsh'], dir).stderr).toContain('did you mean bash?');
    const extra = runCli(['completion', 'bash', '--colour'], dir);
    expect(extra.status).toBe(1);
    expect(extra.stderr).toContain('unknown flag --colour');
  });

  it('has help, and is in the list of commands', () => {
    const help = runCli(['completion', '--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kube-aws completion bash\|zsh\|fish\n/);
    expect(help.stdout).toContain(
      'kube-aws completion bash > ~/.local/share/bash-completion/completions/kube-aws',
    );
    expect(runCli(['--help'], dir).stdout).toMatch(/^ {2}completion +Print the completion script/m);
  });

  it('writes no colour, even under FORCE_COLOR', () => {
    for (const shell of SHELLS) {
      const run = runCli(['completion', shell], dir, { NO_COLOR: undefined, FORCE_COLOR: '1' });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(scripts[shell]);
      expect(run.stdout).not.toContain('\x1b');
    }
  });

  it('completes from the flags each command parses with: those its help lists', () => {
    for (const [name, { syntax }] of Object.entries(commandTable)) {
      const help = runCli([name, '--help'], dir);
      expect(help.status, name).toBe(0);
      const section = help.stdout.slice(help.stdout.indexOf('\nFlags:\n')).split('\n\n')[0]!;
      const listed = [...section.matchAll(/^ {2}(?:(-\w), )? *(--[\w-]+)/gm)].flatMap(
        ([, short, long]) => (short === undefined ? [long!] : [long!, short]),
      );
      expect(sorted(listed), name).toEqual(sorted(flagWords(syntax.flags)));
    }
  });

  it('names every command, subcommand, flag and value the CLI declares, in each script', () => {
    const declared = [
      ...COMMANDS,
      ...flagWords(GLOBAL_FLAGS),
      ...Object.values(commandTable).flatMap(({ syntax }) => [
        ...syntax.subcommands,
        ...flagWords(syntax.flags),
        ...Object.values(syntax.flags).flatMap((flag) => flag.choices ?? []),
      ]),
    ];
    expect(declared).toEqual(expect.arrayContaining(['rotate', 'certificates', '--drift', '-y']));
    // As each shell spells them: a word of a list; fish's -l name, -s o and -a word.
    const spelled = (word: string) =>
      new RegExp(`(^|[\\s'()|])${word.replace(/-/g, '\\-')}(?=[\\s')|=+[]|$)`, 'm');
    for (const word of declared) {
      expect(scripts.bash, word).toMatch(spelled(word));
      expect(scripts.zsh, word).toMatch(spelled(word));
      const fish = word.startsWith('--')
        ? `-l ${word.slice(2)}`
        : word.startsWith('-')
          ? `-s ${word.slice(1)}`
          : word;
      expect(scripts.fish, word).toMatch(spelled(fish));
    }
  });
});

describe(bashCompletion, () => {
  it('passes shellcheck', () => {
    const run = spawnSync('shellcheck', ['-s', 'bash', files.bash], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('completes commands, subcommands, flags and --output values', () => {
    expect(bashComplete(['kube-aws', ''])).toEqual(COMMANDS);
    expect(bashComplete(['kube-aws', ''])).toContain('completion');
    expect(bashComplete(['kube-aws', 'di'])).toEqual(['diff']);
    expect(bashComplete(['kube-aws', '-'])).toEqual(['--help', '-h', '--version', '-v']);
    expect(sorted(bashComplete(['kube-aws', 'diff', '--']))).toEqual(DIFF_LONG_FLAGS);
    expect(bashComplete(['kube-aws', 'status', '-o', ''])).toEqual(['text', 'json', 'yaml']);
    expect(bashComplete(['kube-aws', 'status', '--output', 'j'])).toEqual(['json']);
    // Bash splits `--output=` at the = (COMP_WORDBREAKS), as an interactive bash hands it over.
    expect(bashComplete(['kube-aws', 'status', '--output', '='])).toEqual(['text', 'json', 'yaml']);
    expect(bashComplete(['kube-aws', 'status', '--output', '=', 'y'])).toEqual(['yaml']);
    expect(bashComplete(['kube-aws', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(['kube-aws', 'show', ''])).toEqual(['certificates']);
    expect(bashComplete(['kube-aws', 'rotate', ''])).toEqual(['certificates']);
    expect(bashComplete(['kube-aws', 'render', ''])).toEqual(['credentials']);
    expect(bashComplete(['kube-aws', 'etcd', ''])).toEqual(['snapshot', 'list', 'restore']);
    expect(bashComplete(['kube-aws', 'status', ''])).toEqual([]);
    expect(bashComplete(['kube-aws', 'init', '--region', ''])).toEqual([]);
    expect(sorted(bashComplete(['kube-aws', 'status', '--asset-dir', 'assets']))).toEqual([
      'assets-a',
      'assets-b',
    ]);
  });

  it("completes each command's flags, exactly as the command declares them", () => {
    for (const [name, { syntax }] of Object.entries(commandTable)) {
      expect(sorted(bashComplete(['kube-aws', name, '-'])), name).toEqual(
        sorted(flagWords(syntax.flags)),
      );
      if (syntax.subcommands.length > 0)
        expect(bashComplete(['kube-aws', name, '']), name).toEqual(syntax.subcommands);
    }
  });

  it('runs nothing of the command line', () => {
    const marker = join(dir, 'ran-bash');
    for (const trap of [`$(touch ${marker})`, `\`touch ${marker}\``]) {
      expect(bashComplete(['kube-aws', trap, ''])).toEqual([]);
      expect(bashComplete(['kube-aws', 'status', '-o', trap])).toEqual([]);
      expect(bashComplete(['kube-aws', trap])).toEqual([]);
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe(zshCompletion, () => {
  it('is valid zsh', () => {
    const run = spawnSync('zsh', ['-n', files.zsh], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('completes in an interactive zsh: commands, subcommands, flags and --output values', () => {
    const marker = join(dir, 'ran-zsh');
    const answers = zshComplete([
      'kube-aws ',
      'kube-aws di',
      'kube-aws diff --',
      'kube-aws status -o ',
      'kube-aws status --output=',
      'kube-aws completion ',
      'kube-aws show ',
      'kube-aws etcd ',
      'kube-aws status --asset-dir=assets',
      'kube-aws status --asset-dir=assets-',
      `kube-aws $(touch ${marker}) `,
      `kube-aws show \`touch ${marker}\` `,
    ]);
    const answer = (line: string) => answers.get(line)!;
    expect(sorted(answer('kube-aws ').listed)).toEqual(sorted(COMMANDS));
    expect(answer('kube-aws di')).toEqual({ listed: [], buffer: 'kube-aws diff ' });
    expect(sorted(answer('kube-aws diff --').listed)).toEqual(DIFF_LONG_FLAGS);
    expect(sorted(answer('kube-aws status -o ').listed)).toEqual(['json', 'text', 'yaml']);
    expect(sorted(answer('kube-aws status --output=').listed)).toEqual(['json', 'text', 'yaml']);
    expect(sorted(answer('kube-aws completion ').listed)).toEqual(['bash', 'fish', 'zsh']);
    expect(answer('kube-aws show ')).toEqual({
      listed: [],
      buffer: 'kube-aws show certificates ',
    });
    expect(sorted(answer('kube-aws etcd ').listed)).toEqual(['list', 'restore', 'snapshot']);
    // Directories only: assets.txt is not offered, so the TAB inserts the dash they share.
    expect(answer('kube-aws status --asset-dir=assets')).toEqual({
      listed: [],
      buffer: 'kube-aws status --asset-dir=assets-',
    });
    expect(sorted(answer('kube-aws status --asset-dir=assets-').listed)).toEqual([
      'assets-a/',
      'assets-b/',
    ]);
    // Neither runs: not a command kube-aws has, and a subcommand show does not have.
    expect(answer(`kube-aws $(touch ${marker}) `).listed).toEqual([]);
    expect(answer(`kube-aws show \`touch ${marker}\` `).listed).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  }, 120_000);

  it("completes each command's flags and subcommands, exactly as the command declares them", () => {
    const commands = Object.entries(commandTable);
    const answers = zshComplete([
      ...commands.map(([name]) => `kube-aws ${name} -`),
      ...commands
        .filter(([, { syntax }]) => syntax.subcommands.length > 0)
        .map(([name]) => `kube-aws ${name} `),
    ]);
    for (const [name, { syntax }] of commands) {
      // One match is inserted, not listed: the command with only --help and -h lists both.
      expect(sorted(answers.get(`kube-aws ${name} -`)!.listed), name).toEqual(
        sorted(flagWords(syntax.flags)),
      );
      const subcommands = answers.get(`kube-aws ${name} `);
      if (subcommands === undefined) continue;
      if (syntax.subcommands.length === 1)
        expect(subcommands.buffer, name).toBe(`kube-aws ${name} ${syntax.subcommands[0]!} `);
      else expect(sorted(subcommands.listed), name).toEqual(sorted(syntax.subcommands));
    }
  }, 120_000);
});

describe(fishCompletion, () => {
  it('is valid fish', () => {
    const run = spawnSync('fish', ['--no-config', '--no-execute', files.fish], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('completes commands, subcommands, flags and --output values', () => {
    expect(sorted(fishComplete('kube-aws '))).toEqual(sorted(COMMANDS));
    expect(fishComplete('kube-aws di')).toEqual(['diff']);
    expect(sorted(fishComplete('kube-aws diff --'))).toEqual(DIFF_LONG_FLAGS);
    expect(fishComplete('kube-aws status -o ')).toEqual(['json', 'text', 'yaml']);
    expect(fishComplete('kube-aws status --output=')).toEqual([
      '--output=json',
      '--output=text',
      '--output=yaml',
    ]);
    expect(fishComplete('kube-aws completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(fishComplete('kube-aws show ')).toEqual(['certificates']);
    expect(fishComplete('kube-aws etcd ')).toEqual(['list', 'restore', 'snapshot']);
    expect(fishComplete('kube-aws status ')).toEqual([]);
    expect(fishComplete('kube-aws status --asset-dir assets')).toEqual(['assets-a/', 'assets-b/']);
  });

  it("completes each command's flags, exactly as the command declares them", () => {
    for (const [name, { syntax }] of Object.entries(commandTable)) {
      expect(sorted(fishComplete(`kube-aws ${name} -`)), name).toEqual(
        sorted(flagWords(syntax.flags)),
      );
      expect(sorted(fishComplete(`kube-aws ${name} `)), name).toEqual(sorted(syntax.subcommands));
    }
  });

  it('runs nothing of the command line', () => {
    const marker = join(dir, 'ran-fish');
    expect(fishComplete(`kube-aws (touch ${marker}) `)).toEqual([]);
    expect(fishComplete(`kube-aws status (touch ${marker}) -o `)).toEqual(['json', 'text', 'yaml']);
    expect(fishComplete(`kube-aws $(touch ${marker}) `)).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the completion scripts of a program with awkward descriptions', () => {
  const awkward: CompletionSource = {
    program: 'kube-aws',
    flags: { help: { type: 'boolean', description: `It's [a] \\ "test" $(touch x) \`y\`: ok` } },
    commands: {
      status: {
        summary: `Don't: $(touch x) [a] \\ "b"`,
        syntax: { subcommands: [], flags: {} },
      },
    },
  };

  it('quotes them so that each shell reads the script', () => {
    const place = mkdtempSync(join(tmpdir(), 'kube-aws-completion-quoting-'));
    try {
      const bash = join(place, 'kube-aws.bash');
      const zsh = join(place, '_kube-aws');
      const fish = join(place, 'kube-aws.fish');
      writeFileSync(bash, bashCompletion(awkward));
      writeFileSync(zsh, zshCompletion(awkward));
      writeFileSync(fish, fishCompletion(awkward));
      expect(spawnSync('bash', ['-n', bash], { encoding: 'utf8' }).status).toBe(0);
      expect(spawnSync('zsh', ['-n', zsh], { encoding: 'utf8' }).status).toBe(0);
      const offered = spawnSync(
        'fish',
        ['--no-config', '-c', 'source $argv[1]; complete -C "kube-aws "', fish],
        { cwd: place, encoding: 'utf8' },
      );
      expect(offered.stdout).toBe(`status\tDon't: $(touch x) [a] \\ "b"\n`);
      expect(existsSync(join(place, 'x'))).toBe(false);
    } finally {
      rmSync(place, { recursive: true, force: true });
    }
  });

  it('refuses a name that is not a plain word', () => {
    const named = (name: string): CompletionSource => ({
      ...awkward,
      commands: { [name]: { summary: 's', syntax: { subcommands: [], flags: {} } } },
    });
    for (const generate of [bashCompletion, zshCompletion, fishCompletion]) {
      expect(() => generate(named('st;atus'))).toThrow(
        '"st;atus" cannot go into a completion script unquoted',
      );
      expect(() => generate(named('$(x)'))).toThrow('cannot go into a completion script');
    }
  });
});
