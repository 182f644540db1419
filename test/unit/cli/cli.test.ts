/** The CLI's conventions, driven from the command registry so every command (and subcommand) is covered. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { runCli } from '../../../src/cli/main.js';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Commands whose documented exit code for bad usage is not the generic 2. */
const USAGE_EXIT: Record<string, number> = { canary: 4 };

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env: {}, cwd: ROOT });
  return { code, out, err };
}

/** Subcommand names listed in the "Commands:" section of a help text. */
function subcommandsIn(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(help)?.[1] ?? '';
  return section.split('\n').map((l) => /^ {2}([a-z][a-z0-9-]*)/.exec(l)?.[1]).filter((n): n is string => !!n && n !== 'help');
}

/** Every command path: [name] and [name, sub] for each subcommand its help lists. */
async function allCommandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  for (const name of Object.keys(COMMANDS)) {
    paths.push([name]);
    const { out } = await cli([name, '--help']);
    for (const sub of subcommandsIn(out)) paths.push([name, sub]);
  }
  return paths;
}

describe('tracegate CLI conventions', () => {
  it('--version prints the package version and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      expect(await cli([flag])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    }
  });

  it('--help lists every registered command', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: tracegate /);
    for (const name of Object.keys(COMMANDS)) expect(r.out).toContain(`  ${name}`);
  });

  it('every command and subcommand answers --help, -h and `help` with usage and exit codes (exit 0)', async () => {
    const paths = await allCommandPaths();
    expect(paths).toContainEqual(['keys', 'create']);
    expect(paths).toContainEqual(['cases', 'import']);
    for (const p of paths) {
      for (const argv of [[...p, '--help'], [...p, '-h'], ['help', ...p]]) {
        const r = await cli(argv);
        expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: '' });
        expect(r.out, argv.join(' ')).toMatch(new RegExp(`^Usage: tracegate ${p.join(' ')}`));
        expect(r.out, argv.join(' ')).toMatch(/Exit codes:\n {2}0 /);
      }
    }
  });

  it('every command and subcommand answers --version and -V with the package version (exit 0), unless it has a --version option of its own', async () => {
    const own: string[][] = [];
    for (const p of await allCommandPaths()) {
      if (/--version <\w+>/.test((await cli([...p, '--help'])).out)) {
        own.push(p);
        continue;
      }
      for (const flag of ['--version', '-V']) expect({ p, ...(await cli([...p, flag])) }).toEqual({ p, code: 0, out: `${VERSION}\n`, err: '' });
    }
    expect(own).toEqual([['review', 'approve'], ['review', 'reject']]);
  });

  it('an unknown option on any command is one line on stderr and exit 2', async () => {
    for (const p of await allCommandPaths()) {
      const r = await cli([...p, '--no-such-option']);
      expect({ p, code: r.code, out: r.out }).toEqual({ p, code: USAGE_EXIT[p[0]!] ?? 2, out: '' });
      // Commander reports a missing mandatory option before an unknown one; either way one usage line.
      expect(r.err).toMatch(new RegExp(`^tracegate ${p.join(' ')}: (unknown option '--no-such-option'|required option .* not specified) \\(see 'tracegate ${p.join(' ')} --help'\\)\n$`));
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it.each([
    { name: 'missing argument', argv: ['cases', 'import', '--format', 'llm-eval-ops', '--out', 'x.jsonl'], want: /^tracegate cases import: missing required argument 'file'/ },
    { name: 'missing required option', argv: ['keys', 'create'], want: /^tracegate keys create: required option '--project <name>' not specified/ },
    { name: 'missing option value', argv: ['gate', '--dataset'], want: /^tracegate gate: option '--dataset <file>' argument missing/ },
    { name: 'invalid option value', argv: ['gate', '--dataset', 'd', '--concurrency', 'many'], want: /^tracegate gate: option '--concurrency <n>' argument 'many' is invalid/ },
    { name: 'bad choice', argv: ['cases', 'import', 'f', '--format', 'csv', '--out', 'x'], want: /^tracegate cases import: option '--format <format>' argument 'csv' is invalid/ },
    { name: 'missing subcommand', argv: ['keys'], want: /^tracegate keys: a command is required: create/ },
    { name: 'unknown subcommand', argv: ['cases', 'export-everything'], want: /^tracegate cases: unknown command 'export-everything'/ },
    { name: 'unknown command', argv: ['frobnicate'], want: /^tracegate: unknown command 'frobnicate'/ },
    { name: 'excess argument', argv: ['gate', 'stray'], want: /^tracegate gate: too many arguments/ },
  ])('$name: one line, exit 2', async ({ argv, want }) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(want);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    { name: 'flag: a malformed trace id', argv: ['flag', 'abc', '--reason', 'x'], want: /^tracegate flag: exactly one TRACE_ID \(32 hex characters\) is required/ },
    { name: 'flag: no reason', argv: ['flag', 'a'.repeat(32)], want: /^tracegate flag: --reason TEXT is required/ },
    { name: 'flag: no trace id', argv: ['flag', '--reason', 'x'], want: /^tracegate flag: missing required argument 'trace_id'/ },
    { name: 'review: no verb', argv: ['review'], want: /^tracegate review: a command is required: list, show, approve, reject/ },
    { name: 'review: unknown verb', argv: ['review', 'merge'], want: /^tracegate review: unknown command 'merge'/ },
    { name: 'review approve: every missing label named', argv: ['review', 'approve', 'r1', '--bucket', 'b'], want: /^tracegate review approve: review approve needs --action, --risk-tier, --reviewer \(/ },
    { name: 'review approve: no id', argv: ['review', 'approve', '--action', 'abstain'], want: /^tracegate review approve: missing required argument 'id'/ },
    { name: 'review approve: bad --version', argv: ['review', 'approve', 'r1', '--version', '0'], want: /^tracegate review approve: option '--version <n>' argument '0' is invalid/ },
    { name: 'review reject: no reviewer', argv: ['review', 'reject', 'r1', '--reason', 'dup'], want: /^tracegate review reject: review reject needs --reason TEXT and --reviewer NAME/ },
    { name: 'review list: bad --status', argv: ['review', 'list', '--status', 'done'], want: /^tracegate review list: --status must be one of open, approved, rejected/ },
    { name: 'review list: --limit out of range', argv: ['review', 'list', '--limit', '1001'], want: /^tracegate review list: option '--limit <n>' argument '1001' is invalid. expected a whole number 1..1000/ },
    { name: 'review show: stray argument', argv: ['review', 'show', 'r1', 'r2'], want: /^tracegate review show: too many arguments/ },
    { name: 'datasets diff: one version', argv: ['datasets', 'diff', 'sha256:aa'], want: /^tracegate datasets diff: missing required argument 'v2'/ },
    { name: 'datasets list: stray argument', argv: ['datasets', 'list', 'x'], want: /^tracegate datasets list: too many arguments/ },
    { name: 'keys list: stray argument', argv: ['keys', 'list', 'x'], want: /^tracegate keys list: too many arguments/ },
    { name: 'jobs list: stray argument', argv: ['jobs', 'list', 'x'], want: /^tracegate jobs list: too many arguments/ },
    { name: 'datasets: unknown verb', argv: ['datasets', 'freeze'], want: /^tracegate datasets: unknown command 'freeze'/ },
  ])('$name: one line, exit 2', async ({ argv, want }) => {
    const r = await cli(argv);
    expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: '' });
    expect(r.err).toMatch(want);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    { name: 'no release pair', argv: ['canary'], want: /^tracegate canary: --baseline and --canary are required/ },
    { name: 'no canary release', argv: ['canary', '--baseline', 'v1'], want: /^tracegate canary: --baseline and --canary are required/ },
    { name: 'start without a pair', argv: ['canary', 'start', '--service', 's'], want: /^tracegate canary start: --baseline and --canary are required/ },
    { name: 'unknown verb', argv: ['canary', 'pause', '--baseline', 'v1', '--canary', 'v2'], want: /^tracegate canary: too many arguments/ },
    { name: 'stop takes no --since', argv: ['canary', 'stop', '--baseline', 'v1', '--canary', 'v2', '--since', '4h'], want: /^tracegate canary stop: unknown option '--since'/ },
    { name: 'unparsable --since', argv: ['canary', '--baseline', 'v1', '--canary', 'v2', '--since', 'yesterday'], want: /^tracegate canary: --since: expected an ISO time or a duration like 4h, got "yesterday"/ },
    { name: 'start --since unparsable', argv: ['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--since', '4 hours'], want: /^tracegate canary: --since: expected an ISO time or a duration like 4h, got "4 hours"/ },
    { name: 'start --since in the future', argv: ['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--since', '2999-01-01T00:00:00Z'], want: /^tracegate canary start: --since 2999-01-01T00:00:00Z is in the future/ },
    { name: 'unreadable policy', argv: ['canary', '--baseline', 'v1', '--canary', 'v2', '--policy', 'no-such-policy.yaml'], want: /^tracegate canary: cannot read --policy no-such-policy.yaml/ },
  ])('canary, $name: one line, exit 4 (its documented bad-usage code)', async ({ argv, want }) => {
    const r = await cli(argv);
    expect({ code: r.code, out: r.out }).toEqual({ code: 4, out: '' });
    expect(r.err).toMatch(want);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('the ported commands keep their options in --help', async () => {
    const help = async (...argv: string[]) => (await cli([...argv, '--help'])).out;
    expect(await help('canary')).toMatch(/--baseline <v1>[\s\S]*--canary <v2>[\s\S]*--service <s>[\s\S]*--environment <e>[\s\S]*--since <t>[\s\S]*--policy <file>[\s\S]*--json[\s\S]*--project <name>[\s\S]*--database-url <url>[\s\S]*Commands:\n {2}verdict[\s\S]* {2}start[\s\S]* {2}stop[\s\S]*Exit codes:\n {2}0 {2}PASS\n {2}1 {2}FAIL\n {2}2 {2}INCONCLUSIVE\n {2}3 {2}NODATA\n {2}4 {2}bad usage or input/);
    expect(await help('canary', 'start')).toMatch(/--since <t>[\s\S]*--cohort-attribute <a>/);
    expect(await help('review', 'approve')).toMatch(/Usage: tracegate review approve \[options\] <id>[\s\S]*--action <a>[\s\S]*--risk-tier <t>[\s\S]*--required-fact <f>[\s\S]*--tier <tier>[\s\S]*--version <n>[\s\S]* {2}3 {2}conflict/);
    expect(await help('datasets', 'diff')).toMatch(/^Usage: tracegate datasets diff \[options\] <v1> <v2>/);
    expect(await help('flag')).toMatch(/^Usage: tracegate flag \[options\] <trace_id>[\s\S]*--reason <text>[\s\S]*--reviewer <name>/);
  });

  it('a --version after the command name is the command\'s option, not the package version', async () => {
    const r = await cli(['review', 'approve', 'r1', '--action', 'abstain', '--version', 'x']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^tracegate review approve: option '--version <n>' argument 'x' is invalid/);
  });

  it('no command prints the usage on stderr and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Usage: tracegate /);
  });

  it('`tracegate gate` loads no database driver', async () => {
    const script = `
      const { runCli } = await import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))});
      await runCli(['gate', '--dataset', 'nope.jsonl', '--baseline', 'a', '--candidate', 'b'], { stdout() {}, stderr() {}, env: {}, cwd: process.cwd() });
      const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules[\\\\/](better-sqlite3|pg|@prisma)[\\\\/]/.test(f));
      console.log(JSON.stringify(loaded));`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT }, (err, out, stderr) => (err ? reject(new Error(stderr)) : resolve(out))),
    );
    expect(JSON.parse(stdout)).toEqual([]);
  }, 60_000);
});
