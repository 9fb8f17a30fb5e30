// Each role's main journey through the web app, in a real browser against the real api and database: the
// coordinator opens a review, staffs it, adds a deliverable and moves it; an auditor records a finding with evidence
// and submits it; the coordinator approves it; a manager requests a milestone PDF and downloads it; a non-member
// finds nothing.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { pdf } from '../fixtures/evidence/files';
import { TestApp, type TestUser } from '../support/test-app';
import { launch, PageProblems, personFor, signIn } from './support/browser';

/** A browser journey takes seconds; a report waits for the queue as well. */
const JOURNEY_MS = 120_000;

describe('web app: the main journeys', () => {
  let t: TestApp;
  let browser: Browser;
  const problems = new PageProblems();
  let coordinator: TestUser;
  let auditor: TestUser;
  let manager: TestUser;
  let outsider: TestUser;
  let institution: string;
  let reviewId: string;
  const reviewTitle = 'Public Procurement Review of ISSSTESON';
  const findingTitle = 'Direct awards without written justification';

  beforeAll(async () => {
    t = await TestApp.start();
    browser = await launch();
    [coordinator, auditor, manager, outsider] = await Promise.all([
      t.user('Carmen Coordinator'),
      t.user('Arturo Auditor'),
      t.user('Marta Manager'),
      t.user('Oscar Outsider'),
    ]);
    institution = (await t.institution('ISSSTESON')).id;
  }, JOURNEY_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    // Nothing on any page may have logged an error or broken the content security policy.
    expect(problems.take()).toEqual([]);
  });

  const openReview = async (page: Page) => {
    await page.getByRole('link', { name: reviewTitle }).click();
    await page.getByRole('heading', { level: 1, name: reviewTitle }).waitFor();
  };

  it(
    'lets a coordinator open a review, staff it, add a deliverable and move it on the board',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, coordinator);
      await page.getByRole('link', { name: 'New review' }).click();
      await page.getByLabel('Title').fill(reviewTitle);
      await page.getByLabel('Institution').selectOption({ value: institution });
      await page.getByLabel('Starts on').fill(new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10));
      await page.getByRole('button', { name: 'Create review' }).click();
      await page.getByRole('heading', { level: 1, name: reviewTitle }).waitFor();
      reviewId = /\/reviews\/([0-9a-f-]{36})/.exec(page.url())![1];
      await expectText(page.locator('.review-meta'), 'Coordinator');

      // The team: the auditor and the manager join by their account ids.
      await page.getByRole('navigation', { name: 'Review sections' }).getByRole('link', { name: 'Team' }).click();
      for (const [person, role] of [
        [auditor, 'auditor'],
        [manager, 'manager'],
      ] as const) {
        await page.getByLabel('Account id').fill(person.id);
        await page.getByLabel('Role', { exact: true }).selectOption(role);
        await page.getByRole('button', { name: 'Add', exact: true }).click();
        await page.getByRole('row', { name: new RegExp(person.name) }).waitFor();
      }

      // A deliverable, then its first move: only the workflow's moves are offered, as buttons.
      await page
        .getByRole('navigation', { name: 'Review sections' })
        .getByRole('link', { name: 'Deliverables' })
        .click();
      await page.getByRole('button', { name: 'Add deliverable' }).click();
      await page.getByLabel('Title').fill('Diagnostic report');
      await page.getByLabel('Kind').selectOption('report');
      await page.getByLabel('Due on').fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
      await page.getByLabel('Owner').selectOption({ label: `${auditor.name} (Auditor)` });
      await page.getByRole('button', { name: 'Create deliverable' }).click();
      const planned = page.getByRole('region', { name: /^Planned/ });
      const card = planned.getByRole('article', { name: 'Diagnostic report' });
      await card.waitFor();
      const moves = card.getByRole('group', { name: 'Moves for “Diagnostic report”' }).getByRole('button');
      await expect(moves.allTextContents()).resolves.toEqual(['Start work', 'Cancel']);
      await card.getByRole('button', { name: 'Move “Diagnostic report” to In progress' }).click();
      const moved = page
        .getByRole('region', { name: /^In progress/ })
        .getByRole('article', { name: 'Diagnostic report' });
      await moved.waitFor();
      await expect(planned.getByRole('article').count()).resolves.toBe(0);
      await expect(
        moved.getByRole('group', { name: 'Moves for “Diagnostic report”' }).getByRole('button').allTextContents(),
      ).resolves.toEqual(['Send for review', 'Cancel']);

      const row = (await t.db.query('SELECT status FROM deliverables WHERE review_id = $1', [reviewId])).rows;
      expect(row).toEqual([{ status: 'in_progress' }]);
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    'lets an auditor record a finding, attach evidence with progress, and submit it',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, auditor);
      await openReview(page);
      await page.getByRole('navigation', { name: 'Review sections' }).getByRole('link', { name: 'Findings' }).click();
      await page.getByRole('link', { name: 'New finding' }).click();
      await page.getByLabel('Title').fill(findingTitle);
      await page.getByLabel('Focus area').selectOption({ index: 1 });
      await page
        .getByRole('group', { name: 'Principles' })
        .getByLabel(/Transparency/)
        .check();
      await page.getByLabel('Condition').fill('Most contracts were awarded directly, with no written justification.');
      await page.getByLabel('Criteria').fill('Competitive tendering is the rule; exceptions must be justified.');
      await page.getByLabel('Cause').fill('No control checks the justification before the award.');
      await page.getByLabel('Effect').fill('Higher prices and a risk of favouritism.');
      await page.getByLabel('Likelihood').selectOption('4');
      await page.getByLabel('Impact').selectOption('4');
      await expectText(page.locator('.rating-preview'), 'High');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { level: 2, name: findingTitle }).waitFor();
      await expectText(page.locator('.finding-header'), 'Draft');

      // Evidence goes up with a progress bar, then is listed with its checksum.
      await page.getByLabel('Attach a file').setInputFiles({
        name: 'contracts-2016.pdf',
        mimeType: 'application/pdf',
        buffer: pdf('Contratos adjudicados directamente en 2016'),
      });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByText('contracts-2016.pdf').waitFor();
      await page.getByRole('status').filter({ hasText: 'File uploaded.' }).waitFor();

      await page.getByRole('button', { name: 'Submit for review' }).click();
      await expectText(page.locator('.finding-header'), 'In review');
      // An auditor may neither approve nor edit a finding under review; nothing offers it.
      await expect(page.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
      const finding = (await t.db.query('SELECT status, rating FROM findings WHERE review_id = $1', [reviewId])).rows;
      expect(finding).toEqual([{ status: 'in_review', rating: 'high' }]);
      const evidence = await t.db.query('SELECT filename FROM evidence');
      expect(evidence.rows).toEqual([{ filename: 'contracts-2016.pdf' }]);
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    'lets the coordinator find the finding in the register and approve it',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, coordinator);
      await openReview(page);
      await page.getByRole('navigation', { name: 'Review sections' }).getByRole('link', { name: 'Findings' }).click();
      await page.getByLabel('Status').selectOption('in_review');
      await page.getByLabel('Search', { exact: true }).fill('JUSTIFICATION awards');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('link', { name: findingTitle }).click();
      await page.getByRole('button', { name: 'Approve' }).click();
      await expectText(page.locator('.finding-header'), 'Approved');
      await page.getByText(/Approved findings are read-only/).waitFor();
      await expect(page.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Reopen' }).count()).resolves.toBe(1);
      const { rows } = await t.db.query('SELECT status, approved_by_id FROM findings WHERE review_id = $1', [reviewId]);
      expect(rows).toEqual([{ status: 'approved', approved_by_id: coordinator.id }]);
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    'lets a manager request a milestone PDF, watch it finish and download it',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems, { acceptDownloads: true });
      await signIn(page, manager);
      await openReview(page);
      // A manager is offered no moves on the board and no new findings.
      await page
        .getByRole('navigation', { name: 'Review sections' })
        .getByRole('link', { name: 'Deliverables' })
        .click();
      await page.getByRole('article', { name: 'Diagnostic report' }).waitFor();
      await expect(page.getByRole('button', { name: /^Move/ }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Add deliverable' }).count()).resolves.toBe(0);

      await page.getByRole('navigation', { name: 'Review sections' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByLabel('Report', { exact: true }).selectOption('milestone');
      await page.getByLabel('Format').selectOption('pdf');
      await page.getByLabel('Language').last().selectOption('es');
      await page.getByRole('button', { name: 'Request report' }).click();
      const download = page.getByRole('button', { name: 'Download Milestone report · PDF · Español' });
      await download.waitFor({ timeout: 60_000 });
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toMatch(/\.pdf$/);
      const bytes = readFileSync(await file.path());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    'shows a non-member no trace of the review: not in their list, and not found at its address',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, outsider);
      await expect(page.getByRole('link', { name: reviewTitle }).count()).resolves.toBe(0);
      await page.goto(`/reviews/${reviewId}/findings`);
      await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
      await page.getByText('This review does not exist, or you are not a member of it.').waitFor();
      await expect(page.getByText(findingTitle).count()).resolves.toBe(0);
      await context.close();
    },
    JOURNEY_MS,
  );
});

/** Waits until the element's text contains `text` (the page updates after the api answers). */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}
