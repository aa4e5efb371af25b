/**
 * Writes a recording of a real loopback session (bench/scenarios/demoCall.ts)
 * to a file, for screenshots and for teachers who want an example to open.
 *
 *     node --import tsx bench/make-demo-recording.ts [out.json]
 */
import { writeFileSync } from 'node:fs';
import { startTestServer } from '../server/testing/server';
import { createRecording } from '../shared/recording';
import { demoCall } from './scenarios/demoCall';

export async function makeDemoRecording(): Promise<string> {
  const server = await startTestServer();
  try {
    const c = await server.client();
    await demoCall(c);
    return JSON.stringify(createRecording(c.events, { app: 'allo', title: 'demo call' }), null, 1);
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'e2e/artifacts/demo-recording.json';
  writeFileSync(out, await makeDemoRecording());
  console.log(`wrote ${out}`);
}
