/** Wire format of an OTLP/HTTP body. */
export type ContentFormat = 'json' | 'protobuf';

/** Maps a Content-Type header to its OTLP format by case-insensitive substring (charset and other
 * parameters allowed); null for anything else (the HTTP layer answers 415). */
export function contentFormatOf(contentType: string | undefined): ContentFormat | null {
  if (contentType === undefined) return null;
  const t = contentType.toLowerCase();
  if (t.includes('application/x-protobuf') || t.includes('application/protobuf')) return 'protobuf';
  if (t.includes('application/json')) return 'json';
  return null;
}
