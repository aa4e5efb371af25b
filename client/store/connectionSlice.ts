import type { StateCreator } from 'zustand';
import type { CommandInput, Reply, ReplyError, WelcomeFrame } from '../../shared/protocol';
import { DISCONNECTED } from '../../shared/protocolValues';
import type { ConnectionStatus } from '../connection/Connection';
import type { AlloState } from './index';

/** Sends one command; resolves with its reply, typed by the command's op. */
export type SendCommand = <C extends CommandInput>(command: C) => Promise<Reply<C['op'], ReplyError>>;

export interface ConnectionSlice {
  /** 'offline' when the page plays a recording with no server. */
  status: ConnectionStatus;
  welcome: WelcomeFrame | null;
  /** Events the server had to shed for this session (should stay 0). */
  shed: number;
  /** Sends a command to the session; resolves with its one reply. */
  send: SendCommand;
  setStatus(status: ConnectionStatus): void;
  setWelcome(welcome: WelcomeFrame): void;
  setShed(shed: number): void;
  /** Wired by main.tsx to the real Connection; replaced in tests. */
  setTransport(send: SendCommand): void;
  /** This tab was a copy of another (same token): it has its own session, and says so. */
  ownSession: boolean;
  /** After an eviction, resumes the session in this page (wired to the Connection). */
  takeBack(): void;
}

const noTransport: SendCommand = async () => ({
  ok: false,
  error: { code: DISCONNECTED, message: 'Not connected to an Allô server.' },
});

export const createConnectionSlice: StateCreator<AlloState, [], [], ConnectionSlice> = (set) => ({
  status: 'connecting',
  welcome: null,
  shed: 0,
  send: noTransport,
  setStatus: (status) => set({ status }),
  setWelcome: (welcome) => set({ welcome }),
  setShed: (shed) => set({ shed }),
  setTransport: (send) => set({ send }),
  ownSession: false,
  takeBack: () => {},
});
