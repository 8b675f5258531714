/**
 * A real browser (Debian's Chromium via playwright-core) loads a topic page: the diagram
 * image must load and nothing may log a console error (CSP violations do). Saves
 * test-results/screenshots/topic-page.png (and a phone-sized one). Skips when Chromium is missing.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DiagramRenderer, labelPx, MIN_LABEL_PX, phoneLayout } from '../../../src/core/diagram/index.js';
import { Engine } from '../../../src/core/engine.js';
import { CONTENT_SECURITY_POLICY, rendererStore } from '../../../src/adapters/http/index.js';
import { fixtureEngine, startTestServer, type TestServer } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser.test: skipped, ${CHROMIUM} not found (apt-get install -y chromium)`);

/** The few browser globals used inside page.evaluate (the project's tsconfig has no DOM lib). */
interface BrowserGlobals {
  getComputedStyle(el: unknown): { borderLeftWidth: string };
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

describe.skipIf(!hasChromium)('topic page in Chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let engine: Engine;
  const renderer = new DiagramRenderer();

  beforeAll(async () => {
    engine = await fixtureEngine();
    t = await startTestServer({
      engine: () => engine,
      diagrams: rendererStore(renderer, () => engine),
      publicBaseUrl: 'https://dialtone.example.org',
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.server.close();
  });

  async function visit(path: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning')
        problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) =>
      problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`),
    );
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    const response = await page.goto(t.base + path, { waitUntil: 'load' });
    return { context, page, problems, response };
  }

  it('loads the diagram with no console errors and saves screenshots', async () => {
    const { context, page, problems, response } = await visit('/topics/fxs', { width: 1100, height: 900 });
    expect(response?.status()).toBe(200);
    const img = page.locator('figure.diagram img');
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { complete: boolean }).complete))
      .toBe(true);
    const naturalWidth = await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);
    expect(naturalWidth).toBeGreaterThan(0);
    // The stylesheet applied (CSP allows 'self' styles): the caution box has its border.
    const border = await page
      .locator('.caution')
      .evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).borderLeftWidth);
    expect(border).toBe('6px');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}topic-page.png`, fullPage: true });
    await context.close();

    const phone = await visit('/topics/fxs', { width: 390, height: 844 });
    const overflow = await phone.page.evaluate(() => {
      const { documentElement: root } = (globalThis as unknown as BrowserGlobals).document;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0); // no sideways scrolling on a phone
    await phone.page.screenshot({ path: `${SCREENSHOTS}topic-page-mobile.png`, fullPage: true });
    await phone.context.close();

    expect([...problems, ...phone.problems]).toEqual([]);
  }, 60_000);

  it('diagram labels on a 390 px phone are at least 10 CSS px; a wide screen gets the SVG', async () => {
    /** What the browser shows: which file it picked and at what size. */
    const shown = async (viewport: { width: number; height: number }) => {
      const v = await visit('/topics/fxs', viewport);
      const img = v.page.locator('figure.diagram img');
      await expect
        .poll(() => img.evaluate((el) => (el as unknown as { complete: boolean }).complete))
        .toBe(true);
      const box = await img.evaluate((el) => {
        const i = el as unknown as {
          currentSrc: string;
          naturalWidth: number;
          naturalHeight: number;
          getBoundingClientRect(): { width: number };
        };
        return {
          src: i.currentSrc,
          width: i.getBoundingClientRect().width,
          naturalWidth: i.naturalWidth,
          naturalHeight: i.naturalHeight,
        };
      });
      await v.context.close();
      expect(v.problems).toEqual([]);
      return box;
    };

    const phone = await shown({ width: 390, height: 844 });
    expect(phone.src).toMatch(/\/diagrams\/phone-ata-router\.png$/);
    // The PNG is drawn from the phone layout: same proportions, so its label sizes apply.
    const source = engine.kb.diagrams.get('phone-ata-router')!;
    const rendered = await renderer.render(source);
    const layout = await phoneLayout(source.dot, rendered.svg);
    const [, w, h] = /width="([\d.]+)pt" height="([\d.]+)pt"/.exec(layout.svg)!.map(Number);
    expect(phone.naturalHeight / phone.naturalWidth).toBeCloseTo(h! / w!, 2);
    const smallest = labelPx(layout.svg, phone.width);
    expect(smallest).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    // Control: the desktop drawing squeezed into the same width would be unreadable.
    expect(labelPx(rendered.svg, phone.width)).toBeLessThan(MIN_LABEL_PX);

    const wide = await shown({ width: 1100, height: 900 });
    expect(wide.src).toMatch(/\/diagrams\/phone-ata-router\.svg$/);
    expect(wide.naturalWidth).toBeGreaterThan(0);
  }, 60_000);

  it('a diagram too wide even top to bottom scrolls sideways on a 390 px phone, labels at least 10 px', async () => {
    // A diagram whose phone layout still has labels under 10 px at 320 px: the knowledge's PBX
    // patterns diagram as it was before its re-layout (session 13), kept as a fixture.
    const dot = readFileSync(
      fileURLToPath(new URL('../../fixtures/diagrams/too-wide-for-a-phone.dot', import.meta.url)),
      'utf8',
    );
    const source = { id: 'phone-ata-router', dot, file: 'too-wide-for-a-phone.dot' };
    const wideEngine = new Engine({ ...engine.kb, diagrams: new Map([[source.id, source]]) });
    const rendered = await renderer.render(source);
    const layout = await phoneLayout(dot, rendered.svg);
    expect(layout.labelPx).toBeLessThan(MIN_LABEL_PX); // the case this test is about
    const wide = await startTestServer({
      engine: () => wideEngine,
      diagrams: rendererStore(renderer, () => wideEngine),
    });
    try {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      await page.goto(`${wide.base}/topics/fxs`, { waitUntil: 'load' });
      const img = page.locator('figure.diagram img');
      await expect
        .poll(() => img.evaluate((el) => (el as unknown as { complete: boolean }).complete))
        .toBe(true);
      const seen = await page.evaluate(() => {
        const g = globalThis as unknown as BrowserGlobals & {
          document: {
            querySelector(s: string): {
              scrollWidth: number;
              clientWidth: number;
              getBoundingClientRect(): { width: number };
            };
          };
        };
        const root = g.document.documentElement;
        const frame = g.document.querySelector('figure.diagram .diagram-frame');
        return {
          page: root.scrollWidth - root.clientWidth,
          frame: frame.scrollWidth - frame.clientWidth,
          img: g.document.querySelector('figure.diagram img').getBoundingClientRect().width,
        };
      });
      expect(labelPx(layout.svg, seen.img)).toBeGreaterThanOrEqual(MIN_LABEL_PX - 0.05);
      expect(seen.frame).toBeGreaterThan(0); // the diagram scrolls inside its frame ...
      expect(seen.page).toBeLessThanOrEqual(0); // ... not the page
      await page.screenshot({ path: `${SCREENSHOTS}topic-wide-diagram-mobile.png` });
      await context.close();
      // On a wide screen the same figure is fitted to the column again.
      const desk = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
      const deskPage = await desk.newPage();
      await deskPage.goto(`${wide.base}/topics/fxs`, { waitUntil: 'load' });
      const deskWidth = await deskPage.evaluate(() => {
        const g = globalThis as unknown as {
          document: { querySelector(s: string): { scrollWidth: number; clientWidth: number } };
        };
        const frame = g.document.querySelector('figure.diagram .diagram-frame');
        return frame.scrollWidth - frame.clientWidth;
      });
      expect(deskWidth).toBeLessThanOrEqual(0);
      await desk.close();
    } finally {
      await wide.server.close();
    }
  }, 60_000);

  it('the device catalogue on a 390 px phone stacks each device with its ports on screen', async () => {
    const phone = await visit('/devices', { width: 390, height: 844 });
    const { overflow, offscreen } = await phone.page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals & {
        document: { querySelectorAll(s: string): Iterable<{ getBoundingClientRect(): { right: number } }> };
        innerWidth: number;
      };
      const root = g.document.documentElement;
      const cells = [...g.document.querySelectorAll('table.devices td')];
      return {
        overflow: root.scrollWidth - root.clientWidth,
        offscreen: cells.filter((c) => c.getBoundingClientRect().right > g.innerWidth).length,
      };
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(offscreen).toBe(0); // the FXS/FXO columns are not hidden off to the right
    mkdirSync(SCREENSHOTS, { recursive: true });
    await phone.page.screenshot({ path: `${SCREENSHOTS}devices-mobile.png`, fullPage: true });
    await phone.context.close();
    expect(phone.problems).toEqual([]);
  }, 60_000);

  it('the console check does catch CSP violations (control)', async () => {
    // A page served with the same CSP but using an inline style and script must be reported.
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      });
      res.end(
        '<!doctype html><title>x</title><style>body{color:red}</style><p style="color:red">x</p><script>1</script>',
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'load' });
      await expect.poll(() => errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.join('\n')).toContain('Content Security Policy');
      await context.close();
    } finally {
      await new Promise((done) => server.close(done));
    }
  }, 60_000);

  it('index, devices and search pages load cleanly too', async () => {
    for (const path of [
      '/',
      '/devices',
      '/devices/acme-ata2',
      '/search?q=what+is+fxs',
      '/topics/injection-test',
    ]) {
      const { context, problems, response } = await visit(path, { width: 1100, height: 900 });
      expect(response?.status(), path).toBe(200);
      expect(problems, path).toEqual([]);
      await context.close();
    }
  }, 60_000);
});
