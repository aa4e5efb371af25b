/**
 * The Allô server in-process for tests and scripts, on a free loopback port,
 * with timers short enough for tests (resume grace, heartbeat).
 */
import { createAlloServer, type AlloServer, type AlloServerOptions } from '../app';
import { AlloTestClient, type ConnectOptions } from './client';

export interface TestServer extends AlloServer {
  /** A connected client that has said hello (unless `opts.hello` is false). */
  client(opts?: ConnectOptions): Promise<AlloTestClient>;
}

export async function startTestServer(options: AlloServerOptions = {}): Promise<TestServer> {
  const server = await createAlloServer({
    host: '127.0.0.1',
    port: 0,
    ...options,
    // Every test connects from loopback, which the per-client caps count as one
    // client: lift them here; the tests of those caps set them.
    limits: {
      resumeGraceMs: 300,
      maxSessionsPerClient: 10_000,
      maxUpgradesPerSecondPerClient: 10_000,
      ...options.limits,
    },
  });
  const clients: AlloTestClient[] = [];
  return {
    ...server,
    async client(opts) {
      const c = await AlloTestClient.connect(server.wsUrl, opts);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.ws.terminate();
      await server.close();
    },
  };
}
