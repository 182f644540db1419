/**
 * Control-plane persistence (projects, API keys, feedback) through the Prisma client. Low volume, so
 * Prisma's per-query CPU cost does not matter here; spans never go through it (see SpanStore).
 */
import type { KeyStore, KeySummary } from '../app/keys/KeyAdmin.js';
import type { ControlPlane, FeedbackInput, FeedbackRecord } from '../app/ports.js';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';

/**
 * The Prisma client of either generated schema. Both are generated from the same models, so the
 * SQLite client's type describes the PostgreSQL one too (openDatabase casts it).
 */
export type ControlPlaneClient = PrismaClient;

const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'P2002';

const KEY_SUMMARY = { id: true, prefix: true, name: true, createdAt: true, revokedAt: true, project: { select: { name: true } } } as const;
type KeyRow = { id: string; prefix: string; name: string | null; createdAt: Date; revokedAt: Date | null; project: { name: string } };
const toKeySummary = (k: KeyRow): KeySummary => ({ id: k.id, prefix: k.prefix, project: k.project.name, name: k.name, createdAt: k.createdAt, revokedAt: k.revokedAt });

/** ControlPlane (and key management's KeyStore) implemented with Prisma. */
export class ControlPlaneStore implements ControlPlane, KeyStore {
  constructor(private readonly prisma: ControlPlaneClient) {}

  /** Returns the project with this name, creating it when missing (safe under concurrent calls). */
  async createProject(name: string): Promise<{ id: string; name: string }> {
    const existing = await this.prisma.project.findUnique({ where: { name }, select: { id: true, name: true } });
    if (existing) return existing;
    try {
      return await this.prisma.project.create({ data: { name }, select: { id: true, name: true } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return this.prisma.project.findUniqueOrThrow({ where: { name }, select: { id: true, name: true } });
    }
  }

  /** Stores a key (only its sha256 hex hash and display prefix). */
  async createApiKey(projectId: string, key: { prefix: string; hash: string; name?: string | null }): Promise<{ id: string }> {
    return this.prisma.apiKey.create({
      data: { projectId, prefix: key.prefix, hash: key.hash, name: key.name ?? null },
      select: { id: true },
    });
  }

  /** The non-revoked key with this hash, or null. */
  async findActiveKeyByHash(hash: string): Promise<{ keyId: string; projectId: string } | null> {
    const key = await this.prisma.apiKey.findUnique({ where: { hash }, select: { id: true, projectId: true, revokedAt: true } });
    return key && key.revokedAt === null ? { keyId: key.id, projectId: key.projectId } : null;
  }

  /** Number of non-revoked keys across all projects. */
  async countActiveKeys(): Promise<number> {
    return this.prisma.apiKey.count({ where: { revokedAt: null } });
  }

  /** Keys of the project named `project` (all projects when undefined), oldest first. */
  async listApiKeys(project?: string): Promise<KeySummary[]> {
    const rows = await this.prisma.apiKey.findMany({
      where: project === undefined ? {} : { project: { name: project } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: KEY_SUMMARY,
    });
    return rows.map(toKeySummary);
  }

  /** The key (revoked or not) with this id or hash, or null. */
  async findApiKey(by: { id: string } | { hash: string }): Promise<KeySummary | null> {
    const row = await this.prisma.apiKey.findUnique({ where: 'id' in by ? { id: by.id } : { hash: by.hash }, select: KEY_SUMMARY });
    return row ? toKeySummary(row) : null;
  }

  /** Marks a key revoked at `now`; false when the id is unknown or the key was already revoked. */
  async revokeApiKey(keyId: string, now: Date): Promise<boolean> {
    const res = await this.prisma.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: now } });
    return res.count > 0;
  }

  async saveFeedback(input: FeedbackInput): Promise<{ id: string; createdAt: Date }> {
    return this.prisma.feedback.create({
      data: {
        projectId: input.projectId,
        traceId: input.traceId,
        value: input.value,
        score: input.score,
        comment: input.comment,
        userId: input.userId,
      },
      select: { id: true, createdAt: true },
    });
  }

  /** Feedback on one trace of one project, oldest first. */
  async listFeedback(projectId: string, traceId: string): Promise<FeedbackRecord[]> {
    const rows = await this.prisma.feedback.findMany({ where: { projectId, traceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({
      id: r.id,
      projectId: r.projectId,
      traceId: r.traceId,
      value: r.value === 'up' || r.value === 'down' ? r.value : null,
      score: r.score,
      comment: r.comment,
      userId: r.userId,
      createdAt: r.createdAt,
    }));
  }

  /** A trivial query through Prisma: resolves when the database answers. */
  async ping(): Promise<void> {
    await this.prisma.$queryRawUnsafe('SELECT 1');
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
