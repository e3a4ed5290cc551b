/**
 * Content-Disposition for a generated file: an ASCII `filename` every client
 * understands, and `filename*` (RFC 6266 / RFC 8187) with the Chinese name for
 * those that read it.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', asciiName: string, name: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
