/** The version of a dataset: the SHA-256 of its exact bytes, so `sha256sum FILE` reproduces it. */
import { createHash } from 'node:crypto';

/** `sha256:<64 hex>` of the UTF-8 text (deterministic; no I/O). */
export function computeDatasetVersion(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
