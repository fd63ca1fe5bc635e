/**
 * `Content-Disposition: attachment`, with the file's name (RFC 6266 / RFC 8187: UTF-8,
 * percent-encoded) when there is one: what every driver's links serve files as.
 */
export function attachmentDisposition(filename?: string): string {
  return filename ? `attachment; filename*=UTF-8''${encodeURIComponent(filename)}` : 'attachment';
}
