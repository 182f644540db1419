/**
 * Development-time migration tool driving Prisma's schema engine compiled to WebAssembly (the native
 * engine cannot be downloaded offline; see docs/storage.md and ../shared/PRISMA-OFFLINE.md).
 *
 *   npx tsx scripts/migrations.ts diff --name add_x   # writes a new migration for SQLite AND PostgreSQL
 *   npx tsx scripts/migrations.ts check               # exit 1 if committed migrations != schemas
 *   npx tsx scripts/migrations.ts check-db --url URL  # exit 1 if a live database != its schema
 *
 * Both commands replay the committed migrations into a shadow database WE create (SQLite in memory;
 * a throw-away PostgreSQL database on TRACEGATE_PG_URL, default postgres://postgres@127.0.0.1:5432/test)
 * and diff it against the schema. The applied runtime path is src/store/migrate/applyMigrations.ts.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The two schema/migration pairs tracegate keeps in step. */
export const TARGETS = [
  { provider: 'sqlite', schemaPath: join(root, 'prisma/schema.prisma'), migrationsDir: join(root, 'prisma/migrations') },
  {
    provider: 'postgresql',
    schemaPath: join(root, 'prisma/postgres/schema.prisma'),
    migrationsDir: join(root, 'prisma/postgres/migrations'),
  },
] as const;
/** One of TARGETS. */
export type MigrationTarget = (typeof TARGETS)[number];

/** Default PostgreSQL server used for the shadow database. */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

type WasmApi = { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }> };
let wasmReady: Promise<void> | null = null;
/** Instantiates the schema engine's wasm by hand: Node 20 cannot import a .wasm ES module. */
function initWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.instantiate(readFileSync(wasmPath), { './schema_engine_bg.js': bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return wasmReady;
}

/** Reads a committed migrations folder in the engine's MigrationList shape. */
export function readMigrationList(target: MigrationTarget): bg.MigrationList {
  const dir = target.migrationsDir;
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: 'missing migration.sql' },
        },
      };
    }),
  };
}

/**
 * The engine replays each migration.sql on the shadow database as ONE statement, which
 * better-sqlite3's prepared path rejects: route argument-less multi-statement SQL to its exec.
 */
function withScriptExec(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const isScript = (q: SqlQuery) => q.args.length === 0 && /;\s*\S/.test(q.sql.replace(/--[^\n]*/g, ''));
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'executeRaw') {
        return async (q: SqlQuery) => (isScript(q) ? (await target.executeScript(q.sql), 0) : target.executeRaw(q));
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

type QueryResultLike = { fields?: { dataTypeID: number }[] };
/** Reports PostgreSQL's internal `"char"` (oid 18) as text (oid 25): adapter-pg rejects it, and the
 * engine's catalog introspection selects such columns. Used by this dev tool only. */
class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const fix = <T>(result: T): T => {
      for (const r of Array.isArray(result) ? result : [result]) {
        for (const f of (r as QueryResultLike | null)?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      }
      return result;
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => (last as (e: unknown, r: unknown) => void)(err, err ? res : fix(res));
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(fix) : out) as never;
  }
}

/** A migration-aware adapter factory whose shadow database is one we created (see PRISMA-OFFLINE.md). */
async function openFactory(
  target: MigrationTarget,
  pgUrl: string,
): Promise<{ factory: SqlMigrationAwareDriverAdapterFactory; cleanup: () => Promise<void> }> {
  if (target.provider === 'sqlite') {
    const base = new PrismaBetterSqlite3({ url: ':memory:' }, { shadowDatabaseUrl: ':memory:' });
    const factory: SqlMigrationAwareDriverAdapterFactory = {
      provider: base.provider,
      adapterName: base.adapterName,
      connect: () => base.connect(),
      connectToShadowDb: async () => withScriptExec(await base.connectToShadowDb()),
    };
    return { factory, cleanup: async () => {} };
  }
  const shadowName = `tracegate_shadow_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${shadowName}"`);
  const shadowUrl = new URL(pgUrl);
  shadowUrl.pathname = `/${shadowName}`;
  shadowUrl.search = '';
  const mainPool = quietPool(new pg.Pool({ connectionString: pgUrl, Client: CharAsTextClient }));
  const shadowPool = quietPool(new pg.Pool({ connectionString: shadowUrl.toString(), Client: CharAsTextClient }));
  const main = new PrismaPg(mainPool as never);
  const shadow = new PrismaPg(shadowPool as never);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: () => shadow.connect(),
  };
  return {
    factory,
    cleanup: async () => {
      await Promise.all([mainPool.end(), shadowPool.end()]);
      await admin.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * A pool whose connections may be cut at cleanup (`DROP DATABASE ... WITH (FORCE)` terminates the
 * engine's connections to the shadow database, code 57P01): such errors must not become uncaught
 * exceptions. Real query errors still reach their callers through the rejected queries.
 */
function quietPool(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** SQL that takes the committed migrations to the schema; '' when they already match. */
export async function diffMigrationsToSchema(target: MigrationTarget, pgUrl = DEFAULT_PG_URL): Promise<string> {
  await initWasm();
  const schema = readFileSync(target.schemaPath, 'utf8');
  const { factory, cleanup } = await openFactory(target, pgUrl);
  try {
    const list = readMigrationList(target);
    // With no migration yet the engine cannot tell the connector from the folder: diff from empty.
    return await runDiff(target, schema, factory, list.migrationDirectories.length === 0 ? { tag: 'empty' } : { tag: 'migrations', ...list });
  } finally {
    await cleanup();
  }
}

type DiffFrom = Parameters<Awaited<ReturnType<typeof bg.SchemaEngine.new>>['diff']>[0]['from'];

/** Runs one engine diff from `from` to the schema file and returns the SQL script ('' when equal). */
async function runDiff(target: MigrationTarget, schema: string, factory: SqlMigrationAwareDriverAdapterFactory, from: DiffFrom): Promise<string> {
  const engine = await bg.SchemaEngine.new({ datamodels: [[target.schemaPath, schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
  try {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: target.schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return toScript(result.stdout ?? '');
  } finally {
    engine.free();
  }
}

/**
 * SQL that takes the LIVE database at `databaseUrl` (SQLite file, or PostgreSQL with optional
 * ?schema=) to the schema; '' when it matches. Introspects through the driver adapter.
 */
export async function diffDatabaseToSchema(target: MigrationTarget, databaseUrl: string): Promise<string> {
  await initWasm();
  const schema = readFileSync(target.schemaPath, 'utf8');
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let cleanup = async () => {};
  if (target.provider === 'sqlite') {
    factory = new PrismaBetterSqlite3({ url: databaseUrl.startsWith('file:') ? databaseUrl : `file:${databaseUrl}` });
  } else {
    const url = new URL(databaseUrl);
    const schemaName = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    const pool = quietPool(new pg.Pool({ connectionString: url.toString(), options: `-c search_path=${schemaName}`, Client: CharAsTextClient }));
    factory = new PrismaPg(pool as never, { schema: schemaName });
    cleanup = () => pool.end();
  }
  try {
    return await runDiff(target, schema, factory, { tag: 'schemaDatasource', files: [{ path: target.schemaPath, content: schema }], configDir: root });
  } finally {
    await cleanup();
  }
}

/** Normalizes the engine's output: an "empty migration" comment counts as no change. */
function toScript(stdout: string): string {
  const meaningful = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--'))
    .join('\n');
  return meaningful.trim() === '' ? '' : stdout.trimEnd() + '\n';
}

/** UTC timestamp in Prisma's folder format (YYYYMMDDHHMMSS). */
function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Writes `<timestamp>_<name>/migration.sql` (and the lock file) for every target that changed. */
export async function createMigrations(name: string, pgUrl = DEFAULT_PG_URL): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--name must match [a-z0-9_]+, got ${JSON.stringify(name)}`);
  const folder = `${timestamp(new Date())}_${name}`;
  const written: string[] = [];
  for (const target of TARGETS) {
    const sql = await diffMigrationsToSchema(target, pgUrl);
    if (sql === '') continue;
    const dir = join(target.migrationsDir, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), sql);
    const lock = join(target.migrationsDir, 'migration_lock.toml');
    if (!existsSync(lock)) {
      writeFileSync(
        lock,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n' +
          `provider = "${target.provider}"\n`,
      );
    }
    written.push(join(dir, 'migration.sql'));
  }
  return written;
}

/** Per target, the SQL still missing from the committed migrations ('' when in step). */
export async function checkMigrations(pgUrl = DEFAULT_PG_URL): Promise<{ provider: string; missingSql: string }[]> {
  const out: { provider: string; missingSql: string }[] = [];
  for (const target of TARGETS) out.push({ provider: target.provider, missingSql: await diffMigrationsToSchema(target, pgUrl) });
  return out;
}

async function main(argv: string[]): Promise<number> {
  const pgUrl = process.env.TRACEGATE_PG_URL ?? DEFAULT_PG_URL;
  const [command, ...rest] = argv;
  if (command === 'diff') {
    const i = rest.indexOf('--name');
    const name = i >= 0 ? rest[i + 1] : undefined;
    if (!name) {
      console.error('usage: scripts/migrations.ts diff --name <snake_case_name>');
      return 2;
    }
    const written = await createMigrations(name, pgUrl);
    if (written.length === 0) console.log('No schema changes: no migration written.');
    for (const file of written) console.log(`wrote ${file} (review the SQL before committing)`);
    return 0;
  }
  if (command === 'check') {
    let ok = true;
    for (const { provider, missingSql } of await checkMigrations(pgUrl)) {
      if (missingSql === '') console.log(`${provider}: migrations match the schema`);
      else {
        ok = false;
        console.error(`${provider}: migrations are behind the schema; missing SQL:\n${missingSql}`);
      }
    }
    return ok ? 0 : 1;
  }
  if (command === 'check-db') {
    const i = rest.indexOf('--url');
    const url = i >= 0 ? rest[i + 1] : process.env.DATABASE_URL;
    if (!url) {
      console.error('usage: scripts/migrations.ts check-db --url <DATABASE_URL>');
      return 2;
    }
    const target = /^postgres(ql)?:/.test(url) ? TARGETS[1] : TARGETS[0];
    const missingSql = await diffDatabaseToSchema(target, url);
    if (missingSql === '') console.log(`${target.provider}: the database matches the schema`);
    else console.error(`${target.provider}: the database differs from the schema; SQL to reach it:\n${missingSql}`);
    return missingSql === '' ? 0 : 1;
  }
  console.error('usage: scripts/migrations.ts diff --name <name> | check | check-db --url <DATABASE_URL>');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
