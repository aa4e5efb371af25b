import { KernelErrorCode } from '../../shared/protocol';

/**
 * Plain-language sentences for the errno names the kernel hands back, so a
 * student sees both the real code (ECONNREFUSED) and what it means on the phone.
 */
const MESSAGES: Record<string, string> = {
  ECONNREFUSED:
    'Nobody answered: no program is listening on that port, so the other kernel refused the call (it replied with a reset).',
  ECONNRESET:
    'The other side slammed the phone down: the connection was reset (RST) and any bytes still in flight are lost.',
  EADDRINUSE: 'That number is already taken: another socket is bound to this address and port.',
  EADDRNOTAVAIL: 'This machine does not own that address, so a socket cannot be bound to it.',
  EACCES: 'Permission denied by the operating system (ports below 1024 need special rights).',
  EPERM: 'The operating system did not allow this operation.',
  EPIPE: 'The line is already cut: the socket can no longer send.',
  ETIMEDOUT: 'Nobody picked up in time: the connection attempt timed out.',
  EHOSTUNREACH: 'There is no route to that host.',
  ENETUNREACH: 'That network cannot be reached from here.',
  ECONNABORTED: 'The call was dropped before it could be picked up.',
  EAFNOSUPPORT: 'This address family (IPv4 or IPv6) is not supported here.',
  EINVAL: 'The kernel rejected the request as invalid in the socket\u2019s current state.',
  EMSGSIZE: 'The postcard is too big: the datagram exceeds the maximum size.',
  ENOTFOUND: 'That name is not in the directory: it does not resolve to any address.',
  EAI_AGAIN: 'The directory did not answer in time (temporary DNS failure).',
  ERR_SOCKET_CLOSED: 'The socket is already closed.',
  ERR_STREAM_DESTROYED: 'The socket is already closed.',
  ERR_STREAM_WRITE_AFTER_END: 'This side already said goodbye (sent its FIN); it can no longer send.',
};

/** The same errno means something else without a call: UDP has no SYN and no RST. */
const UDP_MESSAGES: Record<string, string> = {
  ECONNREFUSED:
    'Nobody has that mailbox: the other kernel answered an earlier postcard with an ICMP "port unreachable" message (UDP has no call, so no reset); a connected UDP socket learns it as ECONNREFUSED. An unconnected socket is never told.',
};

/** The sentence for an errno raised on a UDP socket. */
export function explainUdpErrno(code: string, fallback?: string): string {
  return UDP_MESSAGES[code] ?? explainErrno(code, fallback);
}

/** An errno name as the kernel (or Node, `ERR_…`) gives it; anything else is `EUNKNOWN`. */
export function kernelCode(code: unknown): KernelErrorCode {
  const parsed = KernelErrorCode.safeParse(code);
  return parsed.success ? parsed.data : 'EUNKNOWN';
}

export function explainErrno(code: string, fallback?: string): string {
  return MESSAGES[code] ?? fallback ?? `The operating system reported ${code}.`;
}

/** The errno name, syscall and a sentence, from whatever Node threw or emitted. */
export function describeError(
  err: unknown,
  defaultSyscall: string,
): { code: KernelErrorCode; syscall: string; message: string } {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = kernelCode(e?.code);
  const syscall = typeof e?.syscall === 'string' ? e.syscall : defaultSyscall;
  return { code, syscall, message: explainErrno(code, e?.message) };
}
