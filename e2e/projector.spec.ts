import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { LogPage } from './pages/LogPage';

test.use({ locale: 'en-GB' });

type Look = { scheme: 'light' | 'dark'; large: boolean };
const LOOKS: Look[] = [
  { scheme: 'light', large: false },
  { scheme: 'dark', large: false },
  { scheme: 'light', large: true },
  { scheme: 'dark', large: true },
];
const name = (l: Look) => `${l.scheme}${l.large ? '-large' : ''}`;

/** A class's demo: a call with a greeting and a goodbye, one side hung up, and a UDP socket — five telephones. */
async function demo(page: Page) {
  const stage = new StagePage(page);
  await stage.open();
  const { server, client } = await stage.call({ server: 'server', client: 'client' });
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  await stage.act(callee!, 'close');
  await stage.expectPhase(client, 'closed');
  await stage.createSocket({ proto: 'udp', label: 'postcards' });
  await stage.createSocket({ proto: 'tcp', label: 'spare' });
  await expect(stage.sockets).toHaveCount(5);
  return stage;
}

async function setLook(page: Page, look: Look) {
  await page.emulateMedia({ colorScheme: look.scheme });
  const button = page.getByRole('button', { name: /Large text/ });
  if ((await button.getAttribute('aria-pressed')) !== String(look.large)) await button.click();
  await expect(button).toHaveAttribute('aria-pressed', String(look.large));
}

/** Every text of the page against its background, WCAG AA (4.5:1), as axe-core measures it. */
async function contrastViolations(page: Page) {
  // Counts the animations that start, so that a measure taken while one played is taken again.
  await page.evaluate(() => {
    const w = window as unknown as { animationStarts?: number };
    if (w.animationStarts !== undefined) return;
    w.animationStarts = 0;
    document.addEventListener('animationstart', () => {
      w.animationStarts = (w.animationStarts ?? 0) + 1;
    });
  });
  const starts = () => page.evaluate(() => (window as unknown as { animationStarts: number }).animationStarts);
  // Measured once the entry animations (a caption fading in) have played; endless ones (a ringing
  // telephone) do not touch the text's colour. A new one during the measure (the kernel's next state
  // arriving on the caption) means the measure read a fading frame: it is taken again, a bounded number of times.
  for (let attempt = 1; ; attempt++) {
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document
              .getAnimations()
              .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity).length,
        ),
      )
      .toBe(0);
    const before = await starts();
    const result = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
    if ((await starts()) !== before && attempt < 5) continue;
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? v.help}`.slice(0, 300)),
    );
  }
}

/** The diagram is SVG, which axe does not measure: each text's fill against the diagram's paper. */
async function svgContrast(page: Page) {
  return page.getByTestId('sequence').evaluate((root) => {
    const lum = (hex: string) => {
      const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
      if (!m) return null;
      const [r, g, b] = m.slice(1).map((h) => {
        const c = parseInt(h, 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const paper = root.querySelector('svg rect')!.getAttribute('fill')!;
    const lp = lum(paper)!;
    const bad: string[] = [];
    for (const t of Array.from(root.querySelectorAll('svg text'))) {
      const fill = t.getAttribute('fill') ?? '';
      const lf = lum(fill);
      if (lf === null) {
        bad.push(`unreadable fill ${fill}`);
        continue;
      }
      const ratio = (Math.max(lf, lp) + 0.05) / (Math.min(lf, lp) + 0.05);
      if (ratio < 4.5) bad.push(`${t.textContent}: ${fill} on ${paper} = ${ratio.toFixed(2)}`);
    }
    return { paper, bad };
  });
}

/**
 * axe leaves the stage's cards "incomplete" (they sit on a gradient): each card text's colour,
 * with every opacity between it and the card, against the card's own background.
 */
async function cardContrast(page: Page) {
  return page.getByTestId('socket').evaluateAll((cards) => {
    const rgba = (c: string) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      const [r = 0, g = 0, b = 0, a = 1] = (m?.[1] ?? '0,0,0,0')
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r, g, b, a };
    };
    type C = { r: number; g: number; b: number; a: number };
    const over = (f: C, b: C, a: number): C => ({
      r: f.r * a + b.r * (1 - a),
      g: f.g * a + b.g * (1 - a),
      b: f.b * a + b.b * (1 - a),
      a: 1,
    });
    const lum = (c: C) => {
      const ch = [c.r, c.g, c.b].map((x) => {
        const v = x / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
    };
    const bad: string[] = [];
    for (const card of cards) {
      const canvas = rgba(getComputedStyle(card.parentElement!).backgroundColor);
      for (const el of Array.from(card.querySelectorAll<HTMLElement>('*'))) {
        const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent?.trim());
        if (!own || el.getClientRects().length === 0) continue;
        let opacity = 1;
        let bg: C | null = null;
        for (let x: HTMLElement | null = el; x; x = x === card ? null : x.parentElement) {
          const st = getComputedStyle(x);
          opacity *= Number(st.opacity);
          const b = rgba(st.backgroundColor);
          if (!bg && b.a > 0.5) bg = b;
        }
        const base = bg ?? canvas;
        const fg = rgba(getComputedStyle(el).color);
        const f = over(over(fg, base, fg.a), canvas, opacity);
        const b = over(base, canvas, opacity);
        const ratio = (Math.max(lum(f), lum(b)) + 0.05) / (Math.min(lum(f), lum(b)) + 0.05);
        if (ratio < 4.5)
          bad.push(`${card.getAttribute('data-socket')} "${el.textContent?.trim().slice(0, 24)}" ${ratio.toFixed(2)}`);
      }
    }
    return bad;
  });
}

test('every text reads at 4.5:1 or more in light, dark and large text: stage, log, timeline, diagram', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await demo(page);
  // The newest row of the log is the cursor's (it was pale yellow with near-white text in dark mode). The
  // newest, whichever it is when read: the kernel's TIME_WAIT countdown keeps adding rows after the demo.
  await page.getByTestId('event-log-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(new LogPage(page).rows.last()).toHaveClass(/is-cursor/);
  for (const look of LOOKS) {
    await setLook(page, look);
    await page.getByRole('button', { name: 'Stage', exact: true }).click();
    await expect(page.getByTestId('socket')).toHaveCount(5);
    expect(await contrastViolations(page), `stage, ${name(look)}`).toEqual([]);
    expect(await cardContrast(page), `cards, ${name(look)}`).toEqual([]);
    await page.screenshot({ path: `e2e/artifacts/projector-stage-${name(look)}-1280.png` });

    await page.getByRole('button', { name: 'Sequence', exact: true }).click();
    await expect(page.getByTestId('sequence-svg')).toBeVisible();
    expect(await contrastViolations(page), `sequence, ${name(look)}`).toEqual([]);
    const svg = await svgContrast(page);
    expect(svg.bad, `diagram text, ${name(look)}`).toEqual([]);
    // Dark mode draws the diagram on a dark paper, not a white canvas.
    if (look.scheme === 'dark') expect(svg.paper).not.toMatch(/^#f|^#e/i);
    await page.screenshot({ path: `e2e/artifacts/projector-sequence-${name(look)}-1280.png` });
  }
});
