/**
 * What OTLP requests may hold while they are read and decoded, checked before a body is read:
 * request slots (all projects, and per project, so one tenant's slow or heavy clients cannot take
 * every slot) and body bytes in memory (the wire bytes and, after decompression, the decoded bytes;
 * JSON bodies count several times over, for the objects parsing makes of them).
 */

/** Limits of an InflightBudget. */
export interface InflightLimits {
  maxRequests: number;
  maxRequestsPerProject: number;
  maxBytes: number;
}

/** Why a request could not enter. */
export type InflightRefusal = 'requests' | 'project_requests';

/** One request's hold on the budget; release() exactly once when the request is done. */
export interface InflightTicket {
  /** Reserves `bytes` more; false (nothing reserved) when the budget cannot hold them now. */
  reserveBytes(bytes: number): boolean;
  /** Bytes this request holds. */
  readonly bytes: number;
  release(): void;
}

export class InflightBudget {
  private requests = 0;
  private bytes = 0;
  private readonly perProject = new Map<string, number>();

  constructor(readonly limits: InflightLimits) {}

  /** Body bytes held by all requests. */
  get bytesInFlight(): number {
    return this.bytes;
  }

  /** Requests being read or decoded. */
  get requestsInFlight(): number {
    return this.requests;
  }

  /** Takes a request slot for `projectId`, or says which limit is reached. */
  enter(projectId: string): { ok: true; ticket: InflightTicket } | { ok: false; reason: InflightRefusal } {
    if (this.requests >= this.limits.maxRequests) return { ok: false, reason: 'requests' };
    const mine = this.perProject.get(projectId) ?? 0;
    if (mine >= this.limits.maxRequestsPerProject) return { ok: false, reason: 'project_requests' };
    this.requests++;
    this.perProject.set(projectId, mine + 1);
    let held = 0;
    let released = false;
    const ticket: InflightTicket = {
      reserveBytes: (n) => {
        if (this.bytes + n > this.limits.maxBytes) return false;
        this.bytes += n;
        held += n;
        return true;
      },
      get bytes() {
        return held;
      },
      release: () => {
        if (released) return;
        released = true;
        this.bytes -= held;
        this.requests--;
        const left = (this.perProject.get(projectId) ?? 1) - 1;
        if (left <= 0) this.perProject.delete(projectId);
        else this.perProject.set(projectId, left);
      },
    };
    return { ok: true, ticket };
  }
}
