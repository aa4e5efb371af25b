import type { Data, Endpoint, Family } from '../../shared/protocol';

/** Reused for whole chunks: without `stream`, every decode() starts afresh. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The preview of a chunk of bytes carried in `sent`/`received` events: base64
 * always, text only when the (possibly cut) bytes are valid UTF-8.
 */
export function preview(buf: Uint8Array, previewBytes: number): Data {
  const truncated = buf.byteLength > previewBytes;
  const head = truncated ? buf.subarray(0, previewBytes) : buf;
  const data: Data = { base64: Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('base64') };
  try {
    // fatal: invalid UTF-8 gives no text rather than U+FFFD guesses. When we cut
    // the chunk, a fresh decoder in stream mode tolerates a character split by the cut itself.
    data.text = truncated
      ? new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
      : utf8.decode(head);
  } catch {
    // not text: base64 only
  }
  if (truncated) data.truncated = true;
  return data;
}

export function familyOf(f: string | number | undefined): Family {
  return f === 'IPv6' || f === 6 ? 6 : 4;
}

export function endpoint(
  address: string | undefined,
  port: number | undefined,
  family: string | number | undefined,
): Endpoint {
  return { address: address ?? '', port: port ?? 0, family: familyOf(family) };
}
