// A review in full swing, written through the api as its team would: deliverables at every stage, milestones at
// each date precision, workshops with attendance, findings across focus areas and ratings, recommendations with
// follow-ups. Dates are relative to today, so the screenshots always show a review under way.
import { TestApp, type TestUser } from '../../support/test-app';

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export interface Showcase {
  reviewId: string;
  coordinator: TestUser;
  auditors: TestUser[];
  manager: TestUser;
}

async function ok<T = any>(call: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const res = await call;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function seedShowcase(t: TestApp): Promise<Showcase> {
  const [coordinator, auditorA, auditorB, manager] = await Promise.all([
    t.user('Lucía Fernández'),
    t.user('Diego Ramírez'),
    t.user('Sophie Martin'),
    t.user('Ana Villalobos'),
  ]);
  const admin = await t.admin();
  const institution = await ok(
    t.post(
      '/institutions',
      {
        name: 'Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado de Sonora',
        acronym: 'ISSSTESON',
        jurisdiction: 'state',
        state: 'Sonora',
        country: 'MX',
      },
      admin.token,
    ),
    'institution',
  );
  const areas = (await ok(t.get('/focus-areas?limit=200', coordinator.token), 'focus areas')).items as {
    id: string;
    code: string;
  }[];
  const area = (code: string) => areas.find((a) => a.code === code)!.id;
  const review = await ok(
    t.post(
      '/reviews',
      {
        title: 'Public Procurement Review of ISSSTESON',
        institutionId: institution.id,
        summary: 'Review of the procurement practices of the Sonora state employees’ social security institute.',
        startsOn: day(-240),
        endsOn: day(150),
        focusAreaIds: areas.map((a) => a.id),
      },
      coordinator.token,
    ),
    'review',
  );
  const reviewId = review.id as string;
  const c = coordinator.token;
  await ok(t.patch(`/reviews/${reviewId}`, { status: 'active', version: review.version }, c), 'activate');
  for (const [user, role] of [
    [auditorA, 'auditor'],
    [auditorB, 'auditor'],
    [manager, 'manager'],
  ] as const) {
    await ok(t.post(`/reviews/${reviewId}/members`, { userId: user.id, role }, c), 'member');
  }

  // Deliverables, each walked to its status through the workflow.
  const path: Record<string, string[]> = {
    planned: [],
    in_progress: ['in_progress'],
    in_review: ['in_progress', 'in_review'],
    delivered: ['in_progress', 'in_review', 'delivered'],
    cancelled: ['cancelled'],
  };
  const deliverables: [string, string, number, string, TestUser | null][] = [
    ['Diagnostic of procurement practices', 'report', -120, 'delivered', auditorA],
    ['First capacity-building workshop on bid rigging', 'workshop', -100, 'delivered', auditorB],
    ['Baseline survey of suppliers', 'other', -30, 'in_review', auditorB],
    ['Interim briefing to the Board of Directors', 'briefing', -10, 'in_progress', null],
    ['Draft review report', 'report', 20, 'in_progress', auditorA],
    ['Second capacity-building workshop', 'workshop', 90, 'planned', auditorB],
    ['E-procurement roadmap', 'report', 120, 'planned', auditorA],
    ['Press launch of the report', 'briefing', 140, 'cancelled', null],
  ];
  for (const [title, kind, due, status, owner] of deliverables) {
    const d = await ok(
      t.post(
        `/reviews/${reviewId}/deliverables`,
        { title, kind, dueOn: day(due), ...(owner ? { ownerId: owner.id } : {}) },
        c,
      ),
      'deliverable',
    );
    for (const to of path[status]) await ok(t.post(`/deliverables/${d.id}/transitions`, { to }, c), 'move');
  }

  // Milestones at every precision: achieved, late and upcoming.
  const milestones: [string, number, string, number | null][] = [
    ['Signature of the agreement with ISSSTESON', -240, 'day', -240],
    ['Fact-finding mission to Hermosillo', -180, 'month', -175],
    ['Interim findings presented to ISSSTESON', -45, 'month', null],
    ['Draft report sent for comments', 40, 'quarter', null],
    ['Second workshop and launch of the report', 100, 'season', null],
    ['Follow-up assessment', 330, 'year', null],
  ];
  for (const [title, planned, precision, actual] of milestones) {
    await ok(
      t.post(
        `/reviews/${reviewId}/milestones`,
        { title, plannedOn: day(planned), precision, ...(actual === null ? {} : { actualOn: day(actual) }) },
        c,
      ),
      'milestone',
    );
  }

  // Workshops, the first one held with its participants' attendance and evaluation.
  const workshop = await ok(
    t.post(
      `/reviews/${reviewId}/workshops`,
      {
        title: 'Capacity-building workshop on bid rigging',
        topic: 'Detecting and preventing bid rigging',
        startsOn: day(-100),
        endsOn: day(-99),
        location: 'Hermosillo, Sonora',
      },
      c,
    ),
    'workshop',
  );
  const people: [string, string, boolean, number, number, number][] = [
    ['María López', 'Procurement directorate', true, 5, 55, 80],
    ['José Hernández', 'Legal affairs', true, 4, 60, 75],
    ['Patricia Gómez', 'Internal control', true, 4, 40, 70],
    ['Jorge Castillo', 'Pharmacy purchasing', false, 0, 0, 0],
  ];
  for (const [name, organisation, attended, satisfaction, pre, post] of people) {
    const p = await ok(t.post(`/workshops/${workshop.id}/participants`, { name, organisation }, c), 'participant');
    if (attended) {
      await ok(
        t.patch(
          `/participants/${p.id}`,
          { attended, satisfaction, preTestScore: pre, postTestScore: post, version: p.version },
          c,
        ),
        'attendance',
      );
    }
  }
  await ok(
    t.post(
      `/reviews/${reviewId}/workshops`,
      {
        title: 'Workshop on e-procurement',
        topic: 'CompraNet and electronic tendering',
        startsOn: day(90),
        endsOn: day(91),
        location: 'Ciudad Obregón, Sonora',
      },
      c,
    ),
    'workshop',
  );

  // Findings by both auditors, some approved by the coordinator, with recommendations on the approved ones.
  const findings: [string, string, string[], number, number, string, TestUser][] = [
    [
      'Direct awards without written justification',
      'transparency-integrity',
      ['transparency', 'integrity'],
      5,
      4,
      'approved',
      auditorA,
    ],
    [
      'Conflict-of-interest declarations not collected',
      'transparency-integrity',
      ['integrity', 'accountability'],
      4,
      4,
      'approved',
      auditorB,
    ],
    [
      'Medicines bought at prices above the reference',
      'efficiency',
      ['efficiency', 'balance'],
      4,
      5,
      'approved',
      auditorA,
    ],
    [
      'No consolidated demand planning across hospitals',
      'efficiency',
      ['efficiency', 'integration'],
      3,
      3,
      'in_review',
      auditorB,
    ],
    [
      'Same three suppliers win most laboratory tenders',
      'competition-bid-rigging',
      ['access', 'risk-management'],
      4,
      3,
      'approved',
      auditorA,
    ],
    [
      'Tender notices published with short deadlines',
      'competition-bid-rigging',
      ['access', 'transparency'],
      3,
      2,
      'draft',
      auditorB,
    ],
    ['Procurement staff without certification', 'professionalisation', ['capacity'], 3, 3, 'approved', auditorB],
    [
      'Contracts not registered in CompraNet',
      'e-procurement',
      ['e-procurement', 'transparency'],
      2,
      2,
      'in_review',
      auditorA,
    ],
    [
      'Local SME participation is not measured',
      'secondary-policy-objectives',
      ['balance', 'evaluation'],
      1,
      3,
      'draft',
      auditorA,
    ],
  ];
  const approved: string[] = [];
  for (const [title, code, principleCodes, likelihood, impact, status, author] of findings) {
    const f = await ok(
      t.post(
        `/reviews/${reviewId}/findings`,
        {
          title,
          focusAreaId: area(code),
          principleCodes,
          condition: `${title}: observed in the sample of 2016 and 2017 procedures.`,
          criteria: 'The Sonora procurement law and OECD recommendations on public procurement.',
          cause: 'Controls and guidance are missing at the procurement directorate.',
          effect: 'Higher costs and a risk of favouritism in the award of contracts.',
          likelihood,
          impact,
        },
        author.token,
      ),
      'finding',
    );
    if (status !== 'draft')
      await ok(t.post(`/findings/${f.id}/transitions`, { to: 'in_review' }, author.token), 'submit');
    if (status === 'approved') {
      await ok(t.post(`/findings/${f.id}/transitions`, { to: 'approved' }, c), 'approve');
      approved.push(f.id);
    }
  }
  const recommendations: [string, string, number, string | null][] = [
    ['Publish a written justification for every direct award', 'high', 60, 'implemented'],
    ['Collect and check declarations of interest yearly', 'high', 30, 'partially_implemented'],
    ['Use reference prices in every medicines tender', 'high', -20, 'in_progress'],
    ['Screen tenders for bid-rigging indicators', 'medium', 120, 'implemented'],
    ['Certify procurement staff within two years', 'medium', 300, null],
  ];
  for (const [i, [text, priority, target, status]] of recommendations.entries()) {
    const r = await ok(
      t.post(
        `/findings/${approved[i % approved.length]}/recommendations`,
        { text, priority, responsibleUnit: 'Procurement directorate', targetOn: day(target) },
        auditorA.token,
      ),
      'recommendation',
    );
    if (status) {
      await ok(
        t.post(
          `/recommendations/${r.id}/follow-ups`,
          { status, note: 'Checked with the procurement directorate.', on: day(-5) },
          auditorA.token,
        ),
        'follow-up',
      );
    }
  }
  return { reviewId, coordinator, auditors: [auditorA, auditorB], manager };
}
