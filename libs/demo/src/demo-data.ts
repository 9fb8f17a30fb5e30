// The demo's data files (seeds/*.json): their shape, and a loader that refuses a file that does not fit it.
import type { MemberRole } from '@vigia/auth';
import { MEMBER_ROLES } from '@vigia/auth';
import { DATE_PRECISIONS, DELIVERABLE_KINDS, DELIVERABLE_STATUSES } from '@vigia/deliverables';
import type { DatePrecision, DeliverableKind, DeliverableStatus } from '@vigia/deliverables';
import { JURISDICTIONS, type Jurisdiction } from '@vigia/institutions';
import { REVIEW_STATUSES, type ReviewStatus } from '@vigia/reviews';
import { FACILITATOR_KINDS, type Facilitator } from '@vigia/workshops';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HEALTH_SYSTEM_FILE = 'health-system-1992.json';
export const ISSSTESON_REVIEW_FILE = 'isssteson-review.json';

/** Where a fact comes from: a file under seeds/ and the words it says there. */
export interface SourceRef {
  file: string;
  quote: string;
  column?: string;
  note?: string;
}

export interface InstitutionData {
  acronym: string;
  name: string;
  jurisdiction: Jurisdiction;
  state: string | null;
  country: string;
  sources: SourceRef[];
}

export interface HealthSystemData {
  title: string;
  year: number;
  /** How the table cites its own source; stored as every indicator's source. */
  citation: string;
  institutions: InstitutionData[];
  metrics: { metric: string; label: string; unit: string; sources: SourceRef[] }[];
  indicators: { institution: string; metric: string; value: number; published: string; sources: SourceRef[] }[];
}

export interface IssstesonReviewData {
  institution: InstitutionData;
  review: {
    title: string;
    summary: string;
    status: ReviewStatus;
    agreementOn: string;
    startsOn: string;
    endsOn: string;
    sources: SourceRef[];
  };
  focusAreas: { code: string; name: string; translations: { es: string; fr: string }; sources: SourceRef[] }[];
  components: { key: string; title: string; position: number; description: string; sources: SourceRef[] }[];
  deliverables: {
    key: string;
    title: string;
    kind: DeliverableKind;
    component: string | null;
    description: string | null;
    dueOn: string;
    status: DeliverableStatus;
    deliveredOn: string | null;
    sources: SourceRef[];
  }[];
  workshops: {
    title: string;
    deliverable: string | null;
    topic: string;
    startsOn: string;
    endsOn: string | null;
    location: string;
    theoreticalComponent: string | null;
    practicalComponent: string | null;
    facilitators: Facilitator[];
    sources: SourceRef[];
  }[];
  milestones: {
    title: string;
    plannedOn: string;
    precision: DatePrecision;
    actualOn: string | null;
    deliverable: string | null;
    sources: SourceRef[];
  }[];
  team: { members: { role: MemberRole; email: string; name: string }[] };
}

export interface DemoData {
  healthSystem: HealthSystemData;
  isssteson: IssstesonReviewData;
}

/** The product's own data folder: `seeds/` of the checkout (or image) the command runs from. */
export function defaultSeedsDir(): string {
  return join(process.cwd(), 'seeds');
}

class DemoDataError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'DemoDataError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readJson(dir: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    throw new DemoDataError(join(dir, file), `cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Loads both files and checks what the database would otherwise refuse halfway through the seed. */
export function loadDemoData(seedsDir: string = defaultSeedsDir()): DemoData {
  const healthSystem = readJson(seedsDir, HEALTH_SYSTEM_FILE) as HealthSystemData;
  const isssteson = readJson(seedsDir, ISSSTESON_REVIEW_FILE) as IssstesonReviewData;
  const check = (file: string, ok: boolean, problem: string): void => {
    if (!ok) throw new DemoDataError(file, problem);
  };
  const isDate = (v: unknown): boolean => typeof v === 'string' && DATE.test(v);
  const isDateOrNull = (v: unknown): boolean => v === null || isDate(v);

  const h = HEALTH_SYSTEM_FILE;
  check(h, Number.isInteger(healthSystem.year), 'year must be an integer');
  check(h, typeof healthSystem.citation === 'string' && healthSystem.citation.length > 0, 'citation is missing');
  const acronyms = new Set(healthSystem.institutions?.map((i) => i.acronym));
  const metrics = new Set(healthSystem.metrics?.map((m) => m.metric));
  for (const i of [...(healthSystem.institutions ?? []), isssteson.institution]) {
    check(h, JURISDICTIONS.includes(i.jurisdiction), `${i.acronym}: unknown jurisdiction ${i.jurisdiction}`);
  }
  for (const x of healthSystem.indicators ?? []) {
    const what = `${x.institution}/${x.metric}`;
    check(h, acronyms.has(x.institution), `${what}: unknown institution`);
    check(h, metrics.has(x.metric), `${what}: unknown metric`);
    check(h, typeof x.value === 'number' && Number.isFinite(x.value), `${what}: value must be a number`);
    check(h, (x.sources ?? []).length > 0, `${what}: no source`);
  }

  const r = ISSSTESON_REVIEW_FILE;
  const review = isssteson.review;
  check(r, REVIEW_STATUSES.includes(review.status), `review: unknown status ${review.status}`);
  check(r, [review.agreementOn, review.startsOn, review.endsOn].every(isDate), 'review: dates must be YYYY-MM-DD');
  const componentKeys = new Set(isssteson.components.map((c) => c.key));
  const deliverableKeys = new Set(isssteson.deliverables.map((d) => d.key));
  for (const d of isssteson.deliverables) {
    check(r, DELIVERABLE_KINDS.includes(d.kind), `${d.title}: unknown kind ${d.kind}`);
    check(r, DELIVERABLE_STATUSES.includes(d.status), `${d.title}: unknown status ${d.status}`);
    check(r, d.component === null || componentKeys.has(d.component), `${d.title}: unknown component ${d.component}`);
    check(r, isDate(d.dueOn) && isDateOrNull(d.deliveredOn), `${d.title}: dates must be YYYY-MM-DD`);
  }
  for (const w of isssteson.workshops) {
    check(r, w.deliverable === null || deliverableKeys.has(w.deliverable), `${w.title}: unknown deliverable`);
    check(r, isDate(w.startsOn) && isDateOrNull(w.endsOn), `${w.title}: dates must be YYYY-MM-DD`);
    check(
      r,
      w.facilitators.every((f) => FACILITATOR_KINDS.includes(f.kind)),
      `${w.title}: unknown facilitator kind`,
    );
  }
  for (const m of isssteson.milestones) {
    check(r, DATE_PRECISIONS.includes(m.precision), `${m.title}: unknown precision ${m.precision}`);
    check(r, m.deliverable === null || deliverableKeys.has(m.deliverable), `${m.title}: unknown deliverable`);
    check(r, isDate(m.plannedOn) && isDateOrNull(m.actualOn), `${m.title}: dates must be YYYY-MM-DD`);
  }
  for (const member of isssteson.team.members) {
    check(r, MEMBER_ROLES.includes(member.role), `${member.email}: unknown role ${member.role}`);
  }
  return { healthSystem, isssteson };
}
