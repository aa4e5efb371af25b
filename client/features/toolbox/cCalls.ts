import type { Family, Proto } from '../../../shared/protocol';
import { assertNever } from '../../../shared/protocol';
import type { SocketAction } from './actions';

/** The arguments typed in the toolbox, as far as the C call shows them. */
export interface CallArgs {
  host?: string;
  port?: string;
  backlog?: string;
  /** Size of the message in bytes. */
  bytes?: number;
  /** sendto(): the postcard's destination is given with each send. */
  sendto?: boolean;
}

/** The comments inside the C lines, in the page's language. */
export interface CallComments {
  eachCall: string;
  noRecv: string;
}

const ENGLISH: CallComments = {
  eachCall: 'for each call',
  noRecv: 'recv() is not called: the bytes wait in the kernel',
};

export const domainName = (family: Family) => (family === 6 ? 'AF_INET6' : 'AF_INET');
export const typeName = (proto: Proto) => (proto === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM');

/** `int fd = socket(AF_INET, SOCK_STREAM, 0);` */
export function socketCall(family: Family, proto: Proto): string {
  return `int fd = socket(${domainName(family)}, ${typeName(proto)}, 0);`;
}

/**
 * The BSD sockets call an action makes, as a student would write it in C. The
 * address setup (`addr.sin_port = htons(…)`) is shown as a comment-free prefix
 * line so the call itself stays readable on a projector.
 */
export function cCall(
  action: SocketAction,
  family: Family,
  args: CallArgs = {},
  comments: CallComments = ENGLISH,
): string[] {
  const sa = family === 6 ? 'sin6' : 'sin';
  const setup = (host: string | undefined, port: string | undefined) =>
    `addr.${sa}_port = htons(${port || '0'}); inet_pton(${domainName(family)}, "${host || (family === 6 ? '::1' : '127.0.0.1')}", &addr.${sa}_addr);`;
  switch (action) {
    case 'bind':
      return [setup(args.host, args.port), 'bind(fd, (struct sockaddr *)&addr, sizeof addr);'];
    case 'listen':
      return [`listen(fd, ${args.backlog || '16'});`, `int conn = accept(fd, NULL, NULL); /* ${comments.eachCall} */`];
    case 'connect':
      return [setup(args.host, args.port), 'connect(fd, (struct sockaddr *)&addr, sizeof addr);'];
    case 'send':
      return args.sendto
        ? [
            setup(args.host, args.port),
            `sendto(fd, buf, ${args.bytes ?? 0}, 0, (struct sockaddr *)&addr, sizeof addr);`,
          ]
        : [`send(fd, buf, ${args.bytes ?? 0}, 0);`];
    case 'end':
      return ['shutdown(fd, SHUT_WR);'];
    case 'close':
      return ['close(fd);'];
    case 'reset':
      return ['struct linger lg = { 1, 0 };', 'setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg); close(fd);'];
    case 'pause':
      return [`/* ${comments.noRecv} */`];
    case 'resume':
      return ['ssize_t n = recv(fd, buf, sizeof buf, 0);'];
    default:
      return assertNever(action);
  }
}
