/**
 * `tracegate ... | head`: a reader that goes away early ends the command quietly (no EPIPE stack trace,
 * the command's own exit code), with the real `bin/tracegate.js` in a real shell pipeline.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../bin/tracegate.js');
let dir: string;

/** Runs `pipeline` in bash with pipefail (the exit code is tracegate's unless it is 0); `$TG` is the command. */
function sh(pipeline: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-o', 'pipefail', '-c', pipeline], { cwd: dir, env: { ...process.env, TG: `"${process.execPath}" "${BIN}"` }, maxBuffer: 1 << 26 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tg-epipe-'));
  // About 2 MB of output: far more than a pipe holds, so writes are still pending when the reader leaves.
  const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: i, text: 'I cannot help with that request, sorry.' }));
  writeFileSync(path.join(dir, 'big.jsonl'), `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a closed stdout', () => {
  it('`| head -n 1` gets the first line, and the command ends quietly with exit 0', async () => {
    const r = await sh('eval "$TG actions classify big.jsonl" | head -n 1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 0, action: 'refuse' });
  }, 60_000);

  it('a reader that never reads (`| true`) ends it quietly too', async () => {
    for (const args of ['actions classify big.jsonl', '--help', 'canary --help']) {
      const r = await sh(`eval "$TG ${args}" | true`);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  }, 90_000);

  it('a closed stderr keeps the exit code of the command', async () => {
    const r = await sh('eval "$TG actions classify no-such-file.jsonl" 2>&1 >/dev/null | true');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: '' });
  }, 60_000);
});
