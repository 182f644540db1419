/** The chunk input cache keeps the most recently used chunks within a bound on span inputs. */
import { describe, expect, it } from 'vitest';
import type { TraceSpanInput } from '../../../src/domain/facts/types.js';
import { ChunkInputCache, chunkInputs, uncachedChunks } from '../../../src/store/chunkInputCache.js';

const inputs = (n: number): TraceSpanInput[] => Array.from({ length: n }, (_, i) => ({ spanId: String(i) }) as TraceSpanInput);

describe('ChunkInputCache', () => {
  it('evicts the least recently used chunks once the span inputs exceed the capacity', () => {
    const cache = new ChunkInputCache(10);
    cache.set(1, inputs(4));
    cache.set(2, inputs(4));
    expect(cache.get(1)).toHaveLength(4); // 1 is now the most recent
    cache.set(3, inputs(4));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toHaveLength(4);
    expect(cache.get(3)).toHaveLength(4);
    expect(cache.size).toBe(8);
  });

  it('keeps nothing larger than its capacity, replaces an entry, and clears', () => {
    const cache = new ChunkInputCache(5);
    cache.set(1, inputs(6));
    expect(cache.get(1)).toBeUndefined();
    cache.set(2, inputs(2));
    cache.set(2, inputs(3));
    expect(cache.size).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get(2)).toBeUndefined();
  });

  it('lists the chunks to read and refuses to invent inputs for a chunk neither cached nor read', () => {
    const cache = new ChunkInputCache();
    cache.set(7, inputs(2));
    const refs = [{ id: 7, project_id: 'p', trace_id: 't' }, { id: 8, project_id: 'p', trace_id: 't' }];
    expect(uncachedChunks(cache, refs)).toEqual([8]);
    expect(() => chunkInputs(cache, refs, [])).toThrow(/chunk 8/);
    expect(chunkInputs(cache, refs.slice(0, 1), []).map((s) => [s.traceId, s.projectId, s.input.spanId])).toEqual([['t', 'p', '0'], ['t', 'p', '1']]);
  });
});
