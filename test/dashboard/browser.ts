/**
 * The dashboard's browser tests: Debian's Chromium (/usr/bin/chromium) driven by playwright-core, against
 * a real Loremaster on 127.0.0.1 serving the built bundle (dist/dashboard). Missing Chromium or a missing
 * bundle fails the test with what to do (never a skip). Screenshots go to artifacts/dashboard/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DASHBOARD_DIR } from '../../src/api/dashboard.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve('artifacts/dashboard');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DashboardBrowser {
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors since the last `takeErrors()`. */
  takeErrors(): string[];
  screenshot(name: string): Promise<string>;
}

export async function openBrowser(): Promise<DashboardBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the dashboard tests need a real browser. Install it with ` +
        '`apt-get install -y chromium` (.ci/run does this when it is missing).',
    );
  if (!existsSync(join(DASHBOARD_DIR, 'index.html')))
    throw new Error(
      `The dashboard is not built (${DASHBOARD_DIR}index.html is missing): run \`npm run build\` ` +
        '(or `npm run build:dashboard`), or run the tests without LOREMASTER_TEST_NO_BUILD=1.',
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  let errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return {
    browser,
    page,
    takeErrors() {
      const taken = errors;
      errors = [];
      return taken;
    },
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
