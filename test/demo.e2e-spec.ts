import { formatAtPrecision, periodOf, type Precision } from '@vigia/common';
import { DEFAULT_DEMO_PASSWORD, DEMO_RECORD_KINDS, type DemoSeedResult, seedDemo } from '@vigia/demo';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TestApp } from './support/test-app';

// Everything the expectations come from is read from the product's own copies of the sources (seeds/sources).
const seedsPath = (...parts: string[]): string => join(process.cwd(), 'seeds', ...parts);
const readSeed = (...parts: string[]): string => readFileSync(seedsPath(...parts), 'utf8');
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Row labels of the English 1992 table, and the metric code each is stored under. */
const METRIC_OF_ROW: Record<string, string> = {
  'People covered': 'people_covered',
  'Clinics - primary care facilities': 'primary_care_clinics',
  'General hospitals': 'general_hospitals',
  'Specialized hospitals': 'specialized_hospitals',
  'Total number of medical units': 'medical_units_total',
  'Hospital beds (excluding day beds)': 'hospital_beds',
  'Medical doctors': 'medical_doctors',
  Paramedics: 'paramedics',
  'Nursing staff': 'nursing_staff',
};

interface Table {
  columns: string[];
  rows: { label: string; figures: number[] }[];
}

/** A figure as printed: "37,400,000" in English, "37 400 000" in French, or ungrouped ("1180"). */
function parseFigure(cell: string): number {
  const digits = cell.replace(/[\s,\u00a0\u202f]/g, '');
  if (!/^\d+$/.test(digits)) throw new Error(`not a figure: ${JSON.stringify(cell)}`);
  return Number(digits);
}

/** The tab-separated table: a header line of acronyms (after an empty first cell), then one line per row. */
function parseTable(text: string): Table {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('\t') && l.split('\t').length > 2);
  if (header < 0) throw new Error('no table found');
  const columns = lines[header]
    .split('\t')
    .slice(1)
    .map((c) => c.trim());
  const rows: Table['rows'] = [];
  for (const line of lines.slice(header + 1)) {
    if (!line.includes('\t')) break;
    const [label, ...cells] = line.split('\t');
    rows.push({ label: label.trim(), figures: cells.map(parseFigure) });
  }
  return { columns, rows };
}

function citationOf(text: string): string {
  const line = text.split('\n').find((l) => l.startsWith('Source:'));
  if (!line) throw new Error('no source line');
  return line.replace(/^Source:\s*/, '').trim();
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Meteorological seasons of the northern hemisphere, as libs/common/date-precision reads them. */
const SEASON_START: Record<string, number> = { Spring: 3, Summer: 6, Autumn: 9, Winter: 12 };
const WHEN = new RegExp(`^(${[...MONTHS, ...Object.keys(SEASON_START)].join('|')}) (\\d{4})$`);

/** "March 2017" -> month precision, 2017-03-01; "Summer 2019" -> season precision, 2019-06-01. */
function dateOf(when: string): { plannedOn: string; precision: Precision } {
  const match = WHEN.exec(when);
  if (!match) throw new Error(`not a date the sheet uses: ${when}`);
  const [, word, year] = match;
  const month = MONTHS.includes(word) ? MONTHS.indexOf(word) + 1 : SEASON_START[word];
  return {
    plannedOn: `${year}-${String(month).padStart(2, '0')}-01`,
    precision: MONTHS.includes(word) ? 'month' : 'season',
  };
}

/** The project sheet, line by line, and its sections (the lines between two headings). */
class Sheet {
  readonly text = readSeed('sources', 'isssteson-oecd-review-project-sheet.txt');
  readonly lines = this.text.split('\n').map((l) => l.trim());

  section(start: string, end: string): string[] {
    const from = this.lines.indexOf(start);
    const to = this.lines.indexOf(end, from + 1);
    if (from < 0 || to < 0) throw new Error(`no section ${start} .. ${end}`);
    return this.lines.slice(from + 1, to).filter(Boolean);
  }

  /** The timeline: a date line ("July 2017"), then its event, which may wrap over several lines. */
  timeline(): { when: string; title: string }[] {
    const entries: { when: string; title: string }[] = [];
    for (const line of this.section('Timeline', 'Content of the project')) {
      if (WHEN.test(line)) entries.push({ when: line, title: '' });
      else entries[entries.length - 1].title = collapse(`${entries[entries.length - 1].title} ${line}`);
    }
    return entries;
  }

  match(pattern: RegExp): RegExpExecArray {
    const m = pattern.exec(collapse(this.text));
    if (!m) throw new Error(`the sheet does not say ${String(pattern)}`);
    return m;
  }
}

const sameTitle = (a: string): string => a.toLowerCase().replace(/-/g, ' ');
const NUMBER_WORDS: Record<string, number> = { One: 1, Two: 2, Three: 3, Four: 4 };

/** Tables the seed writes to, and the audit trail. */
const TABLES = [
  'institutions',
  'institution_indicators',
  'focus_areas',
  'users',
  'reviews',
  'review_members',
  'review_components',
  'deliverables',
  'deliverable_transitions',
  'milestones',
  'workshops',
  'workshop_participants',
  'audit_events',
];
/** Tables of @Audited entities: each of their rows must have its insert in the trail. */
const AUDITED_TABLES = [
  'institutions',
  'institution_indicators',
  'users',
  'reviews',
  'review_members',
  'review_components',
  'deliverables',
  'milestones',
  'workshops',
];

describe('the ISSSTESON demo seed', () => {
  let t: TestApp;
  let first: DemoSeedResult;
  let sheet: Sheet;
  let institutions: Map<string, any>;
  let reviewId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    first = await seedDemo(t.app.get(DataSource));
    sheet = new Sheet();
    const admin = await t.admin();
    institutions = new Map(
      (await t.get('/institutions?limit=200', admin.token)).body.items.map((i: any) => [i.acronym, i]),
    );
    reviewId = first.reviewId;
  });
  afterAll(() => t.close());

  it('stores every figure of the 1992 table exactly as the English text publishes it, with its source', async () => {
    const en = readSeed('sources', 'premium-based-health-system-1992.en.txt');
    const table = parseTable(en);
    expect(table.columns).toHaveLength(5);
    expect(table.rows.map((r) => r.label)).toEqual(Object.keys(METRIC_OF_ROW));
    const admin = await t.admin();
    let compared = 0;
    for (const [column, acronym] of table.columns.entries()) {
      const institution = institutions.get(acronym);
      expect([acronym, institution?.jurisdiction, institution?.country]).toEqual([acronym, 'federal', 'MX']);
      const res = await t.get(`/institutions/${institution.id}/indicators?year=1992`, admin.token);
      const stored = new Map<string, any>(res.body.items.map((i: any) => [i.metric, i]));
      expect(stored.size).toBe(table.rows.length);
      for (const row of table.rows) {
        const indicator = stored.get(METRIC_OF_ROW[row.label]);
        expect([acronym, row.label, indicator?.value]).toEqual([acronym, row.label, row.figures[column]]);
        expect(indicator).toMatchObject({ year: 1992, source: citationOf(en) });
        expect(typeof indicator.value).toBe('number');
        expect(indicator.unit).toEqual(expect.any(String));
        compared++;
      }
    }
    expect(compared).toBe(table.columns.length * table.rows.length);
    expect(first.created.indicators).toBe(compared);
  });

  it('keeps a published total that is not the sum of its parts, as published', async () => {
    const table = parseTable(readSeed('sources', 'premium-based-health-system-1992.en.txt'));
    const row = (label: string): number[] => table.rows.find((r) => r.label === label)!.figures;
    const total = row('Total number of medical units');
    const parts = [row('Clinics - primary care facilities'), row('General hospitals'), row('Specialized hospitals')];
    const odd = table.columns.filter((_c, i) => total[i] !== parts.reduce((sum, p) => sum + p[i], 0));
    // The sources themselves disagree for ISSSTE (1,093 + 77 + 0 printed as a total of 1180).
    expect(odd).toEqual(['ISSSTE']);
    const admin = await t.admin();
    const at = table.columns.indexOf('ISSSTE');
    const stored = await t.get(
      `/institutions/${institutions.get('ISSSTE').id}/indicators?metric=medical_units_total`,
      admin.token,
    );
    expect(stored.body.items.map((i: any) => i.value)).toEqual([total[at]]);
  });

  it('agrees with the French edition of the table, figure for figure', () => {
    const en = readSeed('sources', 'premium-based-health-system-1992.en.txt');
    const fr = readSeed('sources', 'premium-based-health-system-1992.fr.txt');
    const enTable = parseTable(en);
    const frTable = parseTable(fr);
    expect(frTable.columns).toEqual(enTable.columns);
    expect(frTable.rows).toHaveLength(enTable.rows.length);
    for (const [i, row] of enTable.rows.entries()) {
      expect([row.label, frTable.rows[i].label, frTable.rows[i].figures]).toEqual([
        row.label,
        frTable.rows[i].label,
        row.figures,
      ]);
    }
    expect(citationOf(fr)).toBe(citationOf(en));
  });

  it('loads ISSSTESON as a state institution of Sonora, Mexico, as the sheet names it', () => {
    const named = sheet.match(/\(([^()]+), ISSSTESON\)/)[1];
    expect(sheet.match(/Country: Mexico \((\w+)\)/)[1]).toBe('Sonora');
    expect(institutions.get('ISSSTESON')).toMatchObject({
      name: named,
      jurisdiction: 'state',
      state: 'Sonora',
      country: 'MX',
    });
  });

  it("loads the review with the sheet's title, agreement, timeframe and areas of focus", async () => {
    const coordinator = await t.login('coordinator@demo.vigia.local', DEFAULT_DEMO_PASSWORD);
    const review = (await t.get(`/reviews/${reviewId}`, coordinator.token)).body;
    const title = collapse(sheet.lines.slice(0, 3).join(' '));
    expect(review).toMatchObject({ title, institutionId: institutions.get('ISSSTESON').id, myRole: 'coordinator' });
    // The sheet speaks of the first workshop in the past and of the launch as still to come.
    expect(review.status).toBe('active');

    const agreed = dateOf(sheet.match(/In (\w+ \d{4}), ISSSTESON and the OECD established an agreement/)[1]);
    expect(review.agreementOn).toBe(agreed.plannedOn);
    const [, from, to] = sheet.match(/Timeframe: (\w+ \d{4}) – (\w+ \d{4})/);
    const start = dateOf(from);
    const end = dateOf(to);
    expect(review.startsOn).toBe(periodOf(start.plannedOn, start.precision).start);
    expect(review.endsOn).toBe(periodOf(end.plannedOn, end.precision).end);

    const areas = sheet.section('Areas of focus:', 'List of Deliverables');
    expect(areas).toHaveLength(6);
    const catalogue = new Map<string, string>(
      (await t.get('/focus-areas', coordinator.token)).body.items.map((f: any) => [f.id, f.names.en]),
    );
    expect(review.focusAreaIds.map((id: string) => catalogue.get(id))).toEqual(areas);
  });

  it("loads the sheet's two components, in its order", async () => {
    const coordinator = await t.login('coordinator@demo.vigia.local', DEFAULT_DEMO_PASSWORD);
    const fromSheet = sheet.lines.map((l) => /^Component (\d+) – (.+)$/.exec(l)).filter((m) => m !== null);
    expect(fromSheet.map((m) => Number(m[1]))).toEqual([1, 2]);
    const stored = (await t.get(`/reviews/${reviewId}/components`, coordinator.token)).body.items;
    expect(stored.map((c: any) => sameTitle(c.title))).toEqual(fromSheet.map((m) => sameTitle(m[2])));
    expect(stored.every((c: any) => c.description)).toBe(true);
  });

  it("loads the sheet's deliverables: the review report and the workshops, each in its component", async () => {
    const list = sheet.section('List of Deliverables', 'Timeline');
    expect(list).toHaveLength(2);
    const workshopCount = NUMBER_WORDS[/^(\w+) workshops$/.exec(list[1])![1]];
    const { rows } = await t.db.query(
      `SELECT d.kind, d.title, d.status, c.title AS component FROM deliverables d
       LEFT JOIN review_components c ON c.id = d.component_id WHERE d.review_id = $1 ORDER BY d.due_on, d.title`,
      [reviewId],
    );
    const reports = rows.filter((d: any) => d.kind === 'report');
    expect(reports).toHaveLength(1);
    expect(reports[0].title.startsWith(list[0])).toBe(true);
    expect(sameTitle(reports[0].component)).toBe(sameTitle('Public Procurement Review'));
    const workshops = rows.filter((d: any) => d.kind === 'workshop');
    expect(workshops).toHaveLength(workshopCount);
    expect(workshops.every((d: any) => sameTitle(d.component) === sameTitle('Capacity building workshops'))).toBe(true);
    expect(rows).toHaveLength(1 + workshopCount);
    // The first workshop took place (the sheet speaks of it in the past); the report and the second did not yet.
    expect(rows.map((d: any) => d.status)).toEqual(['delivered', 'in_progress', 'planned']);
  });

  it('loads the two workshops as the sheet describes them, the second without an invented topic', async () => {
    const { rows } = await t.db.query(
      `SELECT w.title, w.topic, w.starts_on::text AS starts_on, w.theoretical_component, w.practical_component,
              w.facilitators, d.kind AS fulfils
       FROM workshops w LEFT JOIN deliverables d ON d.id = w.deliverable_id WHERE w.review_id = $1 ORDER BY w.starts_on`,
      [reviewId],
    );
    expect(rows).toHaveLength(2);
    const timeline = sheet.timeline();
    const [firstWhen, secondWhen] = timeline.filter((e) => /workshop/i.test(e.title)).map((e) => dateOf(e.when));
    const [one, two] = rows;

    const focus = sheet.match(/The first one focused on ([^.]+)\./)[1];
    expect(one.topic.toLowerCase()).toBe(focus.toLowerCase());
    const firstPeriod = periodOf(firstWhen.plannedOn, firstWhen.precision);
    expect(one.starts_on >= firstPeriod.start && one.starts_on <= firstPeriod.end).toBe(true);
    expect(two.topic).toMatch(/to be selected with ISSSTESON/i);
    const secondPeriod = periodOf(secondWhen.plannedOn, secondWhen.precision);
    expect(two.starts_on >= secondPeriod.start && two.starts_on <= secondPeriod.end).toBe(true);

    sheet.match(/a theoretical and a practical component/);
    sheet.match(/Country experts and OECD staff lead these workshops/);
    for (const w of rows) {
      expect(w.theoretical_component).toEqual(expect.any(String));
      expect(w.practical_component).toEqual(expect.any(String));
      expect(w.facilitators.map((f: any) => f.kind).sort()).toEqual(['country_expert', 'review_staff']);
      expect(w.fulfils).toBe('workshop');
    }
  });

  it("loads the sheet's timeline as milestones with their real precision and dates", async () => {
    const timeline = sheet.timeline();
    expect(timeline).toHaveLength(3);
    const { rows } = await t.db.query(
      `SELECT title, planned_on::text AS planned_on, precision, actual_on::text AS actual_on
       FROM milestones WHERE review_id = $1 ORDER BY planned_on`,
      [reviewId],
    );
    expect(rows.map((m: any) => m.title)).toEqual(timeline.map((e) => e.title));
    for (const [i, entry] of timeline.entries()) {
      const { plannedOn, precision } = dateOf(entry.when);
      expect([entry.when, rows[i].precision, rows[i].planned_on]).toEqual([entry.when, precision, plannedOn]);
      // Written back at its precision, the stored date reads exactly as the sheet prints it.
      expect(formatAtPrecision(rows[i].planned_on, rows[i].precision, 'en')).toBe(entry.when);
    }
    expect(rows.map((m: any) => [m.precision, m.planned_on])).toEqual([
      ['month', '2017-03-01'],
      ['month', '2017-07-01'],
      ['season', '2019-06-01'],
    ]);
    // Achieved: the agreement and the first workshop; the launch is not confirmed by the sheet.
    expect(rows.map((m: any) => m.actual_on)).toEqual(['2017-03-01', '2017-07-01', null]);
  });

  it('cites, for every fact in its data files, a copied source file that says it', () => {
    let checked = 0;
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const ref = node as { file?: unknown; quote?: unknown };
      if (typeof ref.file === 'string' && typeof ref.quote === 'string') {
        expect([where, ref.file.startsWith('sources/'), existsSync(seedsPath(ref.file))]).toEqual([where, true, true]);
        expect([where, collapse(readSeed(ref.file)).includes(collapse(ref.quote))]).toEqual([where, true]);
        checked++;
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${where}.${key}`);
    };
    for (const file of ['health-system-1992.json', 'isssteson-review.json']) {
      const data = JSON.parse(readSeed(file));
      visit(data, file);
      // Every record in the file carries at least one source, or says that it does not come from one.
      for (const [key, value] of Object.entries(data)) {
        if (key === 'sources' || !value || typeof value !== 'object') continue;
        for (const [i, item] of (Array.isArray(value) ? value : [value]).entries()) {
          const sourced =
            (Array.isArray(item.sources) && item.sources.length > 0) || /not from the sources/i.test(item.note);
          expect([file, key, i, sourced]).toEqual([file, key, i, true]);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('writes the insert of every row it loads to the audit trail', async () => {
    for (const table of AUDITED_TABLES) {
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM ${table} x
         WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_id = x.id AND a.action = 'insert')`,
      );
      expect([table, rows[0].n]).toEqual([table, 0]);
    }
    const verify = await t.get('/audit-events/verify', (await t.admin()).token);
    expect(verify.body.ok).toBe(true);
  });

  it('changes nothing when run a second time: no new rows, no new versions, no audit rows', async () => {
    const snapshot = async (): Promise<Record<string, string>> => {
      const out: Record<string, string> = {};
      for (const table of TABLES) {
        const versioned = !['deliverable_transitions', 'audit_events'].includes(table);
        const { rows } = await t.db.query(
          `SELECT count(*)::int AS n${versioned ? ', coalesce(sum(version), 0)::int AS v, max(updated_at) AS u' : ''} FROM ${table}`,
        );
        out[table] = JSON.stringify(rows[0]);
      }
      return out;
    };
    const before = await snapshot();
    const again = await seedDemo(t.app.get(DataSource));
    expect(await snapshot()).toEqual(before);
    expect(again.reviewId).toBe(first.reviewId);
    for (const kind of DEMO_RECORD_KINDS) {
      expect([kind, again.created[kind]]).toEqual([kind, 0]);
      expect([kind, again.existing[kind]]).toEqual([kind, first.created[kind] + first.existing[kind]]);
    }
    expect(again.accounts.every((a) => !a.created)).toBe(true);
  });

  it('lets each demo user sign in with their role on the review', async () => {
    expect(first.accounts.map((a) => [a.role, a.email, a.created])).toEqual([
      ['coordinator', 'coordinator@demo.vigia.local', true],
      ['auditor', 'auditor@demo.vigia.local', true],
      ['manager', 'manager@demo.vigia.local', true],
    ]);
    for (const { email, role } of first.accounts) {
      const user = await t.login(email, DEFAULT_DEMO_PASSWORD);
      const me = await t.get('/me', user.token);
      expect(me.body).toMatchObject({ email, role: 'user', memberships: [{ reviewId, role }] });
      expect((await t.get(`/reviews/${reviewId}`, user.token)).body.myRole).toBe(role);
      const edit = await t.patch(`/reviews/${reviewId}`, { version: 1 }, user.token);
      expect([role, edit.status]).toEqual([role, role === 'coordinator' ? 200 : 403]);
    }
    expect((await t.post('/auth/login', { email: first.accounts[0].email, password: 'wrong-password' })).status).toBe(
      401,
    );
  });
});
