/** Wire format of an OTLP/HTTP body. */
export type ContentFormat = 'json' | 'protobuf';

/** Maps a Content-Type header to its OTLP format by its media type (case-insensitive, parameters such
 * as charset ignored: `application/json; charset=utf-8`); null for anything else (the HTTP layer answers 415). */
export function contentFormatOf(contentType: string | undefined): ContentFormat | null {
  if (contentType === undefined) return null;
  const cut = contentType.indexOf(';');
  const mediaType = (cut === -1 ? contentType : contentType.slice(0, cut)).trim().toLowerCase();
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  return null;
}
