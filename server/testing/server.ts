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
    limits: { resumeGraceMs: 300, ...options.limits },
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
