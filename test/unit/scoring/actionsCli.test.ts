import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {}, cwd });
  return { code, stdout, stderr };
}

it('tracegate actions classify prints one JSON line per input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-actions-'));
  writeFileSync(join(dir, 'in.jsonl'), [
    JSON.stringify({ id: 'a', text: "I'm transferring you to a live agent now." }),
    JSON.stringify({ id: 2, text: 'Which order is this about?', question: 'it is broken' }),
    '',
  ].join('\n'));
  const r = await cli(['actions', 'classify', 'in.jsonl'], dir);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toEqual([
    { id: 'a', action: 'escalate', scorer: 'action@4', reason: expect.stringMatching(/^escalate:/) },
    { id: 2, action: 'clarify', scorer: 'action@4', reason: expect.stringMatching(/^clarify:/) },
  ]);
  writeFileSync(join(dir, 'bad.jsonl'), '{"id": 1}\n');
  const bad = await cli(['actions', 'classify', 'bad.jsonl'], dir);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('line 1');
  expect((await cli(['actions', 'sort', 'x'], dir)).code).toBe(2);
});
