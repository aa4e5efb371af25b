import { getSystemErrorName } from 'node:util';
import type { Endpoint, Family, KernelErrorCode } from '../../shared/protocol';
import { kernelCode } from './errno';
import { endpoint } from './preview';

/**
 * Node's `net` API has no bind() without listen() or connect(); its TCP handle
 * (libuv's uv_tcp_t, the object behind every net.Socket and net.Server) has
 * one. Allô binds that handle for real at `bind`, then hands it to a
 * net.Server (`server.listen(handle)`) or a net.Socket (`new net.Socket({handle})`),
 * so the number the kernel gave at bind() is the one that listens or dials.
 */
export interface TcpHandle {
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  getsockname(out: Record<string, unknown>): number;
  close(callback?: () => void): void;
}

interface TcpWrap {
  TCP: new (type: number) => TcpHandle;
  constants: { SOCKET: number };
}

let wrap: TcpWrap | undefined;
/** process.binding('tcp_wrap'): documented-deprecated (DEP0111) but kept, and the only way to a bare bind(). */
function tcpWrap(): TcpWrap {
  wrap ??= (process as unknown as { binding(name: 'tcp_wrap'): TcpWrap }).binding('tcp_wrap');
  return wrap;
}

export type TcpBind = { ok: true; handle: TcpHandle; local: Endpoint } | { ok: false; code: KernelErrorCode };

/**
 * bind() on a fresh TCP socket. libuv sets SO_REUSEADDR first (as most servers
 * do: a port in TIME_WAIT can be bound again) and, when the kernel answers
 * EADDRINUSE, keeps that answer for the later listen()/connect(); getsockname
 * returns it at once, so the kernel's refusal is reported here, on bind().
 */
export function bindTcp(address: string, port: number, family: Family): TcpBind {
  const { TCP, constants } = tcpWrap();
  const handle = new TCP(constants.SOCKET);
  const err = family === 6 ? handle.bind6(address, port, 0) : handle.bind(address, port);
  const out: Record<string, unknown> = {};
  const err2 = err || handle.getsockname(out);
  if (err2) {
    handle.close();
    return { ok: false, code: kernelCode(getSystemErrorName(err2)) };
  }
  const local = endpoint(
    typeof out.address === 'string' ? out.address : address,
    typeof out.port === 'number' ? out.port : port,
    typeof out.family === 'string' ? out.family : undefined,
  );
  return { ok: true, handle, local };
}
