// Who may call what, route by route: every route in the OpenAPI document must be in this table, and each role gets
// exactly the status the table says, once on a record of its own review and once on the same kind of record of a
// review it is not a member of. Add a route, add its row, or this test fails.
import { randomBytes } from 'node:crypto';
import { TestApp, TestUser } from './support/test-app';
import { sampleFinding } from './support/catalogue';

const ROLES = ['admin', 'coordinator', 'auditor', 'manager', 'outsider', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
type Statuses = Partial<Record<Role, number>>;

/** The records one row works on: those of the team's review ("own"), or of a review none of the callers is in. */
interface Fixture {
  t: TestApp;
  side: 'own' | 'other';
  reviewId: string;
  institutionId: string;
  /** The callers, the same team on both sides: on the other side only the admin may reach the records. */
  users: Record<Exclude<Role, 'anonymous'>, TestUser>;
  /** Who creates the review's records: members of that review, so the other review is built by its own team. */
  owners: Record<'coordinator' | 'auditor', TestUser>;
  /** One record of each kind inside the review (and a focus area), created by its owners or an admin. */
  ids: Record<
    | 'component'
    | 'deliverable'
    | 'milestone'
    | 'workshop'
    | 'participant'
    | 'focusArea'
    | 'finding'
    | 'recommendation'
    | 'followUp'
    | 'evidence'
    | 'report',
    string
  >;
}

/**
 * What a row answers on another review's records: `global` routes do not depend on the review and answer as on the
 * own side; `scoped` routes answer an admin as on the own side, every other caller 404 (a review one is not in does
 * not exist for them) and an anonymous caller 401; anything else is spelled out role by role.
 */
type Other = 'global' | 'scoped' | Statuses;

interface Row {
  /** `METHOD /path/{param}` as in the OpenAPI document, without the /api/v1 prefix. */
  route: string;
  /** Expected status per role on the own review's records; roles not listed are not called. */
  expect: Statuses;
  /** Expected status per role on the other review's records (the same roles as `expect`). */
  other: Other;
  /** The concrete path and body for one call; called afresh for every role (it may create what it needs). */
  call: (
    f: Fixture,
    role: Role,
  ) => Promise<{ path: string; body?: unknown; raw?: Buffer; headers?: Record<string, string> }>;
}

const unique = (): string => randomBytes(4).toString('hex');

const READ_ALL_USERS = { admin: 200, coordinator: 200, auditor: 200, manager: 200, outsider: 200, anonymous: 401 };
const ADMIN_ONLY = (ok: number): Statuses => ({
  admin: ok,
  coordinator: 403,
  auditor: 403,
  manager: 403,
  outsider: 403,
  anonymous: 401,
});
const MEMBERS_READ = { admin: 200, coordinator: 200, auditor: 200, manager: 200, outsider: 404, anonymous: 401 };
const COORDINATOR_WRITES = (ok: number): Statuses => ({
  admin: ok,
  coordinator: ok,
  auditor: 403,
  manager: 403,
  outsider: 404,
  anonymous: 401,
});

async function currentVersion(f: Fixture, path: string): Promise<number> {
  const admin = f.users.admin;
  return (await f.t.get(path, admin.token)).body.version as number;
}

async function versionIn(f: Fixture, table: string, id: string): Promise<number> {
  return (await f.t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0].version as number;
}

/** Creates a record through the API as the review's coordinator and answers its id. */
async function create(f: Fixture, path: string, body: unknown): Promise<string> {
  const res = await f.t.post(path, body, f.owners.coordinator.token);
  if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A draft finding written by the review's auditor (so the author rule lets the auditor edit it). */
async function newFinding(f: Fixture): Promise<string> {
  const res = await f.t.post(
    `/reviews/${f.reviewId}/findings`,
    sampleFinding(f.ids.focusArea, `F ${unique()}`),
    f.owners.auditor.token,
  );
  if (res.status !== 201) throw new Error(`fixture finding: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A multipart/form-data body carrying a small PDF in the field `file`. */
function pdfUpload(): { raw: Buffer; headers: Record<string, string> } {
  const boundary = `----vigia${unique()}`;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const raw = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const AUDITOR_WRITES = (ok: number): Statuses => ({
  admin: ok,
  coordinator: ok,
  auditor: ok,
  manager: 403,
  outsider: 404,
  anonymous: 401,
});

const newDeliverable = (f: Fixture): Promise<string> =>
  create(f, `/reviews/${f.reviewId}/deliverables`, { title: `D ${unique()}`, kind: 'report', dueOn: '2027-03-31' });
const newParticipant = (f: Fixture): Promise<string> =>
  create(f, `/workshops/${f.ids.workshop}/participants`, { name: `P ${unique()}` });

export const ROWS: Row[] = [
  {
    route: 'POST /auth/login',
    expect: { admin: 200, outsider: 200, anonymous: 200 },
    other: 'global',
    call: async (f, role) => ({
      path: '/auth/login',
      body: {
        email: f.users[role === 'anonymous' ? 'manager' : role].email,
        password: f.users[role === 'anonymous' ? 'manager' : role].password,
      },
    }),
  },
  {
    route: 'POST /auth/refresh',
    expect: { admin: 200, anonymous: 200 },
    other: 'global',
    call: async (f) => ({
      path: '/auth/refresh',
      body: { refreshToken: (await f.t.login(f.users.auditor.email, f.users.auditor.password)).refreshToken },
    }),
  },
  {
    route: 'POST /auth/logout',
    expect: { admin: 204, coordinator: 204, auditor: 204, manager: 204, outsider: 204, anonymous: 401 },
    other: 'global',
    call: async (f) => ({
      path: '/auth/logout',
      body: { refreshToken: (await f.t.login(f.users.manager.email, f.users.manager.password)).refreshToken },
    }),
  },
  { route: 'GET /me', expect: READ_ALL_USERS, other: 'global', call: async () => ({ path: '/me' }) },
  {
    route: 'PATCH /me',
    expect: READ_ALL_USERS,
    other: 'global',
    call: async () => ({ path: '/me', body: { locale: 'es' } }),
  },
  { route: 'GET /users', expect: ADMIN_ONLY(200), other: 'global', call: async () => ({ path: '/users' }) },
  {
    route: 'POST /users',
    expect: ADMIN_ONLY(201),
    other: 'global',
    call: async () => ({
      path: '/users',
      body: { email: `m${unique()}@test.vigia`, password: 'long-enough-password', name: 'Matrix', role: 'user' },
    }),
  },
  {
    route: 'GET /users/{id}',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async (f) => ({ path: `/users/${f.owners.auditor.id}` }),
  },
  {
    route: 'PATCH /users/{id}',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async (f) => ({
      path: `/users/${f.owners.auditor.id}`,
      body: { name: `Auditor ${unique()}`, version: await currentVersion(f, `/users/${f.owners.auditor.id}`) },
    }),
  },
  {
    route: 'GET /institutions',
    expect: READ_ALL_USERS,
    other: 'global',
    call: async () => ({ path: '/institutions' }),
  },
  {
    route: 'POST /institutions',
    expect: ADMIN_ONLY(201),
    other: 'global',
    call: async () => ({
      path: '/institutions',
      body: { name: 'Matrix institution', acronym: `M${unique()}`, jurisdiction: 'federal', country: 'MX' },
    }),
  },
  {
    route: 'GET /institutions/{id}',
    expect: READ_ALL_USERS,
    other: 'global',
    call: async (f) => ({ path: `/institutions/${f.institutionId}` }),
  },
  {
    route: 'PATCH /institutions/{id}',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async (f) => ({
      path: `/institutions/${f.institutionId}`,
      body: { name: `Inst ${unique()}`, version: await currentVersion(f, `/institutions/${f.institutionId}`) },
    }),
  },
  { route: 'GET /reviews', expect: READ_ALL_USERS, other: 'global', call: async () => ({ path: '/reviews' }) },
  {
    route: 'POST /reviews',
    expect: { admin: 201, coordinator: 201, auditor: 201, manager: 201, outsider: 201, anonymous: 401 },
    other: 'global',
    call: async (f) => ({ path: '/reviews', body: { title: `Matrix ${unique()}`, institutionId: f.institutionId } }),
  },
  {
    route: 'GET /reviews/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}` }),
  },
  {
    route: 'PATCH /reviews/{id}',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}`,
      body: { summary: `Edited ${unique()}`, version: await currentVersion(f, `/reviews/${f.reviewId}`) },
    }),
  },
  {
    route: 'GET /reviews/{id}/members',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/members` }),
  },
  {
    route: 'POST /reviews/{id}/members',
    expect: COORDINATOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/members`,
      body: { userId: (await f.t.user('Joiner')).id, role: 'manager' },
    }),
  },
  {
    route: 'DELETE /reviews/{id}/members/{userId}',
    expect: COORDINATOR_WRITES(204),
    other: 'scoped',
    call: async (f) => {
      const leaver = await f.t.user('Leaver');
      await f.t.post(
        `/reviews/${f.reviewId}/members`,
        { userId: leaver.id, role: 'manager' },
        f.owners.coordinator.token,
      );
      return { path: `/reviews/${f.reviewId}/members/${leaver.id}` };
    },
  },
  {
    route: 'GET /audit-events',
    // Everyone but an admin must name one record; only the coordinator of its review may read it.
    expect: { admin: 200, coordinator: 200, auditor: 404, manager: 404, outsider: 404, anonymous: 401 },
    other: 'scoped',
    call: async (f) => ({ path: `/audit-events?entityType=review&entityId=${f.reviewId}` }),
  },
  {
    route: 'GET /audit-events/verify',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async () => ({ path: '/audit-events/verify' }),
  },
  {
    route: 'POST /admin/queues/session',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async () => ({ path: '/admin/queues/session' }),
  },
  // Catalogues: every user reads; admins extend the focus areas; the principles are fixed.
  { route: 'GET /focus-areas', expect: READ_ALL_USERS, other: 'global', call: async () => ({ path: '/focus-areas' }) },
  { route: 'GET /principles', expect: READ_ALL_USERS, other: 'global', call: async () => ({ path: '/principles' }) },
  {
    route: 'POST /focus-areas',
    expect: ADMIN_ONLY(201),
    other: 'global',
    call: async () => ({
      path: '/focus-areas',
      body: { code: `area-${unique()}`, names: { en: 'Area', es: 'Área', fr: 'Domaine' } },
    }),
  },
  {
    route: 'PATCH /focus-areas/{id}',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async (f) => ({
      path: `/focus-areas/${f.ids.focusArea}`,
      body: {
        names: { en: `Area ${unique()}`, es: 'Área', fr: 'Domaine' },
        version: await versionIn(f, 'focus_areas', f.ids.focusArea),
      },
    }),
  },
  {
    route: 'GET /institutions/{id}/indicators',
    expect: READ_ALL_USERS,
    other: 'global',
    call: async (f) => ({ path: `/institutions/${f.institutionId}/indicators` }),
  },
  {
    route: 'POST /institutions/{id}/indicators',
    expect: ADMIN_ONLY(201),
    other: 'global',
    call: async (f) => ({
      path: `/institutions/${f.institutionId}/indicators`,
      body: { metric: `beds_${unique()}`, year: 1992, value: 10, source: 'Matrix test' },
    }),
  },
  // Inside a review: members read, the coordinator (and an admin) writes, anyone else gets 404.
  {
    route: 'GET /reviews/{id}/components',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/components` }),
  },
  {
    route: 'POST /reviews/{id}/components',
    expect: COORDINATOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/components`, body: { title: `Component ${unique()}` } }),
  },
  {
    route: 'PATCH /components/{id}',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/components/${f.ids.component}`,
      body: { title: `Component ${unique()}`, version: await versionIn(f, 'review_components', f.ids.component) },
    }),
  },
  {
    route: 'GET /reviews/{id}/deliverables',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/deliverables` }),
  },
  {
    route: 'POST /reviews/{id}/deliverables',
    expect: COORDINATOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/deliverables`,
      body: { title: `D ${unique()}`, kind: 'briefing', dueOn: '2027-06-30' },
    }),
  },
  {
    route: 'GET /deliverables/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/deliverables/${f.ids.deliverable}` }),
  },
  {
    route: 'PATCH /deliverables/{id}',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/deliverables/${f.ids.deliverable}`,
      body: { title: `D ${unique()}`, version: await versionIn(f, 'deliverables', f.ids.deliverable) },
    }),
  },
  {
    route: 'POST /deliverables/{id}/transitions',
    // An auditor may move only a deliverable they own; this one has no owner.
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({ path: `/deliverables/${await newDeliverable(f)}/transitions`, body: { to: 'in_progress' } }),
  },
  {
    route: 'GET /reviews/{id}/milestones',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/milestones` }),
  },
  {
    route: 'POST /reviews/{id}/milestones',
    expect: COORDINATOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/milestones`,
      body: { title: `M ${unique()}`, plannedOn: '2019-07-01', precision: 'season' },
    }),
  },
  {
    route: 'GET /milestones/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/milestones/${f.ids.milestone}` }),
  },
  {
    route: 'PATCH /milestones/{id}',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/milestones/${f.ids.milestone}`,
      body: { title: `M ${unique()}`, version: await versionIn(f, 'milestones', f.ids.milestone) },
    }),
  },
  {
    route: 'GET /reviews/{id}/workshops',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/workshops` }),
  },
  {
    route: 'POST /reviews/{id}/workshops',
    expect: COORDINATOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/workshops`,
      body: { title: `W ${unique()}`, topic: 'Bid rigging', startsOn: '2017-07-12', location: 'Hermosillo' },
    }),
  },
  {
    route: 'GET /workshops/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/workshops/${f.ids.workshop}` }),
  },
  {
    route: 'PATCH /workshops/{id}',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/workshops/${f.ids.workshop}`,
      body: { title: `W ${unique()}`, version: await versionIn(f, 'workshops', f.ids.workshop) },
    }),
  },
  {
    route: 'POST /workshops/{id}/participants',
    expect: COORDINATOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({ path: `/workshops/${f.ids.workshop}/participants`, body: { name: `P ${unique()}` } }),
  },
  {
    route: 'PATCH /participants/{id}',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/participants/${f.ids.participant}`,
      body: {
        attended: true,
        satisfaction: 4,
        version: await versionIn(f, 'workshop_participants', f.ids.participant),
      },
    }),
  },
  {
    route: 'DELETE /participants/{id}',
    expect: COORDINATOR_WRITES(204),
    other: 'scoped',
    call: async (f) => ({ path: `/participants/${await newParticipant(f)}` }),
  },
  {
    route: 'GET /reviews/{id}/timeline',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/timeline` }),
  },
  {
    route: 'GET /reviews/{id}/timeline.ics',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/timeline.ics` }),
  },
  {
    route: 'GET /reviews/{id}/timeline/feed',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/timeline/feed` }),
  },
  // Findings and what follows from them: auditors and the coordinator write, managers read.
  {
    route: 'GET /reviews/{id}/findings',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/findings` }),
  },
  {
    route: 'POST /reviews/{id}/findings',
    expect: AUDITOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/findings`,
      body: sampleFinding(f.ids.focusArea, `F ${unique()}`),
    }),
  },
  {
    route: 'GET /findings/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${f.ids.finding}` }),
  },
  {
    route: 'PATCH /findings/{id}',
    // The fixture finding's author is the auditor: an auditor who did not write it would get 403.
    expect: AUDITOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/findings/${f.ids.finding}`,
      body: { title: `F ${unique()}`, version: await versionIn(f, 'findings', f.ids.finding) },
    }),
  },
  {
    route: 'POST /findings/{id}/transitions',
    expect: AUDITOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${await newFinding(f)}/transitions`, body: { to: 'in_review' } }),
  },
  {
    route: 'GET /findings/{id}/comments',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${f.ids.finding}/comments` }),
  },
  {
    route: 'POST /findings/{id}/comments',
    expect: AUDITOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${f.ids.finding}/comments`, body: { body: `Comment ${unique()}` } }),
  },
  {
    route: 'GET /findings/{id}/recommendations',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${f.ids.finding}/recommendations` }),
  },
  {
    route: 'POST /findings/{id}/recommendations',
    expect: AUDITOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/findings/${f.ids.finding}/recommendations`,
      body: {
        text: `R ${unique()}`,
        priority: 'high',
        responsibleUnit: 'Procurement directorate',
        targetOn: '2027-12-31',
      },
    }),
  },
  {
    route: 'GET /recommendations/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/recommendations/${f.ids.recommendation}` }),
  },
  {
    route: 'PATCH /recommendations/{id}',
    expect: AUDITOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/recommendations/${f.ids.recommendation}`,
      body: { text: `R ${unique()}`, version: await versionIn(f, 'recommendations', f.ids.recommendation) },
    }),
  },
  {
    route: 'GET /recommendations/{id}/follow-ups',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/recommendations/${f.ids.recommendation}/follow-ups` }),
  },
  {
    route: 'POST /recommendations/{id}/follow-ups',
    expect: AUDITOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({
      path: `/recommendations/${f.ids.recommendation}/follow-ups`,
      body: { status: 'in_progress', note: `Follow-up ${unique()}`, on: '2020-01-15' },
    }),
  },
  {
    route: 'GET /reviews/{id}/previous-recommendations',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/previous-recommendations` }),
  },
  {
    route: 'GET /reviews/{id}/summary',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/summary` }),
  },
  // Evidence: uploaded by auditors and the coordinator, downloaded by any member of the review.
  {
    route: 'POST /findings/{id}/evidence',
    expect: AUDITOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${f.ids.finding}/evidence`, ...pdfUpload() }),
  },
  {
    route: 'POST /follow-ups/{id}/evidence',
    expect: AUDITOR_WRITES(201),
    other: 'scoped',
    call: async (f) => ({ path: `/follow-ups/${f.ids.followUp}/evidence`, ...pdfUpload() }),
  },
  {
    route: 'GET /findings/{id}/evidence',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/findings/${f.ids.finding}/evidence` }),
  },
  {
    route: 'GET /follow-ups/{id}/evidence',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/follow-ups/${f.ids.followUp}/evidence` }),
  },
  {
    route: 'GET /evidence/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/evidence/${f.ids.evidence}` }),
  },
  {
    route: 'GET /evidence/{id}/file',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/evidence/${f.ids.evidence}/file` }),
  },
  // Reminders: members read the review's policy, its coordinator sets it; admins run the scans and read the outbox;
  // everyone reads and marks their own notifications.
  {
    route: 'GET /reviews/{id}/reminder-policy',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/reminder-policy` }),
  },
  {
    route: 'PUT /reviews/{id}/reminder-policy',
    expect: COORDINATOR_WRITES(200),
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/reminder-policy`,
      body: { daysBefore: [14, 3, 1], overdueEveryDays: 7 },
    }),
  },
  {
    route: 'POST /admin/reminders/scan',
    expect: ADMIN_ONLY(202),
    other: 'global',
    call: async () => ({ path: '/admin/reminders/scan' }),
  },
  {
    route: 'POST /admin/reminders/digest',
    expect: ADMIN_ONLY(202),
    other: 'global',
    call: async () => ({ path: '/admin/reminders/digest' }),
  },
  {
    route: 'GET /admin/outbox',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async () => ({ path: '/admin/outbox' }),
  },
  {
    route: 'GET /admin/outbox/{id}',
    expect: ADMIN_ONLY(200),
    other: 'global',
    call: async (f) => {
      const { rows } = await f.t.db.query(
        `INSERT INTO mail_messages (to_address, subject, text_body) VALUES ('someone@test.vigia', 'Matrix', 'Body')
         RETURNING id`,
      );
      return { path: `/admin/outbox/${rows[0].id}` };
    },
  },
  {
    route: 'GET /me/notifications',
    expect: READ_ALL_USERS,
    other: 'global',
    call: async () => ({ path: '/me/notifications' }),
  },
  {
    route: 'POST /me/notifications/read-all',
    expect: READ_ALL_USERS,
    other: 'global',
    call: async () => ({ path: '/me/notifications/read-all' }),
  },
  {
    route: 'POST /me/notifications/{id}/read',
    expect: READ_ALL_USERS,
    other: { admin: 404, coordinator: 404, auditor: 404, manager: 404, outsider: 404, anonymous: 401 },
    // Each role marks a notification of its own, about the review; on the other side, one of that review's coordinator.
    call: async (f, role) => {
      const owner = f.side === 'other' ? f.owners.coordinator : role === 'anonymous' ? f.users.admin : f.users[role];
      const { rows } = await f.t.db.query(
        `INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, title, body)
         VALUES ($1, 'reminder', $2, 'review', $2, $3, 'Matrix', 'Body') RETURNING id`,
        [owner.id, f.reviewId, `matrix-${unique()}`],
      );
      return { path: `/me/notifications/${rows[0].id}/read` };
    },
  },
  // Reports: any member requests and reads them; the file of a finished one downloads.
  {
    route: 'POST /reviews/{id}/reports',
    expect: { admin: 202, coordinator: 202, auditor: 202, manager: 202, outsider: 404, anonymous: 401 },
    other: 'scoped',
    call: async (f) => ({
      path: `/reviews/${f.reviewId}/reports`,
      body: { kind: 'findings', format: 'csv', locale: 'en' },
    }),
  },
  {
    route: 'GET /reviews/{id}/reports',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reviews/${f.reviewId}/reports` }),
  },
  {
    route: 'GET /reports/{id}',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reports/${f.ids.report}` }),
  },
  {
    route: 'GET /reports/{id}/file',
    expect: MEMBERS_READ,
    other: 'scoped',
    call: async (f) => ({ path: `/reports/${f.ids.report}/file` }),
  },
  {
    route: 'GET /health',
    expect: { admin: 200, outsider: 200, anonymous: 200 },
    other: 'global',
    call: async () => ({ path: '/health' }),
  },
];

/** Statuses as a test name shows them: `admin 200, coordinator 404, ...`. */
const shown = (statuses: Statuses): string =>
  Object.entries(statuses)
    .map(([role, status]) => `${role} ${status}`)
    .join(', ');

/** What a row expects on one side: on the other side, `global` and `scoped` spelled out role by role. */
function expected(row: Row, side: Fixture['side']): Statuses {
  if (side === 'own' || row.other === 'global') return row.expect;
  if (row.other !== 'scoped') return row.other;
  const outside = (role: Role): number =>
    role === 'admin' ? (row.expect.admin as number) : role === 'anonymous' ? 401 : 404;
  return Object.fromEntries(ROLES.filter((r) => r in row.expect).map((r) => [r, outside(r)]));
}

/** A body, sent to the own review, that names a record of a review (its own, or the other one). */
interface Reference {
  route: string;
  /** The field, and what it names on the other side. */
  naming: string;
  /** Expected status per caller when the field names the own review's record: the body is otherwise valid. */
  control?: Statuses;
  /** Expected status per caller when it names the other review's record. */
  expect: Statuses;
  call: (own: Fixture, named: Fixture) => Promise<{ path: string; body: unknown }>;
  /** The records a refused call must leave as they were. */
  state: (own: Fixture) => Promise<unknown>;
}

/** How many rows of a table belong to the review, and the sum of their versions: changes with any insert or update. */
async function reviewRows(f: Fixture, table: string): Promise<unknown> {
  const { rows } = await f.t.db.query(
    `SELECT count(*)::int AS n, coalesce(sum(version), 0)::int AS versions FROM ${table} WHERE review_id = $1`,
    [f.reviewId],
  );
  return rows[0];
}

const CREATED = { admin: 201, coordinator: 201 };
const UPDATED = { admin: 200, coordinator: 200 };
// An admin sees both reviews, yet a record of one is still no reference for the other.
const REFUSED = { admin: 400, coordinator: 400 };

export const REFERENCES: Reference[] = [
  {
    route: 'POST /reviews/{id}/deliverables',
    naming: 'componentId naming a component of another review',
    control: CREATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/reviews/${own.reviewId}/deliverables`,
      body: { title: `D ${unique()}`, kind: 'report', dueOn: '2027-03-31', componentId: named.ids.component },
    }),
    state: (own) => reviewRows(own, 'deliverables'),
  },
  {
    route: 'POST /reviews/{id}/deliverables',
    naming: 'ownerId naming a member of another review only',
    control: CREATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/reviews/${own.reviewId}/deliverables`,
      body: { title: `D ${unique()}`, kind: 'report', dueOn: '2027-03-31', ownerId: named.owners.auditor.id },
    }),
    state: (own) => reviewRows(own, 'deliverables'),
  },
  {
    route: 'PATCH /deliverables/{id}',
    naming: 'componentId naming a component of another review',
    control: UPDATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/deliverables/${own.ids.deliverable}`,
      body: { componentId: named.ids.component, version: await versionIn(own, 'deliverables', own.ids.deliverable) },
    }),
    state: (own) => reviewRows(own, 'deliverables'),
  },
  {
    route: 'PATCH /deliverables/{id}',
    naming: 'ownerId naming a member of another review only',
    control: UPDATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/deliverables/${own.ids.deliverable}`,
      body: { ownerId: named.owners.auditor.id, version: await versionIn(own, 'deliverables', own.ids.deliverable) },
    }),
    state: (own) => reviewRows(own, 'deliverables'),
  },
  {
    route: 'POST /reviews/{id}/milestones',
    naming: 'deliverableId naming a deliverable of another review',
    control: CREATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/reviews/${own.reviewId}/milestones`,
      body: { title: `M ${unique()}`, plannedOn: '2019-07-01', precision: 'day', deliverableId: named.ids.deliverable },
    }),
    state: (own) => reviewRows(own, 'milestones'),
  },
  {
    route: 'PATCH /milestones/{id}',
    naming: 'deliverableId naming a deliverable of another review',
    control: UPDATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/milestones/${own.ids.milestone}`,
      body: { deliverableId: named.ids.deliverable, version: await versionIn(own, 'milestones', own.ids.milestone) },
    }),
    state: (own) => reviewRows(own, 'milestones'),
  },
  {
    route: 'POST /reviews/{id}/workshops',
    naming: 'deliverableId naming a deliverable of another review',
    control: CREATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/reviews/${own.reviewId}/workshops`,
      body: {
        title: `W ${unique()}`,
        topic: 'Bid rigging',
        startsOn: '2017-07-12',
        location: 'Hermosillo',
        deliverableId: named.ids.deliverable,
      },
    }),
    state: (own) => reviewRows(own, 'workshops'),
  },
  {
    route: 'PATCH /workshops/{id}',
    naming: 'deliverableId naming a deliverable of another review',
    control: UPDATED,
    expect: REFUSED,
    call: async (own, named) => ({
      path: `/workshops/${own.ids.workshop}`,
      body: { deliverableId: named.ids.deliverable, version: await versionIn(own, 'workshops', own.ids.workshop) },
    }),
    state: (own) => reviewRows(own, 'workshops'),
  },
  {
    route: 'POST /reviews',
    // Both reviews belong to one institution, so only visibility decides: an admin sees every review.
    naming: 'previousReviewId naming another review',
    control: CREATED,
    expect: { admin: 201, coordinator: 400 },
    call: async (own, named) => ({
      path: '/reviews',
      body: { title: `Follow-up ${unique()}`, institutionId: own.institutionId, previousReviewId: named.reviewId },
    }),
    state: async (own) => (await own.t.db.query('SELECT count(*)::int AS n FROM reviews')).rows[0],
  },
  {
    // No control: the own review cannot follow itself; an admin is not called, as linking would change what the own
    // review's members read under previous-recommendations.
    route: 'PATCH /reviews/{id}',
    naming: 'previousReviewId naming another review',
    expect: { coordinator: 400 },
    call: async (own, named) => ({
      path: `/reviews/${own.reviewId}`,
      body: { previousReviewId: named.reviewId, version: await currentVersion(own, `/reviews/${own.reviewId}`) },
    }),
    state: async (own) =>
      (await own.t.db.query('SELECT version, previous_review_id FROM reviews WHERE id = $1', [own.reviewId])).rows[0],
  },
];

/** A fixture with its ids still to be made by `populate`. */
function fixture(
  t: TestApp,
  side: Fixture['side'],
  reviewId: string,
  institutionId: string,
  users: Fixture['users'],
  owners: Fixture['owners'],
): Fixture {
  const ids = {
    component: '',
    deliverable: '',
    milestone: '',
    workshop: '',
    participant: '',
    focusArea: '',
    finding: '',
    recommendation: '',
    followUp: '',
    evidence: '',
    report: '',
  };
  return { t, side, reviewId, institutionId, users, owners, ids };
}

/** One record of each kind in the fixture's review, made by its owners (the focus area by the admin). */
async function populate(f: Fixture): Promise<void> {
  const { t, owners } = f;
  f.ids.component = await create(f, `/reviews/${f.reviewId}/components`, { title: 'Public Procurement Review' });
  f.ids.deliverable = await newDeliverable(f);
  f.ids.milestone = await create(f, `/reviews/${f.reviewId}/milestones`, {
    title: 'Agreement',
    plannedOn: '2017-03-01',
    precision: 'month',
  });
  f.ids.workshop = await create(f, `/reviews/${f.reviewId}/workshops`, {
    title: 'First workshop',
    topic: 'Fostering competition and preventing bid rigging',
    startsOn: '2017-07-12',
    location: 'Hermosillo',
  });
  f.ids.participant = await newParticipant(f);
  const area = await t.post(
    '/focus-areas',
    { code: `matrix-${unique()}`, names: { en: 'Matrix', es: 'Matriz', fr: 'Matrice' } },
    f.users.admin.token,
  );
  if (area.status !== 201) throw new Error(`fixture focus area: ${area.status} ${JSON.stringify(area.body)}`);
  f.ids.focusArea = area.body.id as string;
  f.ids.finding = await newFinding(f);
  const recommendation = await t.post(
    `/findings/${f.ids.finding}/recommendations`,
    {
      text: 'Publish every award',
      priority: 'high',
      responsibleUnit: 'Procurement directorate',
      targetOn: '2027-12-31',
    },
    owners.auditor.token,
  );
  if (recommendation.status !== 201) throw new Error(`fixture recommendation: ${recommendation.status}`);
  f.ids.recommendation = recommendation.body.id as string;
  const followUp = await t.post(
    `/recommendations/${f.ids.recommendation}/follow-ups`,
    { status: 'in_progress', note: 'Drafting the new procedure', on: '2020-01-15' },
    owners.auditor.token,
  );
  if (followUp.status !== 201) throw new Error(`fixture follow-up: ${followUp.status}`);
  f.ids.followUp = followUp.body.id as string;
  const evidence = await t.request('POST', `/findings/${f.ids.finding}/evidence`, {
    token: owners.auditor.token,
    ...pdfUpload(),
  });
  if (evidence.status !== 201) throw new Error(`fixture evidence: ${evidence.status} ${JSON.stringify(evidence.body)}`);
  f.ids.evidence = evidence.body.id as string;
  const report = await t.post(
    `/reviews/${f.reviewId}/reports`,
    { kind: 'findings', format: 'csv', locale: 'en' },
    owners.coordinator.token,
  );
  if (report.status !== 202) throw new Error(`fixture report: ${report.status} ${JSON.stringify(report.body)}`);
  f.ids.report = report.body.id as string;
  for (let i = 0; ; i++) {
    const got = await t.get(`/reports/${f.ids.report}`, owners.coordinator.token);
    if (got.body.status === 'done') break;
    if (got.body.status === 'failed' || i > 300) throw new Error(`fixture report: ${JSON.stringify(got.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Calls once per listed role, refused roles first (they must change nothing the allowed calls rely on), and answers
 * the status each got. With `state`, a refused call must leave it as it was.
 */
async function statuses(
  f: Fixture,
  method: string,
  want: Statuses,
  call: (role: Role) => ReturnType<Row['call']>,
  state?: () => Promise<unknown>,
): Promise<Statuses> {
  const order = ROLES.filter((r) => r in want).sort(
    (a, b) => Number((want[a] ?? 0) < 400) - Number((want[b] ?? 0) < 400),
  );
  const got: Statuses = {};
  for (const role of order) {
    const { path, body, raw, headers } = await call(role);
    const token = role === 'anonymous' ? undefined : f.users[role].token;
    const check = state && (want[role] ?? 0) >= 400 ? state : undefined;
    const before = await check?.();
    got[role] = (await f.t.request(method, path, { token, body, raw, headers })).status;
    if (check) expect({ role, state: await check() }).toEqual({ role, state: before });
  }
  return got;
}

describe('access matrix', () => {
  const sides = {} as Record<Fixture['side'], Fixture>;
  beforeAll(async () => {
    const t = await TestApp.start({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    const team = await t.reviewTeam();
    const institutionId = team.review.institutionId as string;
    const users = {
      admin: team.admin,
      coordinator: team.coordinator,
      auditor: team.auditor,
      manager: team.manager,
      outsider: team.outsider,
    };
    // The other review, in the same institution, run by a team of its own: none of the callers but the admin may
    // reach it (the outsider is a member of a third review, made by reviewTeam).
    const [coordinator, auditor] = await Promise.all([t.user('Other coordinator'), t.user('Other auditor')]);
    const other = await t.post('/reviews', { title: 'Another team’s review', institutionId }, coordinator.token);
    if (other.status !== 201) throw new Error(`fixture other review: ${other.status} ${JSON.stringify(other.body)}`);
    const joined = await t.post(
      `/reviews/${other.body.id}/members`,
      { userId: auditor.id, role: 'auditor' },
      coordinator.token,
    );
    if (joined.status !== 201) throw new Error(`fixture other auditor: ${joined.status}`);
    sides.own = fixture(t, 'own', team.reviewId, institutionId, users, {
      coordinator: team.coordinator,
      auditor: team.auditor,
    });
    sides.other = fixture(t, 'other', other.body.id as string, institutionId, users, { coordinator, auditor });
    await Promise.all([populate(sides.own), populate(sides.other)]);
  });
  afterAll(() => sides.own.t.close());

  it('has a row for every route in the OpenAPI document on both sides, and none for a route that does not exist', async () => {
    const doc = (await sides.own.t.request('GET', '/api/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`))
      .sort();
    expect(ROWS.map((r) => r.route).sort()).toEqual(documented);
    // The other side calls the same roles as the own side: a row cannot leave a role out there.
    const sameRoles = (row: Row): boolean =>
      JSON.stringify(Object.keys(expected(row, 'other')).sort()) === JSON.stringify(Object.keys(row.expect).sort());
    expect(ROWS.filter((row) => !sameRoles(row)).map((r) => r.route)).toEqual([]);
    expect(REFERENCES.map((r) => r.route).filter((route) => !documented.includes(route))).toEqual([]);
  });

  for (const side of ['own', 'other'] as const) {
    describe(side === 'own' ? 'on a record of the callers’ review' : 'on a record of a review they are not in', () => {
      for (const row of ROWS) {
        const want = expected(row, side);
        it(`${row.route}: ${shown(want)}`, async () => {
          const f = sides[side];
          const got = await statuses(f, row.route.split(' ')[0], want, (role) => row.call(f, role));
          expect(got).toEqual(want);
        });
      }
    });
  }

  describe('a body naming a record of another review is refused and changes nothing', () => {
    for (const ref of REFERENCES) {
      it(`${ref.route} with ${ref.naming}: ${shown(ref.expect)}${
        ref.control ? `; naming the same review's: ${shown(ref.control)}` : ''
      }`, async () => {
        const { own, other } = sides;
        const method = ref.route.split(' ')[0];
        const got = await statuses(
          own,
          method,
          ref.expect,
          () => ref.call(own, other),
          () => ref.state(own),
        );
        expect(got).toEqual(ref.expect);
        if (ref.control)
          expect(await statuses(own, method, ref.control, () => ref.call(own, own))).toEqual(ref.control);
      });
    }
  });
});
