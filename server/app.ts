import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { WebSocketServer } from 'ws';
import type { Limits } from '../shared/limits';
import { type CaptureSetup, mountCaptureRoutes, setUpCapture } from './capture';
import { type ClassSetup, listenForClass, mountClassRoutes, setUpClass } from './class';
import type { CompareLinkMode } from './compare';
import { hostCheck } from './http/hostCheck';
import { createHostRule } from './http/hostRule';
import { type Logger, silentLogger, throttled } from './log';
import { createPolicy, resolveLimits, upgradeRateError } from './policy';
import { describeServer } from './serverInfo';
import { type KernelWatchStats, startKernelWatch } from './sessions/kernelWatch';
import { SessionManager } from './sessions/SessionManager';
import { UpgradeRate } from './ws/clients';
import { handleConnection } from './ws/connection';
import { WS_PATH, createUpgradeGate } from './ws/gate';
import { startHeartbeat } from './ws/heartbeat';

export interface AlloServerOptions {
  /** Default 3000; 0 picks a free port (tests). */
  port?: number;
  /** Default `localhost`. */
  host?: string;
  /** Names the Host header may carry besides localhost, *.localhost, IP literals and `host` (`--allowed-host`). */
  allowedHosts?: string[];
  /** Where the server logs (main.ts: pino at --log-level); default silent. */
  logger?: Logger;
  /** Extra targets beyond loopback (`--allow`). */
  allow?: string[];
  /** Loopback ports below 1024 a session may call (`--allow-port`, e.g. ["22,53,80"]). */
  allowPorts?: string[];
  limits?: Partial<Limits>;
  /** Mount Vite in middleware mode instead of serving dist/client. */
  dev?: boolean;
  /** Where the built client is; default dist/client. */
  clientDir?: string;
  /** How often the kernel's socket table is read for `kernel` events (ms); 0 turns them off. Default 100. */
  kernelPollMs?: number;
  /** The compare lanes' link: `auto` (the kernel's, in a namespace, where the machine allows it) or `relay`. */
  compareLink?: CompareLinkMode;
  /** Name resolution for the policy (tests); default getaddrinfo(). */
  resolve?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  /** Packet capture (tcpdump on lo), docs/wire.md; off unless `enabled`. */
  capture?: CaptureSetup;
  /** Class mode (`--class`, docs/class.md): also listen on these addresses, and run one class. */
  class?: ClassSetup;
}

export interface AlloServer {
  httpServer: http.Server;
  port: number;
  /** http://host:port */
  url: string;
  /** ws://host:port/ws */
  wsUrl: string;
  /** Live sessions, their open sockets, and WebSockets (tests, bench). */
  stats(): {
    sessions: number;
    sockets: number;
    websockets: number;
    logBytes: number;
    outboxBytes: number;
    /** The kernel observer's samples so far, how many of them ran `ss -ti`, and those runs' total ms. */
    kernel: KernelWatchStats;
  };
  /** With capture on: packets the kernel dropped because tcpdump's buffer was full, asked of tcpdump now (bench). */
  captureKernelDrops(): Promise<number | undefined>;
  /** Class mode: the student URLs (one per class address), the teacher link and its secret. */
  class?: { studentUrls: string[]; teacherUrl: string; secret: string };
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

/** The whole Allô server, in-process: Express for the page, ws on /ws behind the upgrade gate. */
export async function createAlloServer(options: AlloServerOptions = {}): Promise<AlloServer> {
  const limits = resolveLimits(options.limits);
  const host = options.host ?? 'localhost';
  const httpServer = http.createServer();
  let port = options.port ?? 3000;
  const policy = createPolicy({
    allow: options.allow ?? [],
    allowPorts: options.allowPorts ?? [],
    limits,
    serverPort: () => port,
    resolve: options.resolve,
  });
  const kernelPollMs = options.kernelPollMs ?? 100;
  const log = options.logger ?? silentLogger();
  const logThrottled = throttled();
  const classroom = options.class ? setUpClass(limits) : undefined;
  const hostRule = createHostRule(host, [...(options.allowedHosts ?? []), ...(classroom?.allowedHosts ?? [])]);
  const sessions = new SessionManager(policy, log, options.compareLink);
  const upgradeRate = new UpgradeRate(limits);
  const capture = await setUpCapture(
    options.capture,
    () => sessions.all(),
    () => port,
  );
  const serverInfo = await describeServer(policy, kernelPollMs > 0, capture.capability);

  const app = express();
  // First of all, before anything answers: the Host rule against DNS rebinding.
  app.use(hostCheck(hostRule, log, logThrottled));
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
  if (classroom) mountClassRoutes(app, classroom.room);
  const vite = options.dev ? await mountVite(app, httpServer, hostRule.names) : undefined;
  if (!vite) serveBuiltClient(app, options.clientDir ?? DEFAULT_CLIENT_DIR);
  httpServer.on('request', app);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: true,
  });
  httpServer.on(
    'upgrade',
    createUpgradeGate({
      wss,
      hostRule,
      ownsOtherPaths: !options.dev,
      log,
      logRefusal: logThrottled,
      // Sessions waiting to be resumed do not close the door: the newcomer may be
      // the one coming back, and a new session takes the place of the oldest of them.
      admit: (client) => {
        if (!upgradeRate.take(client)) {
          return { status: 429, rule: 'maxUpgradesPerSecondPerClient', message: upgradeRateError(limits).message };
        }
        const full = sessions.admit(client);
        if (!full) return undefined;
        return full.limit === 'maxSessionsPerClient'
          ? { status: 429, rule: full.limit, message: full.message }
          : { status: 503, rule: full.limit ?? 'maxSessions', message: full.message };
      },
      onConnection: (ws, _req, client) => {
        log.debug({ event: 'connection', client }, `WebSocket opened (client ${client})`);
        handleConnection(ws, { sessions, serverInfo, limits, client, log, logThrottled, classroom: classroom?.room });
      },
    }),
  );
  const stopHeartbeat = startHeartbeat(() => wss.clients, limits.heartbeatMs);
  const kernelWatch = serverInfo().capabilities.kernel
    ? startKernelWatch(() => sessions.all(), kernelPollMs, serverInfo().capabilities.tcpInfo === true)
    : undefined;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const classServers = classroom && options.class ? await listenForClass(httpServer, options.class, port) : [];
  classroom?.started(
    classServers.map((s) => s.url),
    `http://${urlHost}:${port}`,
  );
  log.debug(
    { event: 'listening', url: `http://${urlHost}:${port}`, allowedHosts: hostRule.names },
    `Allô is listening on http://${urlHost}:${port}`,
  );

  return {
    httpServer,
    port,
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}${WS_PATH}`,
    ...(classroom ? { class: classroom.describe() } : {}),
    stats: () => ({
      sessions: sessions.size,
      sockets: sessions.socketCount(),
      websockets: wss.clients.size,
      // The byte budgets' counters (maxLogBytes, maxOutboxBytes), for the benches.
      logBytes: policy.memory.logBytes,
      outboxBytes: policy.memory.outboxBytes(),
      kernel: kernelWatch?.stats() ?? { samples: 0, ssRuns: 0, ssMs: 0 },
    }),
    captureKernelDrops: async () => capture.service?.kernelDrops(),
    async close() {
      stopHeartbeat();
      kernelWatch?.stop();
      capture.service?.close();
      classroom?.room.close();
      sessions.endAll();
      for (const s of classServers) s.close();
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

async function mountVite(app: express.Express, httpServer: http.Server, allowedHosts: readonly string[]) {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    // Vite checks Host too (its own allowedHosts): give it the same names, so --allowed-host works in --dev.
    server: { middlewareMode: true, hmr: { server: httpServer }, allowedHosts: [...allowedHosts] },
    appType: 'spa',
  });
  app.use(vite.middlewares);
  return vite;
}
