import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Limits } from '../shared/limits';
import { type CaptureSetup, mountCaptureRoutes, setUpCapture } from './capture';
import { createPolicy, resolveLimits } from './policy';
import { describeServer } from './serverInfo';
import { startKernelWatch } from './sessions/kernelWatch';
import { SessionManager } from './sessions/SessionManager';
import { handleConnection } from './ws/connection';
import { WS_PATH, createUpgradeGate } from './ws/gate';
import { startHeartbeat } from './ws/heartbeat';

export interface AlloServerOptions {
  /** Default 3000; 0 picks a free port (tests). */
  port?: number;
  /** Default `localhost`. */
  host?: string;
  /** Extra targets beyond loopback (`--allow`). */
  allow?: string[];
  limits?: Partial<Limits>;
  /** Mount Vite in middleware mode instead of serving dist/client. */
  dev?: boolean;
  /** Where the built client is; default dist/client. */
  clientDir?: string;
  /** How often the kernel's socket table is read for `kernel` events (ms); 0 turns them off. Default 100. */
  kernelPollMs?: number;
  /** Name resolution for the policy (tests); default getaddrinfo(). */
  resolve?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  /** Packet capture (tcpdump on lo), docs/wire.md; off unless `enabled`. */
  capture?: CaptureSetup;
}

export interface AlloServer {
  httpServer: http.Server;
  port: number;
  /** http://host:port */
  url: string;
  /** ws://host:port/ws */
  wsUrl: string;
  /** Live sessions, their open sockets, and WebSockets (tests, bench). */
  stats(): { sessions: number; sockets: number; websockets: number };
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

/** The whole Allô server, in-process: Express for the page, ws on /ws behind the upgrade gate. */
export async function createAlloServer(options: AlloServerOptions = {}): Promise<AlloServer> {
  const limits = resolveLimits(options.limits);
  const host = options.host ?? 'localhost';
  const httpServer = http.createServer();
  let port = options.port ?? 3000;
  const policy = createPolicy({ allow: options.allow ?? [], limits, serverPort: () => port, resolve: options.resolve });
  const kernelPollMs = options.kernelPollMs ?? 100;
  const sessions = new SessionManager(policy);
  const capture = await setUpCapture(
    options.capture,
    () => sessions.all(),
    () => port,
  );
  const serverInfo = await describeServer(policy, kernelPollMs > 0, capture.capability);

  const app = express();
  // No HSTS and no upgrade-insecure-requests: Allô is served over plain http,
  // on localhost or (later) a classroom's LAN address.
  app.use(
    helmet({
      hsts: false,
      contentSecurityPolicy: options.dev ? false : { directives: { upgradeInsecureRequests: null } },
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, sessions: sessions.size });
  });
  mountCaptureRoutes(app, sessions, () => capture.service);
  const vite = options.dev ? await mountVite(app, httpServer) : undefined;
  if (!vite) serveBuiltClient(app, options.clientDir ?? DEFAULT_CLIENT_DIR);
  httpServer.on('request', app);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: true,
  });
  const sessionless = new Set<WebSocket>();
  httpServer.on(
    'upgrade',
    createUpgradeGate({
      wss,
      ownsOtherPaths: !options.dev,
      // Sessions waiting to be resumed do not close the door: the newcomer may be
      // the one coming back. A new session past the limit is refused at hello.
      full: () =>
        sessions.attachedCount() + sessionless.size >= limits.maxSessions
          ? `The server is full: ${limits.maxSessions} sessions at most (limit maxSessions).`
          : undefined,
      onConnection: (ws) => {
        sessionless.add(ws);
        ws.once('close', () => sessionless.delete(ws));
        handleConnection(ws, {
          sessions,
          serverInfo,
          resumeGraceMs: limits.resumeGraceMs,
          onSession: () => sessionless.delete(ws),
        });
      },
    }),
  );
  const stopHeartbeat = startHeartbeat(() => wss.clients, limits.heartbeatMs);
  const stopKernelWatch = serverInfo().capabilities.kernel
    ? startKernelWatch(() => sessions.all(), kernelPollMs)
    : () => {};

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    httpServer,
    port,
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}${WS_PATH}`,
    stats: () => ({ sessions: sessions.size, sockets: sessions.socketCount(), websockets: wss.clients.size }),
    async close() {
      stopHeartbeat();
      stopKernelWatch();
      capture.service?.close();
      sessions.endAll();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await vite?.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

function serveBuiltClient(app: express.Express, dir: string): void {
  app.use(express.static(dir, { index: 'index.html' }));
  // SPA fallback: any other GET is the page, which routes on the client.
  app.get('/{*path}', (_req, res) => {
    const index = `${dir}/index.html`;
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('text/plain').send('The client is not built yet: run `npm run build` (or use --dev).\n');
  });
}

async function mountVite(app: express.Express, httpServer: http.Server) {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    server: { middlewareMode: true, hmr: { server: httpServer } },
    appType: 'spa',
  });
  app.use(vite.middlewares);
  return vite;
}
