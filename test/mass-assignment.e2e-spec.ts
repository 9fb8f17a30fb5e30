// Mass assignment (API3): every route that takes a body, called by the least trusted caller it admits, with fields
// that caller may not set; each is refused with 400 or ignored, and the database keeps none of them. A route in the
// OpenAPI document that takes a body and has no row here fails the test.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sampleFinding } from './support/catalogue';
import { TestApp, TestUser } from './support/test-app';

type Caller = 'admin' | 'coordinator' | 'auditor' | 'manager' | 'anonymous';

interface Fixture {
  t: TestApp;
  reviewId: string;
  /** A review the callers are not members of: a `reviewId` that points there must not move anything. */
  otherReviewId: string;
  institutionId: string;
  users: Record<Exclude<Caller, 'anonymous'> | 'outsider', TestUser>;
  ids: Record<
    | 'target'
    | 'joiner'
    | 'component'
    | 'deliverable'
    | 'deliverableToMove'
    | 'milestone'
    | 'workshop'
    | 'participant'
    | 'focusArea'
    | 'finding'
    | 'findingToSubmit'
    | 'recommendation'
    | 'followUp'
    | 'policy',
    string
  >;
}

/** What a refused request must leave as it was: one row, or how many rows match a condition. */
type Watch = { table: string; id: string } | { table: string; where: string; params: unknown[] };

interface Call {
  path: string;
  body: Record<string, unknown>;
  watch: Watch[];
}

interface Row {
  /** `METHOD /path/{param}` as in the OpenAPI document, without the /api/v1 prefix. */
  route: string;
  /** The least trusted caller the route admits. */
  as: Caller;
  /** The body is multipart: the hostile fields travel as text fields next to the file. */
  multipart?: boolean;
  /** Hostile field names that are this route's own business for this caller (an admin sets a user's role). */
  settable?: string[];
  /** The body carries the `version` the client read: its tricks are tried too. */
  versioned?: boolean;
  /** A legitimate call, built afresh for every request (a PATCH reads the current version). */
  call: (f: Fixture) => Promise<Call>;
}

const unique = (): string => randomBytes(4).toString('hex');
const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
const LONG_AGO = '2001-01-01T00:00:00.000Z';

/** Fields no route lets these callers set, each with the value an attacker would want stored. */
function hostileFields(f: Fixture): Record<string, unknown> {
  const stranger = f.users.outsider.id;
  return {
    id: randomUUID(),
    role: 'admin',
    active: false,
    authorId: stranger,
    author: { id: stranger, role: 'admin' },
    createdById: stranger,
    reviewId: f.otherReviewId,
    userId: stranger,
    status: 'approved',
    rating: 'critical',
    approvedById: stranger,
    approvedAt: LONG_AGO,
    byId: stranger,
    uploadedById: stranger,
    requestedById: stranger,
    createdAt: LONG_AGO,
    updatedAt: LONG_AGO,
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$forgedforgedforgedforged',
    storageKey: '../../../../etc/passwd',
    sha256: '0'.repeat(64),
    contentType: 'text/html',
    version: 999,
  };
}

/** The column a hostile field would land in, if a route stored it. */
const columnOf = (field: string): string =>
  (field === 'author' ? 'authorId' : field).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Version values a client might send to slip past optimistic locking, and what each must get. */
const VERSION_TRICKS: [string, (current: number) => unknown, number[]][] = [
  ['a float', (v) => v + 0.5, [400]],
  ['a numeric string', (v) => String(v), [400]],
  ['a hexadecimal string', () => '0x1', [400]],
  ['"Infinity"', () => 'Infinity', [400]],
  ['null', () => null, [400]],
  ['true', () => true, [400]],
  ['an array', (v) => [v], [400]],
  ['an operator object', () => ({ $gte: 0 }), [400]],
  ['a negative number', () => -1, [400]],
  ['zero', () => 0, [400, 409]],
  ['the next version', (v) => v + 1, [409]],
  ['a version past 2^31', () => 2 ** 31, [400, 409]],
  ['a version past 2^53', () => 2 ** 53 + 2, [400, 409]],
  ['1e300', () => 1e300, [400, 409]],
];

async function versionOf(f: Fixture, table: string, id: string): Promise<number> {
  return (await f.t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0].version as number;
}

const tokenRow = (refreshToken: string): Watch => ({
  table: 'refresh_tokens',
  where: 'token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL',
  params: [sha256(refreshToken)],
});

export const ROWS: Row[] = [
  {
    route: 'POST /auth/login',
    as: 'anonymous',
    call: async (f) => ({
      path: '/auth/login',
      body: { email: f.users.manager.email, password: f.users.manager.password },
      watch: [
        { table: 'users', id: f.users.manager.id },
        { table: 'refresh_tokens', where: 'user_id = $1', params: [f.users.manager.id] },
      ],
    }),
  },
  {
    route: 'POST /auth/refresh',
    as: 'anonymous',
    call: async (f) => {
      const { refreshToken } = await f.t.login(f.users.auditor.email, f.users.auditor.password);
      return { path: '/auth/refresh', body: { refreshToken }, watch: [tokenRow(refreshToken)] };
    },
  },
  {
    route: 'POST /auth/logout',
    as: 'manager',
    call: async (f) => {
      const { refreshToken } = await f.t.login(f.users.manager.email, f.users.manager.password);
      return { path: '/auth/logout', body: { refreshToken }, watch: [tokenRow(refreshToken)] };
    },
  },
  {
    route: 'PATCH /me',
    as: 'manager',
    call: async (f) => ({
      path: '/me',
      body: { locale: 'es' },
      watch: [{ table: 'users', id: f.users.manager.id }],
    }),
  },
  {
    route: 'POST /users',
    as: 'admin',
    // An admin creates admins; that is the route's purpose.
    settable: ['role'],
    call: async () => ({
      path: '/users',
      body: { email: `mass.${unique()}@test.vigia`, password: 'long-enough-password', name: 'Mass', role: 'user' },
      watch: [{ table: 'users', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /users/{id}',
    as: 'admin',
    settable: ['role', 'active'],
    versioned: true,
    call: async (f) => ({
      path: `/users/${f.ids.target}`,
      body: { name: `Target ${unique()}`, version: await versionOf(f, 'users', f.ids.target) },
      watch: [{ table: 'users', id: f.ids.target }],
    }),
  },
  {
    route: 'POST /institutions',
    as: 'admin',
    call: async () => ({
      path: '/institutions',
      body: { name: 'Mass institution', acronym: `M${unique()}`, jurisdiction: 'federal', country: 'MX' },
      watch: [{ table: 'institutions', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /institutions/{id}',
    as: 'admin',
    versioned: true,
    call: async (f) => ({
      path: `/institutions/${f.institutionId}`,
      body: { name: `Inst ${unique()}`, version: await versionOf(f, 'institutions', f.institutionId) },
      watch: [{ table: 'institutions', id: f.institutionId }],
    }),
  },
  {
    route: 'POST /institutions/{id}/indicators',
    as: 'admin',
    call: async (f) => ({
      path: `/institutions/${f.institutionId}/indicators`,
      body: { metric: `beds_${unique()}`, year: 2016, value: 10, source: 'Mass assignment test' },
      watch: [{ table: 'institution_indicators', where: 'institution_id = $1', params: [f.institutionId] }],
    }),
  },
  {
    route: 'POST /reviews',
    as: 'manager',
    call: async (f) => ({
      path: '/reviews',
      body: { title: `Mass ${unique()}`, institutionId: f.institutionId },
      watch: [
        { table: 'reviews', where: 'true', params: [] },
        { table: 'review_members', where: 'true', params: [] },
      ],
    }),
  },
  {
    route: 'PATCH /reviews/{id}',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/reviews/${f.reviewId}`,
      body: { summary: `Edited ${unique()}`, version: await versionOf(f, 'reviews', f.reviewId) },
      watch: [{ table: 'reviews', id: f.reviewId }],
    }),
  },
  {
    route: 'POST /reviews/{id}/members',
    as: 'coordinator',
    // Whom to add and as what are the body itself.
    settable: ['userId', 'role'],
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/members`,
      body: { userId: f.ids.joiner, role: 'manager' },
      watch: [{ table: 'review_members', where: 'true', params: [] }],
    }),
  },
  {
    route: 'POST /reviews/{id}/components',
    as: 'coordinator',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/components`,
      body: { title: `Component ${unique()}` },
      watch: [{ table: 'review_components', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /components/{id}',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/components/${f.ids.component}`,
      body: { title: `Component ${unique()}`, version: await versionOf(f, 'review_components', f.ids.component) },
      watch: [{ table: 'review_components', id: f.ids.component }],
    }),
  },
  {
    route: 'POST /focus-areas',
    as: 'admin',
    call: async () => ({
      path: '/focus-areas',
      body: { code: `area-${unique()}`, names: { en: 'Area', es: 'Área', fr: 'Domaine' } },
      watch: [{ table: 'focus_areas', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /focus-areas/{id}',
    as: 'admin',
    versioned: true,
    call: async (f) => ({
      path: `/focus-areas/${f.ids.focusArea}`,
      body: { names: { en: `Area ${unique()}` }, version: await versionOf(f, 'focus_areas', f.ids.focusArea) },
      watch: [{ table: 'focus_areas', id: f.ids.focusArea }],
    }),
  },
  {
    route: 'POST /reviews/{id}/deliverables',
    as: 'coordinator',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/deliverables`,
      body: { title: `D ${unique()}`, kind: 'briefing', dueOn: '2027-06-30' },
      watch: [{ table: 'deliverables', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /deliverables/{id}',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/deliverables/${f.ids.deliverable}`,
      body: { title: `D ${unique()}`, version: await versionOf(f, 'deliverables', f.ids.deliverable) },
      watch: [{ table: 'deliverables', id: f.ids.deliverable }],
    }),
  },
  {
    route: 'POST /deliverables/{id}/transitions',
    as: 'coordinator',
    call: async (f) => ({
      path: `/deliverables/${f.ids.deliverableToMove}/transitions`,
      body: { to: 'in_progress' },
      watch: [
        { table: 'deliverables', id: f.ids.deliverableToMove },
        { table: 'deliverable_transitions', where: 'deliverable_id = $1', params: [f.ids.deliverableToMove] },
      ],
    }),
  },
  {
    route: 'POST /reviews/{id}/milestones',
    as: 'coordinator',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/milestones`,
      body: { title: `M ${unique()}`, plannedOn: '2019-07-01', precision: 'season' },
      watch: [{ table: 'milestones', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /milestones/{id}',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/milestones/${f.ids.milestone}`,
      body: { title: `M ${unique()}`, version: await versionOf(f, 'milestones', f.ids.milestone) },
      watch: [{ table: 'milestones', id: f.ids.milestone }],
    }),
  },
  {
    route: 'POST /reviews/{id}/workshops',
    as: 'coordinator',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/workshops`,
      body: { title: `W ${unique()}`, topic: 'Bid rigging', startsOn: '2017-07-12', location: 'Hermosillo' },
      watch: [{ table: 'workshops', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /workshops/{id}',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/workshops/${f.ids.workshop}`,
      body: { title: `W ${unique()}`, version: await versionOf(f, 'workshops', f.ids.workshop) },
      watch: [{ table: 'workshops', id: f.ids.workshop }],
    }),
  },
  {
    route: 'POST /workshops/{id}/participants',
    as: 'coordinator',
    call: async (f) => ({
      path: `/workshops/${f.ids.workshop}/participants`,
      body: { name: `P ${unique()}` },
      watch: [{ table: 'workshop_participants', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /participants/{id}',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/participants/${f.ids.participant}`,
      body: { attended: true, version: await versionOf(f, 'workshop_participants', f.ids.participant) },
      watch: [{ table: 'workshop_participants', id: f.ids.participant }],
    }),
  },
  {
    route: 'POST /reviews/{id}/findings',
    as: 'auditor',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/findings`,
      body: sampleFinding(f.ids.focusArea, `F ${unique()}`),
      watch: [{ table: 'findings', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /findings/{id}',
    as: 'auditor',
    versioned: true,
    call: async (f) => ({
      path: `/findings/${f.ids.finding}`,
      body: { title: `F ${unique()}`, version: await versionOf(f, 'findings', f.ids.finding) },
      watch: [{ table: 'findings', id: f.ids.finding }],
    }),
  },
  {
    route: 'POST /findings/{id}/transitions',
    as: 'auditor',
    call: async (f) => ({
      path: `/findings/${f.ids.findingToSubmit}/transitions`,
      body: { to: 'in_review' },
      watch: [
        { table: 'findings', id: f.ids.findingToSubmit },
        { table: 'finding_transitions', where: 'finding_id = $1', params: [f.ids.findingToSubmit] },
      ],
    }),
  },
  {
    route: 'POST /findings/{id}/comments',
    as: 'auditor',
    call: async (f) => ({
      path: `/findings/${f.ids.finding}/comments`,
      body: { body: `Comment ${unique()}` },
      watch: [{ table: 'finding_comments', where: 'true', params: [] }],
    }),
  },
  {
    route: 'POST /findings/{id}/recommendations',
    as: 'auditor',
    call: async (f) => ({
      path: `/findings/${f.ids.finding}/recommendations`,
      body: { text: `R ${unique()}`, priority: 'high', responsibleUnit: 'Procurement', targetOn: '2027-12-31' },
      watch: [{ table: 'recommendations', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PATCH /recommendations/{id}',
    as: 'auditor',
    versioned: true,
    call: async (f) => ({
      path: `/recommendations/${f.ids.recommendation}`,
      body: { text: `R ${unique()}`, version: await versionOf(f, 'recommendations', f.ids.recommendation) },
      watch: [{ table: 'recommendations', id: f.ids.recommendation }],
    }),
  },
  {
    route: 'POST /recommendations/{id}/follow-ups',
    as: 'auditor',
    call: async (f) => ({
      path: `/recommendations/${f.ids.recommendation}/follow-ups`,
      // `status` is the follow-up's own verdict on the recommendation: the hostile one overrides it with a bad value.
      body: { status: 'in_progress', note: `Follow-up ${unique()}`, on: '2020-01-15' },
      watch: [
        { table: 'follow_ups', where: 'true', params: [] },
        { table: 'recommendations', id: f.ids.recommendation },
      ],
    }),
  },
  {
    route: 'POST /findings/{id}/evidence',
    as: 'auditor',
    multipart: true,
    call: async (f) => ({
      path: `/findings/${f.ids.finding}/evidence`,
      body: {},
      watch: [{ table: 'evidence', where: 'true', params: [] }],
    }),
  },
  {
    route: 'POST /follow-ups/{id}/evidence',
    as: 'auditor',
    multipart: true,
    call: async (f) => ({
      path: `/follow-ups/${f.ids.followUp}/evidence`,
      body: {},
      watch: [{ table: 'evidence', where: 'true', params: [] }],
    }),
  },
  {
    route: 'PUT /reviews/{id}/reminder-policy',
    as: 'coordinator',
    versioned: true,
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/reminder-policy`,
      body: {
        daysBefore: [14, 3, 1],
        overdueEveryDays: 7,
        version: await versionOf(f, 'reminder_policies', f.ids.policy),
      },
      watch: [{ table: 'reminder_policies', id: f.ids.policy }],
    }),
  },
  {
    route: 'POST /reviews/{id}/reports',
    as: 'manager',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/reports`,
      body: { kind: 'findings', format: 'csv', locale: 'en' },
      watch: [{ table: 'reports', where: 'true', params: [] }],
    }),
  },
];

/** Documented POST routes that read no body: nothing in a body can reach them. */
const NO_BODY = [
  'POST /admin/queues/session',
  'POST /admin/reminders/digest',
  'POST /admin/reminders/scan',
  'POST /me/notifications/read-all',
  'POST /me/notifications/{id}/read',
];

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A multipart body with the file in `file` and each extra field as a text part, as a browser form would send. */
function multipart(fields: Record<string, unknown>): { raw: Buffer; headers: Record<string, string> } {
  const boundary = `----vigia${unique()}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${
        typeof value === 'string' ? value : JSON.stringify(value)
      }\r\n`,
    ),
  );
  const raw = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function snapshot(f: Fixture, watches: Watch[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const w of watches) {
    if ('id' in w) {
      out.push((await f.t.db.query(`SELECT * FROM ${w.table} WHERE id = $1`, [w.id])).rows);
    } else {
      const { rows } = await f.t.db.query(`SELECT count(*)::int AS n FROM ${w.table} WHERE ${w.where}`, w.params);
      out.push({ [w.table]: rows[0].n });
    }
  }
  // Every domain record is audited: an audit row is a change, wherever it happened.
  out.push({ audit_events: (await f.t.db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n });
  return out;
}

/** The table a row's call changes: its watched row, or the first table it counts. */
function targetTable(call: Call): { table: string; id?: string } {
  const w = call.watch[0];
  return 'id' in w ? { table: w.table, id: w.id } : { table: w.table };
}

describe('mass assignment', () => {
  let f: Fixture;

  beforeAll(async () => {
    const t = await TestApp.start({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    const team = await t.reviewTeam();
    const [target, joiner] = await Promise.all([t.user('Target'), t.user('Joiner')]);
    const other = await t.db.query('SELECT review_id FROM review_members WHERE user_id = $1', [team.outsider.id]);
    f = {
      t,
      reviewId: team.reviewId,
      otherReviewId: other.rows[0].review_id as string,
      institutionId: team.review.institutionId as string,
      users: {
        admin: team.admin,
        coordinator: team.coordinator,
        auditor: team.auditor,
        manager: team.manager,
        outsider: team.outsider,
      },
      ids: {
        target: target.id,
        joiner: joiner.id,
        component: '',
        deliverable: '',
        deliverableToMove: '',
        milestone: '',
        workshop: '',
        participant: '',
        focusArea: '',
        finding: '',
        findingToSubmit: '',
        recommendation: '',
        followUp: '',
        policy: '',
      },
    };
    const create = async (path: string, body: unknown, as: TestUser = team.coordinator): Promise<string> => {
      const res = await t.post(path, body, as.token);
      if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const r = `/reviews/${f.reviewId}`;
    f.ids.component = await create(`${r}/components`, { title: 'Public Procurement Review' });
    f.ids.deliverable = await create(`${r}/deliverables`, { title: 'Report', kind: 'report', dueOn: '2027-03-31' });
    f.ids.deliverableToMove = await create(`${r}/deliverables`, {
      title: 'Brief',
      kind: 'briefing',
      dueOn: '2027-04-30',
    });
    f.ids.milestone = await create(`${r}/milestones`, {
      title: 'Agreement',
      plannedOn: '2017-03-01',
      precision: 'month',
    });
    f.ids.workshop = await create(`${r}/workshops`, {
      title: 'First workshop',
      topic: 'Fostering competition',
      startsOn: '2017-07-12',
      location: 'Hermosillo',
    });
    f.ids.participant = await create(`/workshops/${f.ids.workshop}/participants`, { name: 'Participant' });
    f.ids.focusArea = await create(
      '/focus-areas',
      { code: `mass-${unique()}`, names: { en: 'Mass', es: 'Masa', fr: 'Masse' } },
      team.admin,
    );
    f.ids.finding = await create(`${r}/findings`, sampleFinding(f.ids.focusArea, 'Finding'), team.auditor);
    f.ids.findingToSubmit = await create(`${r}/findings`, sampleFinding(f.ids.focusArea, 'To submit'), team.auditor);
    f.ids.recommendation = await create(
      `/findings/${f.ids.finding}/recommendations`,
      { text: 'Publish every award', priority: 'high', responsibleUnit: 'Procurement', targetOn: '2027-12-31' },
      team.auditor,
    );
    f.ids.followUp = await create(
      `/recommendations/${f.ids.recommendation}/follow-ups`,
      { status: 'in_progress', note: 'Drafting', on: '2020-01-15' },
      team.auditor,
    );
    const policy = await t.request('PUT', `${r}/reminder-policy`, {
      token: team.coordinator.token,
      body: { daysBefore: [7], overdueEveryDays: 3 },
    });
    if (policy.status !== 200) throw new Error(`fixture policy: ${policy.status} ${JSON.stringify(policy.body)}`);
    f.ids.policy = (await t.db.query('SELECT id FROM reminder_policies WHERE review_id = $1', [f.reviewId])).rows[0]
      .id as string;
  });
  afterAll(() => f.t.close());

  async function send(row: Row, call: Call, body: Record<string, unknown> | string) {
    const token = row.as === 'anonymous' ? undefined : f.users[row.as].token;
    const method = row.route.split(' ')[0];
    if (row.multipart) return f.t.request(method, call.path, { token, ...multipart(body as Record<string, unknown>) });
    if (typeof body === 'string') {
      return f.t.request(method, call.path, { token, raw: body, headers: { 'content-type': 'application/json' } });
    }
    return f.t.request(method, call.path, { token, body });
  }

  /**
   * Sends the legitimate body with `extra` merged in. Refused: 400, naming the field, with nothing changed. Accepted:
   * the stored row holds none of the hostile values. Answers what went wrong, if anything.
   */
  async function tryHostile(row: Row, extra: Record<string, unknown>, label: string): Promise<string[]> {
    const call = await row.call(f);
    const before = await snapshot(f, call.watch);
    const res = await send(row, call, { ...call.body, ...extra });
    const after = await snapshot(f, call.watch);
    const said = `${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    if (res.status === 400) {
      const problems: string[] = [];
      const fields = ((res.body.details ?? []) as { field?: string }[]).map((d) => d.field ?? '');
      // A JSON body is validated field by field; a malformed form is refused as a whole.
      const named = Object.keys(extra).some((k) => fields.some((field) => field === k || field.startsWith(`${k}.`)));
      if (!named && !row.multipart) {
        problems.push(`${said} (the 400 does not name the field)`);
      }
      if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${said} changed the database`);
      return problems;
    }
    if (res.status < 200 || res.status >= 300) return [`${said} (neither refused with 400 nor accepted)`];
    const { table, id } = targetTable(call);
    const stored = (await f.t.db.query(`SELECT * FROM ${table} WHERE id = $1`, [id ?? res.body.id])).rows[0] as
      Record<string, unknown> | undefined;
    if (!stored) return [`${said} (accepted, but no ${table} row to check)`];
    return Object.entries(extra).flatMap(([field, value]) => {
      const column = columnOf(field);
      if (!Object.hasOwn(stored, column)) return [];
      const hostile = field === 'author' ? (value as { id: string }).id : value;
      const raw = stored[column];
      const kept = raw instanceof Date ? raw.toISOString() : raw;
      return String(kept) === String(hostile) ? [`${said} (stored ${column} = ${String(kept)})`] : [];
    });
  }

  it('has a row for every documented route that takes a body, and lists those that take none', async () => {
    const doc = (await f.t.request('GET', '/api/docs-json')).body as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['post', 'put', 'patch'].includes(method))
        .map(([method, op]) => ({
          route: `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`,
          body: !!op.requestBody,
        })),
    );
    expect(ROWS.map((r) => r.route).sort()).toEqual(
      writes
        .filter((w) => w.body)
        .map((w) => w.route)
        .sort(),
    );
    expect([...NO_BODY].sort()).toEqual(
      writes
        .filter((w) => !w.body)
        .map((w) => w.route)
        .sort(),
    );
  });

  for (const row of ROWS) {
    it(`${row.route} as ${row.as}: refuses or ignores every field the caller may not set, and stores none`, async () => {
      const sample = await row.call(f);
      expect('version' in sample.body).toBe(!!row.versioned);
      // A field the body already has is overridden with the hostile value; `version` has its own test below.
      const hostile = Object.entries(hostileFields(f)).filter(
        ([field]) => !row.settable?.includes(field) && !(field === 'version' && row.versioned),
      );
      const problems: string[] = [];
      for (const [field, value] of hostile) problems.push(...(await tryHostile(row, { [field]: value }, field)));
      // Together too; a multipart body takes at most 10 text fields (bootstrap.ts), so those go nine at a time.
      const batch = row.multipart ? 9 : hostile.length;
      for (let i = 0; i < hostile.length; i += batch) {
        const some = hostile.slice(i, i + batch);
        problems.push(
          ...(await tryHostile(row, Object.fromEntries(some), `${some.map(([k]) => k).join(', ')} at once`)),
        );
      }
      expect(problems).toEqual([]);

      // The legitimate body alone is accepted: the refusals above were the hostile fields' doing.
      const call = await row.call(f);
      const res = await send(row, call, call.body);
      expect({ status: res.status < 300 ? 'accepted' : res.status, body: res.status < 300 ? null : res.body }).toEqual({
        status: 'accepted',
        body: null,
      });
    });
  }

  for (const row of ROWS) {
    it(`${row.route}: refuses prototype-polluting keys (or ignores them in a form) and changes nothing`, async () => {
      const problems: string[] = [];
      for (const [label, key, value] of [
        ['__proto__', '__proto__', { role: 'admin', isAdmin: true }],
        ['constructor.prototype', 'constructor', { prototype: { role: 'admin', isAdmin: true } }],
        ['constructor', 'constructor', 'Object'],
      ] as const) {
        if (row.multipart) {
          // Text fields of an upload are ignored; the stored row must still be clean.
          problems.push(...(await tryHostile(row, Object.fromEntries([[key, value]]), label)));
          continue;
        }
        const call = await row.call(f);
        const before = await snapshot(f, call.watch);
        // Spliced into the JSON text: an object literal would set the prototype instead of sending the key.
        const raw = JSON.stringify(call.body).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)},`);
        const res = await send(row, call, raw);
        if (res.status !== 400) problems.push(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
        if (JSON.stringify(await snapshot(f, call.watch)) !== JSON.stringify(before))
          problems.push(`${label} changed data`);
      }
      expect(problems).toEqual([]);
      // The api runs in this process: its objects' prototype would be this one.
      expect(({} as Record<string, unknown>).role).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  }

  for (const row of ROWS.filter((r) => r.versioned)) {
    it(`${row.route}: refuses version tricks (400 malformed, 409 not the current one) and changes nothing`, async () => {
      const problems: string[] = [];
      for (const [label, make, allowed] of VERSION_TRICKS) {
        const call = await row.call(f);
        const before = await snapshot(f, call.watch);
        const res = await send(row, call, { ...call.body, version: make(call.body.version as number) });
        if (!allowed.includes(res.status)) problems.push(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
        if (JSON.stringify(await snapshot(f, call.watch)) !== JSON.stringify(before))
          problems.push(`${label} changed data`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('keeps what the server decides on a new record, whatever the body said: author, review, status, dates', async () => {
    const { t, users } = f;
    const created = await t.post(
      `/reviews/${f.reviewId}/findings`,
      sampleFinding(f.ids.focusArea, 'Server decides'),
      users.auditor.token,
    );
    expect(created.status).toBe(201);
    const { rows } = await t.db.query('SELECT * FROM findings WHERE id = $1', [created.body.id]);
    expect(rows[0]).toMatchObject({
      author_id: users.auditor.id,
      review_id: f.reviewId,
      status: 'draft',
      rating: 'high',
      approved_by_id: null,
      version: 1,
    });
    expect(Date.now() - (rows[0].created_at as Date).getTime()).toBeLessThan(60_000);
  });
});
