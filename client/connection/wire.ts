import type { Event } from '../../shared/protocol';
import { createFrameBuffer } from '../store/frameBuffer';
import type { AlloStore } from '../store';
import { Connection } from './Connection';
import { applySpotlightFrame } from '../features/class/spotlight';
import { teacherSecret } from '../features/class/teacherSecret';

/**
 * Connects a store to a server: status, welcome, events (applied once per frame)
 * and the `send` transport. Returns the connection so the caller can stop it.
 */
export function wireConnection(store: AlloStore, url = Connection.defaultUrl()): Connection {
  const buffer = createFrameBuffer<Event>((events) => store.getState().appendLive(events));
  let session: string | null = null;
  const connection = new Connection(url, {
    onStatus: (status) => store.getState().setStatus(status),
    onWelcome: (welcome) => {
      // A new session (first visit, or the old one expired): its seq starts over.
      if (!welcome.resumed || (session !== null && session !== welcome.session)) {
        buffer.flushNow();
        store.getState().resetLive();
      }
      session = welcome.session;
      store.getState().setWelcome(welcome);
      store.getState().setClassWelcome(welcome.class);
    },
    onEvents: (events, shed) => {
      // The class's state (frozen, ended, the roster, the phone book) is the present, not a moment of the timeline.
      store.getState().applyClassEvents(events);
      buffer.push(events);
      if (shed !== undefined) store.getState().setLiveShed(shed);
    },
    // While a recording is on screen the live session is parked, still fed: resume from its own head.
    lastSeq: () => store.getState().liveHead(),
    onOwnSession: () => store.setState({ ownSession: true }),
    teacherSecret,
    onSpotlight: (frame) => applySpotlightFrame(store, frame),
    onClassClosed: (why) => store.getState().setClassOver(why),
  });
  store.setState({ takeBack: () => connection.takeBack() });
  store.getState().setTransport((command) => connection.request(command));
  connection.start();
  return connection;
}
