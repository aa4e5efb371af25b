/** Wiring only: configuration in, server up, URL out. */
import { createAlloServer } from './app';
import { qrTerminal } from './class/qr';
import { USAGE, parseConfig, type AlloConfig } from './config';
import { createLogger, readableDestination } from './log';

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

// A terminal gets readable lines; a pipe or a file gets pino's JSON, one object a line.
const logger = createLogger(config.logLevel, process.stdout.isTTY ? readableDestination(process.stdout) : undefined);
const server = await createAlloServer({ ...config, logger });
console.log(`Allô is listening on ${server.url}${config.dev ? ' (dev, Vite middleware)' : ''}`);
if (config.allow.length) console.log(`Extra targets allowed: ${config.allow.join(', ')}`);
if (config.allowedHosts.length) console.log(`Also answers to: ${config.allowedHosts.join(', ')}`);
if (server.class) {
  const { studentUrls, teacherUrl } = server.class;
  console.log(`\nClass mode. Students open: ${studentUrls.join('  ') || '(no network address found)'}`);
  console.log(`Teacher link (keep it to yourself): ${teacherUrl}`);
  // The first address as a QR code, for students' phones or laptops with a camera; the teacher's page shows it too.
  if (studentUrls[0]) console.log(`\n${await qrTerminal(studentUrls[0])}\n${studentUrls[0]}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
