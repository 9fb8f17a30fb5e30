// Browser tests drive Debian's chromium (or CHROMIUM_PATH's) with playwright-core against the api serving the built
// web app (dist/web). A page that logs an error, breaks the content security policy or throws fails its test.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TestUser } from '../../support/test-app';

export const SCREEN = { width: 1280, height: 800 };

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Fails early and says what to do, rather than timing out on a page that cannot load. */
export function assertPrerequisites(): void {
  if (!existsSync(join(process.cwd(), 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web is missing: build the web app first (npx vite build --config apps/web/vite.config.ts)');
  }
  if (!existsSync(chromiumPath())) {
    throw new Error(`No chromium at ${chromiumPath()}: install Debian's chromium or set CHROMIUM_PATH`);
  }
}

export function launch(): Promise<Browser> {
  assertPrerequisites();
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

/**
 * Everything a page of the app reported that a user would call a bug: console errors, uncaught exceptions, CSP
 * refusals. Pages that are not the app's (the queue dashboard) are not its to answer for.
 */
export class PageProblems {
  private problems: string[] = [];

  watch(page: Page): Page {
    const ours = () => !new URL(page.url()).pathname.startsWith('/admin/queues');
    page.on('console', (message) => {
      // A refused request is reported by the page that made it (the api's 4xx answers are expected in tests).
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()) && ours()) {
        this.problems.push(`console: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => {
      if (ours()) this.problems.push(`page error: ${error.message}`);
    });
    return page;
  }

  /** What was reported since the last call. */
  take(): string[] {
    const taken = this.problems;
    this.problems = [];
    return taken;
  }
}

/** A fresh browser profile (its own sessionStorage) for one person, at a laptop's window size. */
export async function personFor(
  browser: Browser,
  baseUrl: string,
  problems: PageProblems,
  options: { acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: SCREEN,
    locale: 'en-GB',
    timezoneId: 'UTC',
    acceptDownloads: options.acceptDownloads ?? false,
  });
  const page = problems.watch(await context.newPage());
  return { context, page };
}

/** Signs in through the form, as a person would, and waits for their reviews. */
export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My reviews' }).waitFor();
}
