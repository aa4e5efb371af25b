/** Wiring only: configuration in, server up, URL out. */
import { createAlloServer } from './app';
import { USAGE, parseConfig, type AlloConfig } from './config';
import { createLogger } from './log';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

let config: AlloConfig;
try {
  config = parseConfig(process.argv.slice(2), process.env);
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const server = await createAlloServer({ ...config, logger: createLogger(config.logLevel) });
console.log(`Allô is listening on ${server.url}${config.dev ? ' (dev, Vite middleware)' : ''}`);
if (config.allow.length) console.log(`Extra targets allowed: ${config.allow.join(', ')}`);
if (config.allowedHosts.length) console.log(`Also answers to: ${config.allowedHosts.join(', ')}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
