// The rest of a review's day-to-day work in the browser: a workshop with its attendance, a milestone at season
// precision on the timeline, a recommendation with its follow-up and a comment, and a person's notifications.
import type { Browser } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { launch, PageProblems, personFor, signIn } from './support/browser';

const BROWSER_MS = 120_000;

describe('web app: workshops, milestones, recommendations and notifications', () => {
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

  it(
    'lets the coordinator hold a workshop: add it, add a participant, tick attendance, read the evaluation',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.coordinator);
      await page.goto(`/reviews/${team.reviewId}/workshops`);
      await page.getByRole('button', { name: 'Add workshop' }).click();
      await page.getByLabel('Workshop', { exact: true }).fill('Workshop on bid rigging');
      await page.getByLabel('Topic').fill('Detecting collusion in tenders');
      await page.getByLabel('Starts on').fill('2026-03-10');
      await page.getByLabel('Ends on').fill('2026-03-11');
      await page.getByLabel('Place').fill('Hermosillo');
      await page.getByRole('button', { name: 'Create workshop' }).click();
      await page.getByRole('link', { name: 'Workshop on bid rigging' }).click();
      await page.getByRole('heading', { level: 2, name: 'Workshop on bid rigging' }).waitFor();

      await page.getByLabel('Name').fill('María López');
      await page.getByLabel('Organisation').fill('Procurement directorate');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const attended = page.getByRole('checkbox', { name: 'María López attended' });
      await attended.waitFor();
      await expect(attended.isChecked()).resolves.toBe(false);
      await attended.check();
      await page.getByText('1 / 1').waitFor();
      const { rows } = await t.db.query('SELECT attended FROM workshop_participants');
      expect(rows).toEqual([{ attended: true }]);
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'draws a milestone planned for a season over the whole season, labelled as people write it',
    async () => {
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.coordinator);
      await page.goto(`/reviews/${team.reviewId}/timeline`);
      await page.getByRole('button', { name: 'Add milestone' }).click();
      await page.getByLabel('Milestone', { exact: true }).fill('Launch of the review report');
      await page.getByLabel('Planned for').fill('2026-07-15');
      await page.getByLabel('Precision').selectOption('season');
      await page.getByRole('button', { name: 'Create milestone' }).click();
      const row = page
        .getByRole('table', { name: 'Every item on the timeline' })
        .getByRole('row', { name: /Launch of the review report/ });
      await row.getByRole('cell', { name: 'Summer 2026' }).waitFor();
      await row.getByRole('cell', { name: 'Season' }).waitFor();
      // In Spanish the api words the period itself.
      await page.getByLabel('Language').selectOption('es');
      await page
        .getByRole('table', { name: 'Todos los elementos del cronograma' })
        .getByRole('row', { name: /Launch of the review report/ })
        .getByRole('cell', { name: 'Verano de 2026' })
        .waitFor();
      await page.getByLabel('Idioma').selectOption('en');

      // The same timeline in a calendar application: the link works without signing in.
      await page.getByRole('button', { name: 'Get the calendar link' }).click();
      const link = await page.getByLabel('Calendar subscription link').inputValue();
      expect(link.startsWith(`${t.baseUrl}/api/v1/reviews/${team.reviewId}/timeline.ics?`)).toBe(true);
      const calendar = await fetch(link);
      expect(calendar.headers.get('content-type')).toContain('text/calendar');
      expect(await calendar.text()).toContain('SUMMARY:Launch of the review report');
      await context.close();
    },
    BROWSER_MS,
  );

  it(
    'lets an auditor recommend, record a follow-up and comment; a manager reads it all and writes nothing',
    async () => {
      const finding = await t.post(
        `/reviews/${team.reviewId}/findings`,
        {
          title: 'Medicines bought above reference prices',
          focusAreaId: (await t.db.query('SELECT id FROM focus_areas ORDER BY position LIMIT 1')).rows[0].id,
          principleCodes: ['efficiency'],
          condition: 'Prices 30% above the reference.',
          criteria: 'Reference prices must be used.',
          cause: 'No market research.',
          effect: 'Overspending.',
          likelihood: 4,
          impact: 3,
        },
        team.auditor.token,
      );
      const path = `/reviews/${team.reviewId}/findings/${finding.body.id}`;
      const auditor = await personFor(browser, t.baseUrl, problems);
      await signIn(auditor.page, team.auditor);
      const page = auditor.page;
      await page.goto(path);
      await page.getByRole('button', { name: 'Add recommendation' }).click();
      await page.getByLabel('Recommendation', { exact: true }).fill('Use reference prices in every tender');
      await page.getByLabel('Priority').selectOption('high');
      await page.getByLabel('Responsible unit').fill('Procurement directorate');
      await page.getByLabel('Target date').fill('2027-06-30');
      await page.getByRole('button', { name: 'Add recommendation' }).click();
      // Each recommendation opens onto its follow-ups.
      await page.locator('details summary', { hasText: 'Use reference prices in every tender' }).click();
      await page.getByLabel('Status', { exact: true }).selectOption('partially_implemented');
      await page.getByLabel('Note').fill('Used in two tenders out of five.');
      await page.getByRole('button', { name: 'Record follow-up' }).click();
      await page.getByText('Used in two tenders out of five.').waitFor();
      await page.getByLabel('Add a comment').fill('Prices checked against the IMSS catalogue.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.getByRole('listitem').filter({ hasText: 'Prices checked against the IMSS catalogue.' }).waitFor();
      await auditor.context.close();

      const manager = await personFor(browser, t.baseUrl, problems);
      await signIn(manager.page, team.manager);
      await manager.page.goto(path);
      await manager.page.getByText('Prices checked against the IMSS catalogue.').waitFor();
      await manager.page.getByText('Partially implemented').first().waitFor();
      for (const name of ['Add recommendation', 'Post comment', 'Upload', 'Edit', 'Submit for review']) {
        expect([name, await manager.page.getByRole('button', { name }).count()]).toEqual([name, 0]);
      }
      await manager.context.close();
    },
    BROWSER_MS,
  );

  it(
    'shows a person their notifications, counts the unread ones and marks them read',
    async () => {
      for (const [title, occasion] of [
        ['Deliverable due in 3 days', 'before-3@2026-12-01'],
        ['Deliverable overdue', 'overdue-1@2026-12-05'],
      ]) {
        await t.db.query(
          `INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, due_on, title, body)
         VALUES ($1, 'reminder', $2, 'review', $2, $3, '2026-12-04', $4, 'The review report is due.')`,
          [team.manager.id, team.reviewId, occasion, title],
        );
      }
      const { context, page } = await personFor(browser, t.baseUrl, problems);
      await signIn(page, team.manager);
      await page
        .getByRole('link', { name: /Notifications/ })
        .getByLabel('2 unread notifications')
        .waitFor();
      await page.getByRole('link', { name: /Notifications/ }).click();
      await page.getByText('2 unread.').waitFor();
      await page.getByRole('listitem').filter({ hasText: 'Deliverable overdue' }).getByRole('button').click();
      await page.getByText('1 unread.').waitFor();
      await page.getByRole('button', { name: 'Mark all as read' }).click();
      await page.getByText('All read.').waitFor();
      const { rows } = await t.db.query('SELECT count(*)::int AS unread FROM notifications WHERE read_at IS NULL');
      expect(rows).toEqual([{ unread: 0 }]);
      await context.close();
    },
    BROWSER_MS,
  );
});
