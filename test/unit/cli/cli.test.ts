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
