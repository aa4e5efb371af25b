/**
 * The class's plain values, without zod (shared/class.ts builds its schemas on them and re-exports
 * them): what the page's first chunk needs to check a name before it sends it.
 */

/** Longest name a student may take, in characters (code points). */
export const MAX_STUDENT_NAME = 24;

/** A service name under which a socket is published: "echo", "chat-2" (1–32 letters, digits, - or _). */
export const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
