/**
 * `multipart/form-data` as Discord reads it for messages with files
 * (https://discord.com/developers/docs/reference#uploading-files): a `payload_json` part with the
 * JSON body and one part per file, `files[n]`, each with a filename and its bytes. Written from
 * RFC 7578 on raw bytes (a PNG holds CR, LF and anything else), independently of the client's
 * encoder, so an encoding bug is not mirrored here.
 */

/** One uploaded file. */
export interface Upload {
  /** The form field (`files[0]`). */
  readonly key: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export type Multipart =
  | { readonly ok: true; readonly fields: ReadonlyMap<string, string>; readonly files: readonly Upload[] }
  | { readonly ok: false; readonly error: string };

/** The boundary of a `multipart/form-data` content type, or undefined for anything else. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const CRLF = Buffer.from('\r\n');

/** Parses a whole body; every structural problem is an error (Discord answers 400 to those). */
export function parseMultipart(body: Buffer, boundary: string): Multipart {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  const files: Upload[] = [];
  let pos = body.indexOf(delimiter);
  if (pos !== 0) return { ok: false, error: 'body does not start with the boundary' };
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return { ok: true, fields, files };
    if (!body.subarray(pos, pos + 2).equals(CRLF)) return { ok: false, error: 'boundary not followed by CRLF' };
    pos += 2;
    const end = body.indexOf(next, pos);
    if (end < 0) return { ok: false, error: 'part not closed by a boundary' };
    const part = body.subarray(pos, end);
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd < 0) return { ok: false, error: 'part without a header block' };
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, headEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /(?:^|;\s*)name="([^"]*)"/.exec(disposition)?.[1];
    if (!/^form-data\b/i.test(disposition) || name === undefined) return { ok: false, error: `part without form-data name: ${disposition}` };
    const filename = /;\s*filename="([^"]*)"/.exec(disposition)?.[1];
    const data = Buffer.from(part.subarray(headEnd + 4));
    if (filename === undefined) fields.set(name, data.toString('utf8'));
    else files.push({ key: name, filename, contentType: headers.get('content-type') ?? 'application/octet-stream', data });
    pos = end + 2; // at the next delimiter
  }
}
