/**
 * The building blocks of protocol v1 that only this protocol's own messages use:
 * the transport (`Proto`), bytes as events carry them (`Data`) and as commands
 * give them (`Payload`), and a `sendto()` target (`Target`). The blocks that
 * shared/compare/wire.ts and shared/class.ts need too (ids, ports, hosts,
 * endpoints) live in shared/primitives.ts.
 */
import * as z from 'zod/mini';
import { Host, Port } from '../primitives';

export const Proto = z.enum(['tcp', 'udp']);
export type Proto = z.infer<typeof Proto>;

/** Bytes as carried in events: base64 always, text when valid UTF-8, cut at the preview limit. */
export const Data = z.object({
  text: z.optional(z.string()),
  base64: z.string(),
  truncated: z.optional(z.boolean()),
});
export type Data = z.infer<typeof Data>;

/** Bytes as given in a command: exactly one of text or base64. */
export const Payload = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ base64: z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')) }),
]);
export type Payload = z.infer<typeof Payload>;

export const Target = z.object({ host: Host, port: Port });
export type Target = z.infer<typeof Target>;
