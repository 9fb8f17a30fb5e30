// The session in the browser, and editing safely: the pair is renewed before the access token expires, a reload
// keeps the session but a new tab does not, a revoked session sends the user to sign-in saying why, sign-out ends
// the session on the server, a stale edit offers to reload and keeps what was typed, and an admin reaches the queue
// dashboard from the app; a quick language switch ends in the last language chosen.
import type { Browser } from 'playwright-core';
import { TestApp, type TestUser } from '../support/test-app';
import { until } from '../support/wait';
import { launch, PageProblems, personFor, signIn } from './support/browser';

const BROWSER_MS = 120_000;

describe('web app: sessions and stale edits', () => {
  let t: TestApp;
  let browser: Browser;
  const problems = new PageProblems();
  let team: Awaited<ReturnType<TestApp['reviewTeam']>>;

  beforeAll(async () => {
    // The shortest access token the configuration allows, so the app must renew it during the test.
    t = await TestApp.start({ JWT_ACCESS_TTL_SECONDS: '30' });
    [browser, team] = await Promise.all([launch(), t.reviewTeam()]);
  }, BROWSER_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => expect(problems.take()).toEqual([]));

  const sessions = async (user: TestUser) =>
    (
      await t.db.query(
        `SELECT count(*) FILTER (WHERE used_at IS NOT NULL)::int AS used,
                count(*) FILTER (WHERE revoked_at IS NOT NULL)::int AS revoked
           FROM refresh_tokens WHERE user_id = $1`,
        [user.id],
      )
    ).rows[0] as { used: number; revoked: number };

  it(
    'renews the tokens before the access token expires, keeps the session over a reload, not in a new tab',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.manager);
      const before = await sessions(team.manager);
      // Renewed a minute before expiry, or at once for a token shorter than that: well within the test.
      await page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
      expect((await sessions(team.manager)).used).toBe(before.used + 1);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'My reviews' }).waitFor();
      await page.getByRole('link', { name: 'Review', exact: true }).waitFor();

      const other = await context.browser()!.newContext({ baseURL: t.baseUrl });
      const tab = problems.watch(await other.newPage());
      await tab.goto(`/reviews/${team.reviewId}`);
      await tab.getByRole('heading', { name: 'Sign in to Vigía' }).waitFor();
      expect(new URL(tab.url()).searchParams.get('next')).toBe(`/reviews/${team.reviewId}`);
      await other.close();
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'sends the user to sign-in, saying the session ended, when it is ended elsewhere, then back to the page',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.auditor);
      await page.getByRole('link', { name: 'Review', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Review', exact: true }).waitFor();
      // An admin deactivates the account: its access tokens stop working and its sessions are revoked.
      const admin = await t.admin();
      const setActive = async (active: boolean) => {
        const current = await t.get(`/users/${team.auditor.id}`, admin.token);
        await t.patch(`/users/${team.auditor.id}`, { active, version: current.body.version }, admin.token);
      };
      await setActive(false);
      await page.getByRole('navigation', { name: 'Review sections' }).getByRole('link', { name: 'Findings' }).click();
      await page.getByRole('heading', { name: 'Sign in to Vigía' }).waitFor();
      await page.getByText('Your session has ended. Please sign in again.').waitFor();

      await setActive(true);
      await page.getByLabel('E-mail').fill(team.auditor.email);
      await page.getByLabel('Password').fill(team.auditor.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 2, name: 'Findings register' }).waitFor();
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'signs out: the refresh token is revoked on the server and the pages ask for sign-in again',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.coordinator);
      const before = await sessions(team.coordinator);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout') && r.status() === 204),
        page.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      await page.getByRole('heading', { name: 'Sign in to Vigía' }).waitFor();
      expect((await sessions(team.coordinator)).revoked).toBeGreaterThan(before.revoked);
      await page.goto(`/reviews/${team.reviewId}`);
      await page.getByRole('heading', { name: 'Sign in to Vigía' }).waitFor();
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'offers to reload a finding changed by someone else, keeping the edits typed meanwhile',
    async () => {
      const created = await t.post(
        `/reviews/${team.reviewId}/findings`,
        {
          title: 'Tender notices published with short deadlines',
          focusAreaId: (await t.db.query('SELECT id FROM focus_areas ORDER BY position LIMIT 1')).rows[0].id,
          principleCodes: ['access'],
          condition: 'Deadlines of five days.',
          criteria: 'At least fifteen days.',
          cause: 'No planning.',
          effect: 'Fewer bidders.',
          likelihood: 3,
          impact: 3,
        },
        team.auditor.token,
      );
      const id = created.body.id as string;
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.coordinator);
      await page.goto(`/reviews/${team.reviewId}/findings/${id}`);
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Cause').fill('No procurement planning at all.');

      // Meanwhile the auditor changes the effect and saves.
      const auditor = await t.login(team.auditor.email, team.auditor.password);
      expect((await t.patch(`/findings/${id}`, { effect: 'Only one bidder.', version: 1 }, auditor.token)).status).toBe(
        200,
      );

      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Someone else changed this since you opened it.').waitFor();
      await expect(page.getByLabel('Cause').inputValue()).resolves.toBe('No procurement planning at all.');
      await page.getByRole('button', { name: 'Reload the latest version' }).click();
      await page.getByText('Latest version loaded.').waitFor();
      // Their change is taken in, the typed one kept; saving now succeeds and loses neither.
      await expect(page.getByLabel('Effect').inputValue()).resolves.toBe('Only one bidder.');
      await expect(page.getByLabel('Cause').inputValue()).resolves.toBe('No procurement planning at all.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('button', { name: 'Edit' }).waitFor();
      const { rows } = await t.db.query('SELECT cause, effect, version FROM findings WHERE id = $1', [id]);
      expect(rows).toEqual([{ cause: 'No procurement planning at all.', effect: 'Only one bidder.', version: 3 }]);
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'takes an admin to the queue dashboard from the app without signing in again',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, await t.admin());
      await page.getByRole('button', { name: 'Queue dashboard' }).click();
      await page.waitForURL('**/admin/queues');
      await expect(page.title()).resolves.toMatch(/Vigía queues/);
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'offers no admin pages to a user, and refuses the address when typed',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.manager);
      await expect(page.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Queue dashboard' }).count()).resolves.toBe(0);
      await page.goto('/admin/users');
      await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'ends a quick language switch in the last language chosen, on screen and on the account, whatever answers first',
    async () => {
      const user = await t.user('Switcher');
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, user);
      // The save of Spanish answers late, as on a slow network: English is chosen again before it comes back.
      let spanishSaved!: () => void;
      const spanishAnswered = new Promise<void>((resolve) => (spanishSaved = resolve));
      await page.route('**/api/v1/me', async (route) => {
        const request = route.request();
        if (request.method() === 'PATCH' && (request.postDataJSON() as { locale?: string }).locale === 'es') {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await route.continue();
          spanishSaved();
          return;
        }
        await route.continue();
      });
      await page.getByLabel('Language').selectOption('es');
      await page.getByLabel('Idioma').selectOption('en');
      await spanishAnswered;
      await page.waitForTimeout(500);
      await page.getByLabel('Language').waitFor();
      await expect(page.getByLabel('Idioma').count()).resolves.toBe(0);
      await until(
        'the account to hold English',
        async () => (await t.db.query<{ locale: string }>('SELECT locale FROM users WHERE id = $1', [user.id])).rows[0],
        (row) => row.locale === 'en',
      );
      await expect(page.getByLabel('Idioma').count()).resolves.toBe(0);
      await context.close();
    },
    BROWSER_MS,
  );
});
