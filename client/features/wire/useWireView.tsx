import { type ReactNode, useMemo } from 'react';
import type { Event, EventOf } from '../../../shared/protocol';
import type { World } from '../../../shared/world';
import { useAllo } from '../../store';
import type { DiagramLayout, SequenceModel } from '../sequence';
import { ExportPcapButton } from './ExportPcapButton';
import { WireControls, useWireMode } from './WireControls';
import { WireLayer } from './WireLayer';
import { buildWireLayer, callsFor } from './wireLayerModel';
import './wire.css';

interface Input {
  events: readonly Event[];
  cursor: number;
  model: SequenceModel;
  rowTimes: readonly number[];
  world: World;
  scale: number;
  layout: DiagramLayout;
}

/**
 * Everything the sequence diagram needs to show the wire, behind one hook so
 * the diagram hooks it in with a few lines: the API model for the chosen mode,
 * the layer to draw over it, the controls (switch, export, capture status).
 */
export function useWireView({ events, cursor, model, rowTimes, world, scale, layout }: Input): {
  calls: SequenceModel;
  layer: ReactNode;
  controls: ReactNode;
  /** Real segments are drawn: the "handshake drawn from connect()/accept()" note no longer applies. */
  fromWire: boolean;
} {
  const [mode, setMode] = useWireMode();
  const capability = useAllo((s) => s.welcome?.server.capabilities.capture);
  const arrows = useMemo(
    () => (mode === 'calls' ? [] : buildWireLayer({ events, cursor, model, rowTimes, world })),
    [mode, events, cursor, model, rowTimes, world],
  );
  const status = useMemo(() => {
    let last: EventOf<'capture'> | undefined;
    for (const e of events) {
      if (e.seq > cursor) break;
      if (e.kind === 'capture') last = e;
    }
    return last;
  }, [events, cursor]);
  // With the capture on, the handshake comes from the wire even before its segments are reported (they may
  // be held a moment while their owner is found): no arrows from connect(), no note flashing at each call.
  const hasWire = arrows.length > 0 || status?.state === 'on';
  return {
    calls: callsFor(model, mode, hasWire),
    layer:
      mode === 'calls' || !model.lifelines.length ? null : (
        <WireLayer model={model} arrows={arrows} scale={scale} layout={layout} />
      ),
    controls: (
      <>
        <WireControls mode={mode} onMode={setMode} capability={capability} status={status} />
        <ExportPcapButton />
      </>
    ),
    fromWire: mode !== 'calls' && hasWire,
  };
}
