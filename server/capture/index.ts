import type { CaptureCapability } from '../../shared/wire/events';
import { CaptureService } from './CaptureService';
import type { WireSession } from './SessionWire';
import { probeCapture } from './tcpdump';

export { CaptureService } from './CaptureService';
export { mountCaptureRoutes, PCAP_ROUTE } from './routes';
export type { WireSession } from './SessionWire';

/** Bytes of packets kept per session (16-byte record header + captured bytes), for display and export. */
export const DEFAULT_MAX_CAPTURE_BYTES_PER_SESSION = 4 * 1024 * 1024;
/** Bytes kept of each packet: every header and the start of the payload (the events carry the data). */
export const DEFAULT_SNAPLEN = 2048;

export interface CaptureSetup {
  /** Default off in-process (tests and benches see only the events they ask for); the CLI turns it on. */
  enabled?: boolean;
  maxBytesPerSession?: number;
  snaplen?: number;
  /** The capture program (default `tcpdump` from PATH); tests point it at a missing one. */
  tool?: string;
}

/** Probes the machine and, when it can capture, sets up the one capture of the server. */
export async function setUpCapture(
  setup: CaptureSetup | undefined,
  sessions: () => Iterable<WireSession>,
  serverPort: () => number,
): Promise<{ capability: CaptureCapability; service: CaptureService | undefined }> {
  const snaplen = setup?.snaplen ?? DEFAULT_SNAPLEN;
  const maxBytesPerSession = setup?.maxBytesPerSession ?? DEFAULT_MAX_CAPTURE_BYTES_PER_SESSION;
  if (!setup?.enabled) {
    return {
      capability: {
        available: false,
        reason: 'Capture is turned off on this server (--capture off).',
        enable: 'npm start -- --capture on',
      },
      service: undefined,
    };
  }
  const probed = await probeCapture(5000, setup.tool);
  const capability: CaptureCapability = probed.available ? { ...probed, snaplen, maxBytesPerSession } : probed;
  if (!capability.available) return { capability, service: undefined };
  return {
    capability,
    service: new CaptureService({ capability, sessions, serverPort, snaplen, maxBytesPerSession, tool: setup.tool }),
  };
}
