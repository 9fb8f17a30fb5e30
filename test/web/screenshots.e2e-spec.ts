// The README's screenshots (docs/screenshots/*.png, 1280x800), taken of a review in full swing as its coordinator
// sees it, and what those pages must show for the pictures to be worth taking: every chart, every filter, every
// precision on the timeline. The language switch is checked on the way: one choice relabels the whole page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { launch, PageProblems, personFor, signIn } from './support/browser';
import { seedShowcase, type Showcase } from './support/showcase';

const BROWSER_MS = 120_000;
const SHOTS = join(process.cwd(), 'docs', 'screenshots');

describe('web app: the pages in the README', () => {
  let t: TestApp;
  let browser: Browser;
  let showcase: Showcase;
  let page: Page;
  const problems = new PageProblems();

  beforeAll(async () => {
    t = await TestApp.start();
    [browser, showcase] = await Promise.all([launch(), seedShowcase(t)]);
    ({ page } = await personFor(browser, t.baseUrl, problems));
    await signIn(page, showcase.coordinator);
    mkdirSync(SHOTS, { recursive: true });
  }, BROWSER_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => expect(problems.take()).toEqual([]));

  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  it(
    'lists the review among the coordinator’s reviews with its status, their role and what is late',
    async () => {
      const row = page.getByRole('row', { name: /Public Procurement Review of ISSSTESON/ });
      await row.getByText('2 overdue deliverables').waitFor();
      await row.getByText('1 late milestone').waitFor();
      await row.getByText('1 overdue recommendation').waitFor();
      await row.getByText('Active').waitFor();
      await row.getByText('Coordinator').waitFor();
    },
    BROWSER_MS,
  );

  it(
    'draws the dashboard: figures, charts with their tables, what is overdue and coming up',
    async () => {
      await page.goto(`/reviews/${showcase.reviewId}`);
      for (const chart of [
        'Deliverables by status',
        'Milestone slippage',
        'Findings by focus area and rating',
        'Recommendations implemented',
      ]) {
        await page.getByRole('figure', { name: chart }).locator('svg.recharts-surface').first().waitFor();
      }
      await page
        .getByRole('region', { name: 'Overdue deliverables' })
        .getByText('Baseline survey of suppliers')
        .waitFor();
      await page
        .getByRole('region', { name: /Coming up/ })
        .getByText('Draft review report')
        .waitFor();
      // Each chart's figures are also there to read.
      const findings = page.getByRole('figure', { name: 'Findings by focus area and rating' });
      await findings.getByText('Show the figures as a table').click();
      await findings.getByRole('row', { name: /Transparency and integrity/ }).waitFor();
      await findings.getByText('Show the figures as a table').click();
      await page.evaluate('window.scrollTo(0, 0)');
      await shoot('dashboard');
    },
    BROWSER_MS,
  );

  it(
    'shows the findings register with its filters, and narrows it by rating and search',
    async () => {
      await page.goto(`/reviews/${showcase.reviewId}/findings`);
      const rows = page.getByRole('table', { name: 'Findings register' }).getByRole('row');
      await rows.filter({ hasText: 'Direct awards without written justification' }).waitFor();
      await expect(rows.count()).resolves.toBe(10);
      await shoot('findings-register');

      await page.getByLabel('Rating').selectOption('critical');
      await rows.filter({ hasText: 'Conflict-of-interest' }).waitFor({ state: 'detached' });
      await expect(rows.count()).resolves.toBe(3);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByLabel('Search', { exact: true }).fill('compranet');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await rows.filter({ hasText: 'Direct awards' }).waitFor({ state: 'detached' });
      await expect(rows.allTextContents()).resolves.toEqual([
        expect.stringContaining('Title'),
        expect.stringContaining('Contracts not registered in CompraNet'),
      ]);
    },
    BROWSER_MS,
  );

  it(
    'draws the timeline: a diamond for a day, a band for a month, quarter, season or year, and today',
    async () => {
      await page.goto(`/reviews/${showcase.reviewId}/timeline`);
      const chart = page.getByRole('img', { name: 'Timeline of the review' });
      await chart.waitFor();
      const table = page.getByRole('table', { name: 'Every item on the timeline' });
      await table.getByRole('row', { name: /Second workshop and launch of the report/ }).waitFor();
      // The season-precision milestone is listed at its precision and drawn over its whole season.
      await expect(
        table
          .getByRole('row', { name: /Second workshop and launch of the report/ })
          .getByRole('cell')
          .nth(2)
          .textContent(),
      ).resolves.toBe('Season');
      await expect(chart.locator('text.gantt-today').textContent()).resolves.toBe('Today');
      await shoot('timeline');
    },
    BROWSER_MS,
  );

  it(
    'relabels every page at once when the language changes, and remembers the choice',
    async () => {
      await page.getByLabel('Language').selectOption('es');
      await page.getByRole('heading', { level: 2, name: 'Cronograma' }).waitFor();
      await page.getByRole('navigation', { name: 'Secciones de la revisión' }).getByText('Hallazgos').waitFor();
      await page.getByRole('table', { name: 'Todos los elementos del cronograma' }).getByText('Estación').waitFor();
      // Remembered on the account (a reload resumes the session and asks the account which language).
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Cronograma' }).waitFor();
      const { rows } = await t.db.query('SELECT locale FROM users WHERE id = $1', [showcase.coordinator.id]);
      expect(rows).toEqual([{ locale: 'es' }]);
      await page.getByLabel('Idioma').selectOption('fr');
      await page.getByRole('heading', { level: 2, name: 'Calendrier' }).waitFor();
      await page.getByLabel('Langue').selectOption('en');
      await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    },
    BROWSER_MS,
  );
});
