import type { RequestHandler } from 'express';
import type { Logger } from '../log';
import { clientKey } from '../ws/clients';
import { type HostRule, hostRefusal } from './hostRule';

/**
 * The Host rule on every HTTP request (the page, its assets, /healthz), placed
 * before every other middleware: a rebound name gets a 403 sentence and
 * nothing else — not even the page, which would then open a WebSocket.
 */
export function hostCheck(
  rule: HostRule,
  log: Logger,
  logRefusal: (key: string, write: (suppressed: number) => void) => void,
): RequestHandler {
  return (req, res, next) => {
    const verdict = rule.check(req.headers.host);
    if (verdict.ok) {
      next();
      return;
    }
    const client = clientKey(req.socket.remoteAddress);
    const message = hostRefusal(verdict);
    logRefusal(`host-http ${client}`, (suppressed) =>
      log.warn(
        {
          event: 'refused',
          rule: 'host',
          status: 403,
          client,
          host: req.headers.host,
          ...(suppressed ? { suppressed } : {}),
        },
        `HTTP request refused (host): ${message.trim().replace(/^Refused: /, '')}`,
      ),
    );
    res.status(403).set('X-Content-Type-Options', 'nosniff').type('text/plain').send(message);
  };
}
