import ICAL from 'ical.js';
import { daysBetween, todayUtc } from '@vigia/common';
import { TestApp } from './support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

interface Seeded {
  reviewId: string;
  coordinator: any;
  auditor: any;
  manager: any;
  outsider: any;
  ids: Record<string, string>;
}

describe('the review timeline and its calendar feed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  async function milestone(
    reviewId: string,
    title: string,
    plannedOn: string,
    precision: string,
    actualOn: string | null = null,
  ): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO milestones (review_id, title, planned_on, precision, actual_on, version)
       VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`,
      [reviewId, title, plannedOn, precision, actualOn],
    );
    return rows[0].id;
  }

  async function deliverable(reviewId: string, title: string, dueOn: string, status: string): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO deliverables (review_id, title, kind, due_on, status, version)
       VALUES ($1, $2, 'report', $3, $4, 1) RETURNING id`,
      [reviewId, title, dueOn, status],
    );
    return rows[0].id;
  }

  async function workshop(reviewId: string, token: string, title: string, startsOn: string, endsOn?: string) {
    const res = await t.post(
      `/reviews/${reviewId}/workshops`,
      { title, topic: 'Fostering competition and preventing bid rigging', startsOn, endsOn, location: 'Hermosillo' },
      token,
    );
    if (res.status !== 201) throw new Error(`create workshop failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  /** The ISSSTESON engagement in outline: March 2017 to Summer 2019, one workshop held, one to come. */
  async function seeded(): Promise<Seeded> {
    const team = await t.reviewTeam();
    const { reviewId, coordinator } = team;
    await t.patch(
      `/reviews/${reviewId}`,
      { title: 'Public Procurement Review of ISSSTESON', version: 1 },
      coordinator.token,
    );
    const ids = {
      agreement: await milestone(reviewId, 'Agreement signed', '2017-03-01', 'month', '2017-03-15'),
      workshopMilestone: await milestone(reviewId, 'First workshop', '2017-07-12', 'day', '2017-07-12'),
      report: await milestone(reviewId, 'Final report presented', '2019-06-01', 'season'),
      followUp: await milestone(reviewId, 'Follow-up assessment', '2099-01-01', 'year'),
      agenda: await deliverable(reviewId, 'Workshop agenda', '2017-07-12', 'delivered'),
      draft: await deliverable(reviewId, 'Draft review report', '2019-03-29', 'in_review'),
      cancelled: await deliverable(reviewId, 'Cancelled briefing', '2018-01-10', 'cancelled'),
      workshop1: await workshop(reviewId, coordinator.token, 'Workshop 1', '2017-07-12', '2017-07-13'),
      workshop2: await workshop(reviewId, coordinator.token, 'Workshop 2', '2099-05-04'),
    };
    // Another review's records never appear.
    const other = await t.post(
      '/reviews',
      { title: 'Elsewhere', institutionId: team.review.institutionId },
      team.outsider.token,
    );
    await milestone(other.body.id, 'Not ours', '2018-01-01', 'day');
    return { ...team, ids };
  }

  let fixture: Seeded;
  beforeAll(async () => {
    fixture = await seeded();
  });

  it('lists milestones, open deliverables and workshops by date, then milestone, deliverable, workshop', async () => {
    const { reviewId, manager, ids } = fixture;
    const res = await t.get(`/reviews/${reviewId}/timeline`, manager.token);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => [i.date, i.type, i.title])).toEqual([
      ['2017-03-01', 'milestone', 'Agreement signed'],
      ['2017-07-12', 'milestone', 'First workshop'],
      ['2017-07-12', 'deliverable', 'Workshop agenda'],
      ['2017-07-12', 'workshop', 'Workshop 1'],
      ['2019-03-29', 'deliverable', 'Draft review report'],
      ['2019-06-01', 'milestone', 'Final report presented'],
      ['2099-01-01', 'milestone', 'Follow-up assessment'],
      ['2099-05-04', 'workshop', 'Workshop 2'],
    ]);
    expect(res.body.items.map((i: any) => i.id)).not.toContain(ids.cancelled);
  });

  it('gives each item its period, precision, label and status', async () => {
    const { reviewId, coordinator, ids } = fixture;
    const items: any[] = (await t.get(`/reviews/${reviewId}/timeline`, coordinator.token)).body.items;
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(ids.agreement)).toEqual({
      type: 'milestone',
      id: ids.agreement,
      title: 'Agreement signed',
      date: '2017-03-01',
      endDate: '2017-03-31',
      precision: 'month',
      label: 'March 2017',
      status: 'achieved',
      actualOn: '2017-03-15',
      slippageDays: 0,
    });
    expect(byId.get(ids.report)).toMatchObject({
      date: '2019-06-01',
      endDate: '2019-08-31',
      precision: 'season',
      label: 'Summer 2019',
      status: 'late',
      actualOn: null,
      slippageDays: daysBetween('2019-08-31', todayUtc()),
    });
    expect(byId.get(ids.followUp)).toMatchObject({
      endDate: '2099-12-31',
      label: '2099',
      status: 'upcoming',
      slippageDays: null,
    });
    expect(byId.get(ids.draft)).toEqual({
      type: 'deliverable',
      id: ids.draft,
      title: 'Draft review report',
      date: '2019-03-29',
      endDate: '2019-03-29',
      precision: 'day',
      label: '29 March 2019',
      status: 'in_review',
    });
    expect(byId.get(ids.workshop1)).toEqual({
      type: 'workshop',
      id: ids.workshop1,
      title: 'Workshop 1',
      date: '2017-07-12',
      endDate: '2017-07-13',
      precision: 'day',
      label: '12 July 2017',
      status: 'held',
    });
    expect(byId.get(ids.workshop2)).toMatchObject({ date: '2099-05-04', endDate: '2099-05-04', status: 'upcoming' });
  });

  it.each([
    ['en', 'Summer 2019', 'March 2017', '12 July 2017', 'Q3 2018'],
    ['es', 'Verano de 2019', 'Marzo de 2017', '12 de julio de 2017', 'T3 2018'],
    ['fr', 'Été 2019', 'Mars 2017', '12 juillet 2017', 'T3 2018'],
  ])('labels dates in %s as the sources write them', async (locale, season, month, day, quarter) => {
    const { reviewId, coordinator, ids } = fixture;
    const quarterId = await milestone(reviewId, `Quarter ${locale}`, '2018-07-01', 'quarter');
    const items: any[] = (await t.get(`/reviews/${reviewId}/timeline?locale=${locale}`, coordinator.token)).body.items;
    const label = (id: string) => items.find((i) => i.id === id)?.label;
    expect([label(ids.report), label(ids.agreement), label(ids.workshop1), label(quarterId)]).toEqual([
      season,
      month,
      day,
      quarter,
    ]);
    await t.db.query('DELETE FROM milestones WHERE id = $1', [quarterId]);
  });

  it('refuses an unknown locale or query field with 400', async () => {
    const { reviewId, coordinator } = fixture;
    expect((await t.get(`/reviews/${reviewId}/timeline?locale=de`, coordinator.token)).status).toBe(400);
    expect((await t.get(`/reviews/${reviewId}/timeline?from=2019-01-01`, coordinator.token)).status).toBe(400);
  });

  it('answers an empty timeline for a review with nothing planned', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    expect((await t.get(`/reviews/${reviewId}/timeline`, coordinator.token)).body).toEqual({ items: [] });
    const ics = await t.get(`/reviews/${reviewId}/timeline.ics`, coordinator.token);
    expect(new ICAL.Component(ICAL.parse(ics.body)).getAllSubcomponents('vevent')).toHaveLength(0);
  });

  it('serves the timeline as an iCalendar feed of all-day events spanning each period', async () => {
    const { reviewId, auditor, ids } = fixture;
    const timeline = (await t.get(`/reviews/${reviewId}/timeline`, auditor.token)).body.items;
    const res = await t.get(`/reviews/${reviewId}/timeline.ics`, auditor.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Public Procurement Review of ISSSTESON');
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(timeline.length);
    const byUid = new Map(events.map((e) => [String(e.getFirstPropertyValue('uid')), e]));
    expect([...byUid.keys()]).toEqual(timeline.map((i: any) => `${i.type}-${i.id}@vigia`));

    const span = (uid: string) => {
      const event = byUid.get(uid)!;
      const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
      const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
      return { allDay: start.isDate && end.isDate, start: start.toString(), end: end.toString() };
    };
    // "Summer 2019" is June to August: DTEND is exclusive.
    expect(span(`milestone-${ids.report}@vigia`)).toEqual({ allDay: true, start: '2019-06-01', end: '2019-09-01' });
    expect(span(`milestone-${ids.agreement}@vigia`)).toEqual({ allDay: true, start: '2017-03-01', end: '2017-04-01' });
    expect(span(`workshop-${ids.workshop1}@vigia`)).toEqual({ allDay: true, start: '2017-07-12', end: '2017-07-14' });
    expect(span(`deliverable-${ids.draft}@vigia`)).toEqual({ allDay: true, start: '2019-03-29', end: '2019-03-30' });
    expect(span(`milestone-${ids.followUp}@vigia`)).toEqual({ allDay: true, start: '2099-01-01', end: '2100-01-01' });
    for (const event of events) {
      expect(event.getFirstProperty('dtstart')!.type).toBe('date');
      expect(event.getFirstProperty('dtend')!.type).toBe('date');
    }

    const report = byUid.get(`milestone-${ids.report}@vigia`)!;
    expect(report.getFirstPropertyValue('summary')).toBe('Final report presented (Summer 2019)');
    expect(report.getFirstPropertyValue('description')).toContain('Status: late');
    const workshop = byUid.get(`workshop-${ids.workshop1}@vigia`)!;
    expect(workshop.getFirstPropertyValue('summary')).toBe('Workshop 1');
    expect(workshop.getFirstPropertyValue('description')).toContain('Status: held');
    expect(workshop.getFirstPropertyValue('location')).toBe('Hermosillo');
  });

  it('keeps UIDs and content stable across fetches, and labels the summaries in the requested language', async () => {
    const { reviewId, coordinator, ids } = fixture;
    const first = await t.get(`/reviews/${reviewId}/timeline.ics`, coordinator.token);
    const second = await t.get(`/reviews/${reviewId}/timeline.ics`, coordinator.token);
    const uids = (text: string) =>
      new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids(second.body)).toEqual(uids(first.body));
    expect(second.body).toBe(first.body);
    const spanish = await t.get(`/reviews/${reviewId}/timeline.ics?locale=es`, coordinator.token);
    const summaries = new ICAL.Component(ICAL.parse(spanish.body))
      .getAllSubcomponents('vevent')
      .map((e) => e.getFirstPropertyValue('summary'));
    expect(summaries).toContain('Final report presented (Verano de 2019)');
    expect(uids(spanish.body)).toEqual(uids(first.body));
    expect(uids(first.body)).toContain(`milestone-${ids.report}@vigia`);
  });

  it('hands out a feed link that works without a bearer header', async () => {
    const { reviewId, manager } = fixture;
    const feed = await t.get(`/reviews/${reviewId}/timeline/feed`, manager.token);
    expect(feed.status).toBe(200);
    expect(feed.body.url).toBe(`/api/v1/reviews/${reviewId}/timeline.ics?token=${feed.body.token}`);
    const res = await t.request('GET', feed.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent').length).toBeGreaterThan(0);
    const french = await t.get(`/reviews/${reviewId}/timeline/feed?locale=fr`, manager.token);
    expect(french.body.url).toMatch(/&locale=fr$/);
    const fr = await t.request('GET', french.body.url);
    expect(fr.body).toContain('Été 2019');
  });

  it('refuses a feed token of another review, a forged or missing token with 401', async () => {
    const { reviewId, coordinator } = fixture;
    const mine = await t.reviewTeam();
    const elsewhere = (await t.get(`/reviews/${mine.reviewId}/timeline/feed`, mine.coordinator.token)).body.token;
    const own = (await t.get(`/reviews/${reviewId}/timeline/feed`, coordinator.token)).body.token;
    for (const token of [elsewhere, `${own.slice(0, -4)}AAAA`, 'not-a-token', coordinator.token]) {
      const res = await t.request('GET', `/reviews/${reviewId}/timeline.ics?token=${encodeURIComponent(token)}`);
      expect(res.status).toBe(401);
    }
    expect((await t.request('GET', `/reviews/${reviewId}/timeline.ics`)).status).toBe(401);
  });

  it('does not let a feed token open anything but the feed', async () => {
    const { reviewId, coordinator } = fixture;
    const token = (await t.get(`/reviews/${reviewId}/timeline/feed`, coordinator.token)).body.token;
    expect((await t.request('GET', `/reviews/${reviewId}/timeline?token=${token}`)).status).toBe(401);
    expect((await t.request('GET', `/reviews/${reviewId}/timeline/feed?token=${token}`)).status).toBe(401);
    expect((await t.get(`/reviews/${reviewId}/timeline`, token)).status).toBe(401);
  });

  it('stops honouring the token of a member removed from the review (404), or of a deactivated account (401)', async () => {
    const { reviewId, coordinator } = await t.reviewTeam();
    const leaver = await t.user('Leaver');
    const sleeper = await t.user('Sleeper');
    for (const user of [leaver, sleeper]) {
      expect(
        (await t.post(`/reviews/${reviewId}/members`, { userId: user.id, role: 'manager' }, coordinator.token)).status,
      ).toBe(201);
    }
    const leaverFeed = (await t.get(`/reviews/${reviewId}/timeline/feed`, leaver.token)).body.url;
    const sleeperFeed = (await t.get(`/reviews/${reviewId}/timeline/feed`, sleeper.token)).body.url;
    expect((await t.request('GET', leaverFeed)).status).toBe(200);
    expect((await t.delete(`/reviews/${reviewId}/members/${leaver.id}`, coordinator.token)).status).toBe(204);
    expect((await t.request('GET', leaverFeed)).status).toBe(404);

    const admin = await t.admin();
    const account = await t.get(`/users/${sleeper.id}`, admin.token);
    expect(
      (await t.patch(`/users/${sleeper.id}`, { active: false, version: account.body.version }, admin.token)).status,
    ).toBe(200);
    expect((await t.request('GET', sleeperFeed)).status).toBe(401);
  });

  it('lets every member read the timeline and answers a non-member 404, as for a missing review', async () => {
    const { reviewId, coordinator, auditor, manager, outsider } = fixture;
    for (const member of [coordinator, auditor, manager]) {
      for (const path of ['timeline', 'timeline.ics', 'timeline/feed']) {
        expect([path, (await t.get(`/reviews/${reviewId}/${path}`, member.token)).status]).toEqual([path, 200]);
      }
    }
    for (const path of ['timeline', 'timeline.ics', 'timeline/feed']) {
      const res = await t.get(`/reviews/${reviewId}/${path}`, outsider.token);
      const ghost = await t.get(`/reviews/${MISSING}/${path}`, outsider.token);
      expect([path, res.status, ghost.status]).toEqual([path, 404, 404]);
      expect(res.body.message).toBe(ghost.body.message);
    }
    const admin = await t.admin();
    expect((await t.get(`/reviews/${reviewId}/timeline`, admin.token)).status).toBe(200);
  });

  it('publishes the timeline routes in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/reviews/{id}/timeline',
        '/api/v1/reviews/{id}/timeline.ics',
        '/api/v1/reviews/{id}/timeline/feed',
        '/api/v1/reviews/{id}/workshops',
        '/api/v1/workshops/{id}',
        '/api/v1/workshops/{id}/participants',
        '/api/v1/participants/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/reviews/{id}/timeline.ics'].get.responses['200'].content)).toEqual([
      'text/calendar',
    ]);
  });
});
