import type { Locator, Page } from '@playwright/test';
import type { ArrowKind, Fate } from '../../client/features/sequence/model/types';

/**
 * The sequence diagram as a student reads it: a lifeline per socket, an arrow
 * per call or postcard, and the wire's real segments beside them. Reads the
 * page contract: seq-arrow (data-kind, data-sent, data-received, data-fate),
 * wire-arrow (data-label, data-from, data-to), sequence-heads.
 */
export class SequencePage {
  constructor(readonly page: Page) {}

  /** The diagram's arrows drawn from the calls, of one kind (syn, data, fin, datagram…) or all of them. */
  arrows(kind?: ArrowKind): Locator {
    return this.page.locator(kind ? `[data-testid="seq-arrow"][data-kind="${kind}"]` : '[data-testid="seq-arrow"]');
  }

  /** The data arrows that end in one recv() (by that event's seq): several send()s can converge on it. */
  dataInto(received: number): Locator {
    return this.page.locator(`[data-testid="seq-arrow"][data-kind="data"][data-received="${received}"]`);
  }

  /** The postcards' arrows with one fate (arrived, in flight, or nowhere: no one had that number). */
  datagrams(fate: Fate): Locator {
    return this.page.locator(`[data-testid="seq-arrow"][data-kind="datagram"][data-fate="${fate}"]`);
  }

  /** A real segment drawn on the wire layer, by its flags and length ("SYN", "SYN,ACK", "PSH,ACK 9"…). */
  wireArrow(label: string): Locator {
    return this.page.locator(`[data-testid="wire-arrow"][data-label="${label}"]`);
  }

  /** The band of lifeline heads at the top, which stays in view while the rows scroll under it. */
  get headBand(): Locator {
    return this.page.locator('[data-testid="sequence-heads"]');
  }

  /** The drawing itself, whose width follows the zoom. */
  get canvas(): Locator {
    return this.page.locator('.sequence-canvas');
  }
}
