/**
 * The wiring advisor's page in a real browser (Debian's Chromium via playwright-core): the
 * generated diagram loads, nothing logs a console error (CSP violations do), a phone never
 * scrolls sideways. Saves test-results/screenshots/wire-page(-mobile).png. Skips without Chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { rendererStore } from '../../../src/adapters/http/index.js';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import type { Engine } from '../../../src/core/engine.js';
import { fixtureEngine, startTestServer, type TestServer } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

describe.skipIf(!existsSync(CHROMIUM))('the /wire page in Chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let engine: Engine;

  beforeAll(async () => {
    engine = await fixtureEngine();
    t = await startTestServer({
      engine: () => engine,
      diagrams: rendererStore(new DiagramRenderer(), () => engine),
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.server.close();
  });

  it.each([
    ['wire-page', { width: 1100, height: 900 }],
    ['wire-page-mobile', { width: 390, height: 844 }],
  ])(
    '%s: the diagram loads, no console errors, no sideways scrolling',
    async (name, viewport) => {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      const response = await page.goto(`${t.base}/wire/analog-phone/ip-pbx-asterisk?count=24`, {
        waitUntil: 'load',
      });
      expect(response?.status()).toBe(200);
      const img = page.locator('figure.diagram img');
      await expect
        .poll(() => img.evaluate((el) => (el as unknown as { complete: boolean }).complete))
        .toBe(true);
      expect(
        await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
      ).toBeGreaterThan(0);
      const overflow = await page.evaluate(() => {
        const root = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
      await context.close();
      expect(problems).toEqual([]);
    },
    60_000,
  );
});
