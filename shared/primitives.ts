/**
 * The building blocks of wire protocol v1 that more than one schema module
 * needs (shared/protocol/, shared/compare/wire.ts, shared/class.ts): declared
 * once here, so that a change of shape (a port's range, an id's length) reaches
 * every message.
 */
import * as z from 'zod/mini';

export const Family = z.union([z.literal(4), z.literal(6)]);
export type Family = z.infer<typeof Family>;

export const Port = z.int().check(z.minimum(0), z.maximum(65535));
/** A host as typed by a person: a name or an IP literal. */
export const Host = z.string().check(z.minLength(1), z.maxLength(253));

export const SocketId = z.string().check(z.minLength(1), z.maxLength(32));
export type SocketId = z.infer<typeof SocketId>;

export const CommandId = z.union([z.int().check(z.minimum(0)), z.string().check(z.minLength(1), z.maxLength(64))]);
export type CommandId = z.infer<typeof CommandId>;

export const Endpoint = z.object({ address: z.string(), port: Port, family: Family });
export type Endpoint = z.infer<typeof Endpoint>;
