/**
 * A real session on loopback that shows what the sequence diagram is for: a
 * TCP call where the kernel merges three sends into one receive (the reader is
 * paused while they arrive) and splits large sends across receives, a FIN each
 * way, and UDP postcards, one of them to a number nobody has. Used by the
 * recording tests and to make screenshots; every byte is real.
 */
import type { AlloTestClient } from '../../server/testing/client';
import { openSocket, tcpCall } from '../../server/testing/scenarios';

export async function demoCall(
  c: AlloTestClient,
): Promise<{ dialler: string; accepted: string; listener: string; u1: string; u2: string }> {
  const call = await tcpCall(c, 4);
  const { dialler, accepted } = call;
  const sentCount = (socket: string) => c.eventsOf('sent', socket).length;

  // Merged: the accepted side stops reading, three sends pile up in its kernel buffer, then one read takes them all.
  await c.ok({ op: 'pause', socket: accepted });
  for (const text of ['one ', 'two ', 'six ']) await c.ok({ op: 'send', socket: dialler, data: { text } });
  await c.until(() => sentCount(dialler) === 3, 'three sends');
  await c.ok({ op: 'resume', socket: accepted });
  await c.waitFor('received', (e) => e.socket === accepted && e.offset + e.bytes >= 12);

  // Split: three 50,000-byte sends read back in the stream's own chunk sizes (Node reads up to 64 KiB at a time).
  await c.ok({ op: 'pause', socket: dialler });
  const big = 'x'.repeat(50_000);
  for (let i = 0; i < 3; i++) await c.ok({ op: 'send', socket: accepted, data: { text: `${i}${big.slice(1)}` } });
  await c.until(() => sentCount(accepted) === 3, 'three big sends');
  await c.ok({ op: 'resume', socket: dialler });
  await c.waitFor('received', (e) => e.socket === dialler && e.offset + e.bytes >= 150_000);

  // A short answer, then goodbye from both sides.
  await c.ok({ op: 'send', socket: accepted, data: { text: 'Allô ?\n' } });
  await c.waitFor('received', (e) => e.socket === dialler && e.offset + e.bytes >= 150_008);
  await c.ok({ op: 'end', socket: dialler });
  await c.waitFor('peer-ended', (e) => e.socket === accepted);
  await c.ok({ op: 'close', socket: accepted });
  await c.waitFor('closed', (e) => e.socket === dialler);

  // UDP: two postcards between two sockets, one to a port nobody in the session has.
  const u1 = await openSocket(c, 'udp', 4, 'postcards');
  const u2 = await openSocket(c, 'udp', 4, 'mailbox');
  const b1 = await c.ok({ op: 'bind', socket: u1, address: '127.0.0.1', port: 0 });
  const b2 = await c.ok({ op: 'bind', socket: u2, address: '127.0.0.1', port: 0 });
  await c.ok({ op: 'send', socket: u1, data: { text: 'carte 1' }, to: { host: '127.0.0.1', port: b2.local.port } });
  await c.waitFor('received', (e) => e.socket === u2);
  // A port just below the mailbox's: free in practice, and nobody in this session has it.
  const nobody = b2.local.port === 65535 ? b2.local.port - 1 : b2.local.port + 1;
  await c.ok({ op: 'send', socket: u2, data: { text: 'réponse' }, to: { host: '127.0.0.1', port: b1.local.port } });
  await c.ok({ op: 'send', socket: u1, data: { text: 'hello?' }, to: { host: '127.0.0.1', port: nobody } });
  await c.until(() => c.eventsOf('sent', u1).length === 2 && c.eventsOf('received', u1).length === 1, 'postcards');
  return { dialler, accepted, listener: call.listener, u1, u2 };
}
