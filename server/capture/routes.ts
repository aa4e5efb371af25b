import type express from 'express';
import type { CaptureService } from './CaptureService';
import type { WireSession } from './SessionWire';

export const PCAP_ROUTE = '/api/sessions/:session/capture.pcap';

interface Sessions {
  /** The session holding this token (the proof of ownership), if any. */
  find(token: string): (WireSession & { id: string }) | undefined;
}

/**
 * GET /api/sessions/<id>/capture.pcap with `Authorization: Bearer <token>`:
 * the session's kept packets as a pcap file for Wireshark or `tcpdump -r`.
 * Only the token's holder gets it; a wrong id or token is a plain 404, so
 * nobody can learn which sessions exist. The token goes in a header, never
 * in the URL, so it stays out of logs and history.
 */
export function mountCaptureRoutes(
  app: express.Express,
  sessions: Sessions,
  capture: () => CaptureService | undefined,
) {
  app.get(PCAP_ROUTE, (req, res) => {
    res.set('Cache-Control', 'no-store');
    const auth = /^Bearer\s+(\S+)$/.exec(req.get('authorization') ?? '');
    if (!auth?.[1]) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .type('text/plain')
        .send('The session token is needed (Authorization: Bearer <token>).\n');
      return;
    }
    const session = sessions.find(auth[1]);
    if (!session || session.id !== req.params.session || session.ended) {
      res.status(404).type('text/plain').send('No such session for this token.\n');
      return;
    }
    const service = capture();
    if (!service?.available) {
      res
        .status(503)
        .type('text/plain')
        .send('Packet capture is not available on this server (see welcome.server.capabilities.capture).\n');
      return;
    }
    const file = service.pcapFor(session);
    res
      .status(200)
      .type('application/vnd.tcpdump.pcap')
      .set('Content-Disposition', `attachment; filename="allo-${session.id}.pcap"`)
      .send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  });
}
