/**
 * Class mode's wiring (`--class`, docs/class.md): the one Classroom of the
 * server, the extra listening addresses (the machine's network addresses, or
 * `--class-address`), the teacher link, and the teacher's HTTP routes.
 */
import http from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import type express from 'express';
import type { Limits } from '../../shared/limits';
import { createRecording } from '../../shared/recording';
import { Classroom } from './Classroom';
import { qrSvg } from './qr';

export { Classroom } from './Classroom';

export interface ClassSetup {
  /** Addresses to listen on besides the main host; default: every non-internal IPv4 address of this machine. */
  addresses?: string[];
}

/** This machine's network addresses (not loopback): where students reach the teacher's server. */
export function machineAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
}

const urlOf = (address: string, port: number) => `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;

export function setUpClass(limits: Limits) {
  const room = new Classroom(limits);
  let studentUrls: string[] = [];
  let teacherUrl = '';
  const name = hostname();
  return {
    room,
    /** The machine's own name joins the Host allow-list (its addresses are IP literals, allowed anyway). */
    allowedHosts: name && name !== 'localhost' ? [name, `${name}.local`] : [],
    started(urls: string[], localUrl: string) {
      studentUrls = urls;
      room.studentUrl = urls[0] ?? `${localUrl}/`;
      teacherUrl = `${localUrl}/?teacher=${room.secret}`;
    },
    describe: () => ({ studentUrls, teacherUrl, secret: room.secret }),
  };
}

/** One more HTTP server per class address, on the same port, handing every request and upgrade to the main one. */
export async function listenForClass(
  main: http.Server,
  setup: ClassSetup,
  port: number,
): Promise<{ url: string; close(): void }[]> {
  const addresses = setup.addresses?.length ? setup.addresses : machineAddresses();
  const servers = [];
  for (const address of addresses) {
    const extra = http.createServer();
    extra.on('request', (req, res) => main.emit('request', req, res));
    extra.on('upgrade', (req, socket, head) => main.emit('upgrade', req, socket, head));
    await new Promise<void>((resolve, reject) => {
      extra.once('error', reject);
      extra.listen(port, address, () => {
        extra.off('error', reject);
        resolve();
      });
    });
    servers.push({
      url: urlOf(address, port),
      close: () => {
        extra.close();
        extra.closeAllConnections();
      },
    });
  }
  return servers;
}

export const CLASS_RECORDING_ROUTE = '/api/class/recording.json';
export const CLASS_QR_ROUTE = '/api/class/qr.svg';

/**
 * GET /api/class/recording.json with `Authorization: Bearer <teacher secret>`:
 * every member's kept events, one recording each, in one file. The secret goes
 * in a header, never the URL, so it stays out of logs.
 */
export function mountClassRoutes(app: express.Express, room: Classroom): void {
  // The students' address as a QR code, for the teacher's page and the projector. Not secret: it is the address
  // the projector shows in words too. Drawn once per address.
  let drawn: { url: string; svg: Promise<string> } | undefined;
  app.get(CLASS_QR_ROUTE, (_req, res) => {
    const url = room.studentUrl;
    if (!url) {
      res.status(404).type('text/plain').send('This class has no address for students yet.\n');
      return;
    }
    if (drawn?.url !== url) drawn = { url, svg: qrSvg(url) };
    drawn.svg.then(
      (svg) => res.status(200).set('Cache-Control', 'no-cache').type('image/svg+xml').send(svg),
      (err: Error) => res.status(500).type('text/plain').send(`The QR code could not be drawn: ${err.message}\n`),
    );
  });
  app.get(CLASS_RECORDING_ROUTE, (req, res) => {
    res.set('Cache-Control', 'no-store');
    const auth = /^Bearer\s+(\S+)$/.exec(req.get('authorization') ?? '');
    if (!auth?.[1] || !room.isTeacherSecret(auth[1])) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .type('text/plain')
        .send('The teacher secret is needed (Authorization: Bearer <secret>).\n');
      return;
    }
    const members = room.everyone().map((m) => ({
      id: m.id,
      name: m.name ?? m.id,
      role: m.role,
      recording: createRecording(m.session.log.after(0, Number.MAX_SAFE_INTEGER), { title: `${m.name ?? m.id}` }),
    }));
    res
      .status(200)
      .set('Content-Disposition', 'attachment; filename="allo-class.json"')
      .json({ format: 'allo-class-recording', version: 1, createdAt: new Date().toISOString(), members });
  });
}
