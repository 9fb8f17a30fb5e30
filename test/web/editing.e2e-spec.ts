// Editing in the browser: the coordinator changes a deliverable (through a stale edit and its Reload), a milestone,
// a workshop, the review and its status, and its reminder policy; an auditor records a follow-up of an earlier
// review's recommendation. Each result is checked through the api.
import type { Browser, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { launch, PageProblems, personFor, signIn } from './support/browser';

const BROWSER_MS = 120_000;

describe('web app: editing records', () => {
  let t: TestApp;
  let browser: Browser;
  const problems = new PageProblems();
  let team: Awaited<ReturnType<TestApp['reviewTeam']>>;

  beforeAll(async () => {
    t = await TestApp.start();
    [browser, team] = await Promise.all([launch(), t.reviewTeam()]);
  }, BROWSER_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => expect(problems.take()).toEqual([]));

  const created = async (path: string, body: unknown): Promise<any> => {
    const res = await t.post(path, body, team.coordinator.token);
    if (res.status !== 201) throw new Error(`POST ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const asCoordinator = async (path: string): Promise<{ page: Page; close: () => Promise<void> }> => {
    const { context, page } = await personFor(browser, t.baseUrl, problems);
    await signIn(page, team.coordinator);
    await page.goto(path);
    return { page, close: () => context.close() };
  };

  it(
    'saves a deliverable the coordinator edits, and after someone else saved it first, reloads and keeps the edit',
    async () => {
      const d = await created(`/reviews/${team.reviewId}/deliverables`, {
        title: 'Draft diagnostic',
        kind: 'report',
        dueOn: '2026-09-30',
      });
      const { page, close } = await asCoordinator(`/reviews/${team.reviewId}/deliverables`);
      await page.getByRole('button', { name: 'Edit Draft diagnostic' }).click();
      const form = page.getByRole('form', { name: 'Edit Draft diagnostic' });
      await form.getByLabel('Title').fill('Diagnostic report');
      await form.getByLabel('Kind').selectOption('briefing');
      await form.getByLabel('Owner').selectOption(team.auditor.id);

      // Meanwhile someone moves the due date.
      const other = await t.patch(
        `/deliverables/${d.id}`,
        { dueOn: '2026-10-15', version: d.version },
        team.coordinator.token,
      );
      expect(other.status).toBe(200);
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByRole('button', { name: 'Reload the latest version' }).click();
      await form.getByText('Latest version loaded').waitFor();
      await expect(form.getByLabel('Title').inputValue()).resolves.toBe('Diagnostic report');
      await expect(form.getByLabel('Due on').inputValue()).resolves.toBe('2026-10-15');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { level: 4, name: 'Diagnostic report' }).waitFor();

      const saved = await t.get(`/deliverables/${d.id}`, team.coordinator.token);
      expect(saved.body).toMatchObject({
        title: 'Diagnostic report',
        kind: 'briefing',
        ownerId: team.auditor.id,
        dueOn: '2026-10-15',
        version: d.version + 2,
      });
      await close();
    },
    BROWSER_MS,
  );

  it(
    'saves a milestone edited from the timeline: its planned date and precision, when it was achieved, its deliverable',
    async () => {
      const deliverable = await created(`/reviews/${team.reviewId}/deliverables`, {
        title: 'Final report',
        kind: 'report',
        dueOn: '2026-11-30',
      });
      const m = await created(`/reviews/${team.reviewId}/milestones`, {
        title: 'Report launch',
        plannedOn: '2026-07-15',
        precision: 'season',
      });
      const { page, close } = await asCoordinator(`/reviews/${team.reviewId}/timeline`);
      await page.getByRole('button', { name: 'Edit Report launch' }).click();
      const form = page.getByRole('form', { name: 'Edit Report launch' });
      await form.getByLabel('Planned for').fill('2026-08-10');
      await form.getByLabel('Precision').selectOption('month');
      await form.getByLabel('Achieved on').fill('2026-08-20');
      await form.getByLabel('Linked deliverable').selectOption(deliverable.id);
      await form.getByRole('button', { name: 'Save' }).click();
      await page
        .getByRole('table', { name: 'Every item on the timeline' })
        .getByRole('row', { name: /Report launch/ })
        .getByRole('cell', { name: 'Month', exact: true })
        .waitFor();

      const saved = await t.get(`/milestones/${m.id}`, team.coordinator.token);
      expect(saved.body).toMatchObject({
        plannedOn: '2026-08-01',
        precision: 'month',
        actualOn: '2026-08-20',
        deliverableId: deliverable.id,
      });
      await close();
    },
    BROWSER_MS,
  );

  it(
    'saves a workshop edited by the coordinator: title, topic, dates and place',
    async () => {
      const w = await created(`/reviews/${team.reviewId}/workshops`, {
        title: 'Bid rigging',
        topic: 'Collusion',
        startsOn: '2026-03-10',
        location: 'Hermosillo',
      });
      const { page, close } = await asCoordinator(`/reviews/${team.reviewId}/workshops/${w.id}`);
      await page.getByRole('button', { name: 'Edit Bid rigging' }).click();
      const form = page.getByRole('form', { name: 'Edit Bid rigging' });
      await form.getByLabel('Workshop').fill('Bid rigging in tenders');
      await form.getByLabel('Topic').fill('Detecting collusion');
      await form.getByLabel('Starts on').fill('2026-03-11');
      await form.getByLabel('Ends on').fill('2026-03-12');
      await form.getByLabel('Place').fill('Ciudad Obregón');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { level: 2, name: 'Bid rigging in tenders' }).waitFor();

      const saved = await t.get(`/workshops/${w.id}`, team.coordinator.token);
      expect(saved.body).toMatchObject({
        title: 'Bid rigging in tenders',
        topic: 'Detecting collusion',
        startsOn: '2026-03-11',
        endsOn: '2026-03-12',
        location: 'Ciudad Obregón',
      });
      await close();
    },
    BROWSER_MS,
  );

  it(
    'saves the review the coordinator edits and moves its status one step forward and back',
    async () => {
      const { page, close } = await asCoordinator(`/reviews/${team.reviewId}/settings`);
      await page.getByRole('button', { name: 'Edit review' }).click();
      const form = page.getByRole('form', { name: 'Edit review' });
      await form.getByLabel('Title').fill('ISSSTESON procurement review');
      await form.getByLabel('Summary').fill('How ISSSTESON buys medicines');
      await form.getByLabel('Starts on').fill('2026-01-15');
      await form.getByLabel('Ends on').fill('2026-12-15');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { level: 1, name: 'ISSSTESON procurement review' }).waitFor();

      await page.getByRole('button', { name: 'Move on to Active' }).click();
      await page.getByRole('button', { name: 'Move on to Reporting' }).waitFor();
      const moved = await t.get(`/reviews/${team.reviewId}`, team.coordinator.token);
      expect(moved.body).toMatchObject({
        title: 'ISSSTESON procurement review',
        summary: 'How ISSSTESON buys medicines',
        startsOn: '2026-01-15',
        endsOn: '2026-12-15',
        status: 'active',
      });
      await page.getByRole('button', { name: 'Go back to Planning' }).click();
      await page.getByRole('button', { name: 'Move on to Active' }).waitFor();
      const back = await t.get(`/reviews/${team.reviewId}`, team.coordinator.token);
      expect(back.body.status).toBe('planning');
      await close();
    },
    BROWSER_MS,
  );

  it(
    'saves the reminder policy the coordinator sets, which a manager reads but is not offered to change',
    async () => {
      const { page, close } = await asCoordinator(`/reviews/${team.reviewId}/settings`);
      await page.getByRole('button', { name: 'Change reminders' }).click();
      await page.getByLabel('Days before a due date').fill('14, 3, 1');
      await page.getByLabel('When overdue, remind every (days)').fill('2');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('every 2 days').waitFor();
      const policy = await t.get(`/reviews/${team.reviewId}/reminder-policy`, team.coordinator.token);
      expect(policy.body).toMatchObject({ daysBefore: [14, 3, 1], overdueEveryDays: 2, isDefault: false });
      await close();

      const { context, page: managerPage } = await personFor(browser, t.baseUrl, problems);
      await signIn(managerPage, team.manager);
      await managerPage.goto(`/reviews/${team.reviewId}/settings`);
      await managerPage.getByText('14, 3, 1').waitFor();
      await expect(managerPage.getByRole('button', { name: 'Change reminders' }).count()).resolves.toBe(0);
      await expect(managerPage.getByRole('button', { name: 'Edit review' }).count()).resolves.toBe(0);
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    "lets an auditor of a follow-up review record a follow-up of the earlier review's recommendation",
    async () => {
      const { rows } = await t.db.query(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
           likelihood, impact, status, author_id, version)
         SELECT $1, id, '{efficiency}', 'Direct awards', 'Condition', 'Criteria', 'Cause', 'Effect', 3, 4, 'draft', $2, 1
         FROM focus_areas WHERE code = 'efficiency'
         RETURNING id`,
        [team.reviewId, team.auditor.id],
      );
      const recommendation = await created(`/findings/${rows[0].id}/recommendations`, {
        priority: 'high',
        text: 'Publish the justification of every direct award',
        responsibleUnit: 'Procurement directorate',
        targetOn: '2026-06-30',
      });
      const followUpReview = await created('/reviews', {
        title: 'Follow-up review',
        institutionId: team.review.institutionId,
        previousReviewId: team.reviewId,
      });
      const auditor = await t.user('Follow-up auditor');
      await created(`/reviews/${followUpReview.id}/members`, { userId: auditor.id, role: 'auditor' });

      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, auditor);
      await page.goto(`/reviews/${followUpReview.id}`);
      await page.getByRole('link', { name: 'Previous recommendations' }).click();
      const form = page.getByRole('form', {
        name: 'Record a follow-up of: Publish the justification of every direct award',
      });
      await form.getByLabel('Status').selectOption('implemented');
      await form.getByLabel('Note').fill('Published on the transparency portal');
      await form.getByRole('button', { name: 'Record follow-up' }).click();
      await page
        .getByRole('article', { name: 'Publish the justification of every direct award' })
        .locator('.recommendation-meta')
        .getByText('Implemented', { exact: true })
        .waitFor();

      const list = await t.get(`/reviews/${followUpReview.id}/previous-recommendations`, auditor.token);
      expect(list.body.items).toEqual([
        expect.objectContaining({ id: recommendation.id, latestStatus: 'implemented' }),
      ]);
      await context.close();
    },
    BROWSER_MS,
  );
});
