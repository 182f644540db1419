/** The registry of subcommands, loaded lazily so `tracegate gate` never loads the database driver. */
import type { CommandDefinition } from '../cliTypes.js';

type Loader = () => Promise<CommandDefinition>;

/** name -> summary (listed by `tracegate --help`) and loader of its CommandDefinition; one line per command. */
export const COMMANDS: Record<string, { summary: string; load: Loader }> = {
  serve: { summary: 'start the collector and API (same as npm start)', load: async () => (await import('./serve.js')).serveCommand },
  keys: { summary: 'keys create --project NAME (prints a new key once) | keys list [--project NAME] | keys revoke KEY_OR_ID', load: async () => (await import('./keys.js')).keysCommand },
  gate: { summary: 'offline release gate: baseline vs candidate on a pinned dataset (exit 0 ship, 1 blocked, 2 bad input)', load: async () => (await import('./gate.js')).gateCommand },
  cases: { summary: 'cases import --format llm-eval-ops FILE --out DATASET.jsonl | cases export --format native|llm-eval-ops --dataset-version V --out FILE', load: async () => (await import('./casesImport.js')).casesCommand },
  actions: { summary: 'actions classify FILE: the action of each JSONL response ({"id", "text", "question"?})', load: async () => (await import('./actions.js')).actionsCommand },
  labels: { summary: 'labels import FILE: human labels (JSONL {traceId, rubric, label}) for judge calibration', load: async () => (await import('./labels.js')).labelsCommand },
  jobs: { summary: 'jobs list | jobs run NAME [--json]: scheduled jobs, their last runs; run one now (exit 1 on failure)', load: async () => (await import('./jobs.js')).jobsCommand },
  simulate: { summary: 'send simulated labelled traffic (baseline + canary) to a collector; writes a ground-truth manifest', load: async () => (await import('./simulate.js')).simulateCommand },
  canary: { summary: 'canary --baseline V1 --canary V2: verdict over stored traffic (exit 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 NODATA); canary start|stop', load: async () => (await import('./canary.js')).canaryCommand },
  flag: { summary: 'flag TRACE_ID --reason TEXT: put a trace on the review queue', load: async () => (await import('./flag.js')).flagCommand },
  review: { summary: 'review list|show|approve|reject: the review queue of flagged traces', load: async () => (await import('./review.js')).reviewCommand },
  datasets: { summary: 'datasets publish|list|diff: freeze approved cases into content-hashed versions', load: async () => (await import('./datasets.js')).datasetsCommand },
};
