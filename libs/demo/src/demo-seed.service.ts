// Loads the ISSSTESON demo engagement and the 1992 health-system figures from seeds/; running it again changes nothing.
import { Injectable } from '@nestjs/common';
import type { MemberRole } from '@vigia/auth';
import { PasswordService, User } from '@vigia/auth';
import { FocusArea } from '@vigia/catalogues';
import { Deliverable, Milestone } from '@vigia/deliverables';
import { Indicator, Institution } from '@vigia/institutions';
import { Review, ReviewComponent, ReviewMember } from '@vigia/reviews';
import { Workshop } from '@vigia/workshops';
import { DataSource, DeepPartial, EntityManager, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import { type DemoData, defaultSeedsDir, type InstitutionData, loadDemoData } from './demo-data';

/** The demo accounts' password when DEMO_PASSWORD is not set (documented in seeds/README.md). */
export const DEFAULT_DEMO_PASSWORD = 'vigia-demo-2017';

/** Serialises two seeds started at once, so natural-key look-ups cannot both miss and insert twice. */
const DEMO_SEED_LOCK = 7_100_401;

export const DEMO_RECORD_KINDS = [
  'institutions',
  'indicators',
  'focusAreas',
  'users',
  'reviews',
  'members',
  'components',
  'deliverables',
  'workshops',
  'milestones',
] as const;
export type DemoRecordKind = (typeof DEMO_RECORD_KINDS)[number];
export type DemoTally = Record<DemoRecordKind, number>;

export interface DemoSeedOptions {
  /** Password of demo accounts the seed creates; existing accounts keep theirs. */
  password?: string;
  /** Folder holding the data files and sources/; `seeds/` of the working directory by default. */
  seedsDir?: string;
}

export interface DemoAccount {
  email: string;
  name: string;
  role: MemberRole;
  /** false when the account existed already (its password was left alone). */
  created: boolean;
}

export interface DemoSeedResult {
  reviewId: string;
  created: DemoTally;
  existing: DemoTally;
  accounts: DemoAccount[];
}

const emptyTally = (): DemoTally => Object.fromEntries(DEMO_RECORD_KINDS.map((k) => [k, 0])) as unknown as DemoTally;

/**
 * Every row goes through a TypeORM repository, so each insert gets its audit row. Rows are looked up by their
 * natural keys and only missing ones are inserted; existing ones are left exactly as they are (a demo someone
 * has been editing keeps their edits), which is what makes a second run a no-op.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
  ) {}

  async run(options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
    const data = loadDemoData(options.seedsDir ?? defaultSeedsDir());
    const password = options.password ?? DEFAULT_DEMO_PASSWORD;
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
      return new DemoSeedRun(manager, this.passwords, data, password).run();
    });
  }
}

/** One run of the seed inside its transaction. */
class DemoSeedRun {
  private readonly created = emptyTally();
  private readonly existing = emptyTally();

  constructor(
    private readonly manager: EntityManager,
    private readonly passwords: PasswordService,
    private readonly data: DemoData,
    private readonly password: string,
  ) {}

  async run(): Promise<DemoSeedResult> {
    const { healthSystem, isssteson } = this.data;
    const institutions = new Map<string, Institution>();
    for (const i of [...healthSystem.institutions, isssteson.institution]) {
      institutions.set(i.acronym, await this.institution(i));
    }
    await this.indicators(institutions);
    const focusAreaIds = await this.focusAreas();
    const accounts = await this.users();
    const coordinator = accounts.find((a) => a.role === 'coordinator');
    if (!coordinator) throw new Error('isssteson-review.json: the team needs a coordinator');

    const r = isssteson.review;
    const review = await this.ensure(
      Review,
      'reviews',
      { institutionId: institutions.get(isssteson.institution.acronym)!.id, title: r.title },
      () => ({
        title: r.title,
        institutionId: institutions.get(isssteson.institution.acronym)!.id,
        summary: r.summary,
        // Loaded in the status the sheet describes; the API's lifecycle governs changes from here on.
        status: r.status,
        agreementOn: r.agreementOn,
        startsOn: r.startsOn,
        endsOn: r.endsOn,
        previousReviewId: null,
        createdById: coordinator.user.id,
        focusAreaIds,
      }),
    );
    for (const a of accounts) {
      await this.ensure(ReviewMember, 'members', { reviewId: review.id, userId: a.user.id }, () => ({
        reviewId: review.id,
        userId: a.user.id,
        role: a.role,
      }));
    }

    const components = new Map<string, string>();
    for (const c of isssteson.components) {
      const row = await this.ensure(ReviewComponent, 'components', { reviewId: review.id, title: c.title }, () => ({
        reviewId: review.id,
        title: c.title,
        description: c.description,
        position: c.position,
      }));
      components.set(c.key, row.id);
    }
    const deliverables = new Map<string, string>();
    for (const d of isssteson.deliverables) {
      const row = await this.ensure(Deliverable, 'deliverables', { reviewId: review.id, title: d.title }, () => ({
        reviewId: review.id,
        componentId: d.component ? components.get(d.component)! : null,
        title: d.title,
        description: d.description,
        kind: d.kind,
        ownerId: null,
        dueOn: d.dueOn,
        status: d.status,
        deliveredOn: d.deliveredOn,
      }));
      deliverables.set(d.key, row.id);
    }
    for (const w of isssteson.workshops) {
      await this.ensure(Workshop, 'workshops', { reviewId: review.id, title: w.title }, () => ({
        reviewId: review.id,
        deliverableId: w.deliverable ? deliverables.get(w.deliverable)! : null,
        title: w.title,
        topic: w.topic,
        startsOn: w.startsOn,
        endsOn: w.endsOn,
        location: w.location,
        theoreticalComponent: w.theoreticalComponent,
        practicalComponent: w.practicalComponent,
        facilitators: w.facilitators,
      }));
    }
    for (const m of isssteson.milestones) {
      await this.ensure(Milestone, 'milestones', { reviewId: review.id, title: m.title }, () => ({
        reviewId: review.id,
        title: m.title,
        plannedOn: m.plannedOn,
        precision: m.precision,
        actualOn: m.actualOn,
        deliverableId: m.deliverable ? deliverables.get(m.deliverable)! : null,
      }));
    }

    return {
      reviewId: review.id,
      created: this.created,
      existing: this.existing,
      accounts: accounts.map((a) => ({ email: a.user.email, name: a.user.name, role: a.role, created: a.created })),
    };
  }

  /** (acronym, country) is unique. */
  private institution(i: InstitutionData): Promise<Institution> {
    return this.ensure(Institution, 'institutions', { acronym: i.acronym, country: i.country }, () => ({
      name: i.name,
      acronym: i.acronym,
      jurisdiction: i.jurisdiction,
      state: i.state,
      country: i.country,
    }));
  }

  /** (institution, metric, year) is unique; the existing ones are read in one query. */
  private async indicators(institutions: Map<string, Institution>): Promise<void> {
    const { year, citation, metrics, indicators } = this.data.healthSystem;
    const repo = this.manager.getRepository(Indicator);
    const ids = [...new Set(indicators.map((x) => institutions.get(x.institution)!.id))];
    const have = new Set(
      (await repo.find({ where: { institutionId: In(ids), year }, select: { institutionId: true, metric: true } })).map(
        (x) => `${x.institutionId}/${x.metric}`,
      ),
    );
    const units = new Map(metrics.map((m) => [m.metric, m.unit]));
    for (const x of indicators) {
      const institutionId = institutions.get(x.institution)!.id;
      if (have.has(`${institutionId}/${x.metric}`)) {
        this.existing.indicators++;
        continue;
      }
      await repo.save(
        repo.create({
          institutionId,
          metric: x.metric,
          year,
          // The figure exactly as published (numeric keeps it exact; no rounding on the way in).
          value: String(x.value),
          unit: units.get(x.metric) ?? null,
          source: citation,
        }),
      );
      this.created.indicators++;
    }
  }

  /** The review's focus areas, by code; the catalogue normally has them all (the migration inserts them). */
  private async focusAreas(): Promise<string[]> {
    const wanted = this.data.isssteson.focusAreas;
    const repo = this.manager.getRepository(FocusArea);
    const found = new Map(
      (await repo.find({ where: { code: In(wanted.map((f) => f.code)) } })).map((f) => [f.code, f] as const),
    );
    const ids: string[] = [];
    for (const f of wanted) {
      let area = found.get(f.code);
      if (area) {
        this.existing.focusAreas++;
      } else {
        const last: { max: number | null }[] = await this.manager.query('SELECT max(position) AS max FROM focus_areas');
        area = await repo.save(
          repo.create({
            code: f.code,
            nameEn: f.name,
            nameEs: f.translations.es,
            nameFr: f.translations.fr,
            position: (last[0]?.max ?? 0) + 1,
          }),
        );
        this.created.focusAreas++;
      }
      ids.push(area.id);
    }
    return ids;
  }

  /** One demo account per review role, with the global role `user`. */
  private async users(): Promise<{ user: User; role: MemberRole; created: boolean }[]> {
    const out: { user: User; role: MemberRole; created: boolean }[] = [];
    for (const m of this.data.isssteson.team.members) {
      const email = m.email.toLowerCase();
      const before = this.created.users;
      const user = await this.ensure(User, 'users', { email }, async () => ({
        email,
        name: m.name,
        role: 'user' as const,
        active: true,
        passwordHash: await this.passwords.hash(this.password),
      }));
      out.push({ user, role: m.role, created: this.created.users > before });
    }
    return out;
  }

  /** The row with this natural key, inserted (through the repository, hence audited) when missing. */
  private async ensure<T extends ObjectLiteral>(
    target: new () => T,
    kind: DemoRecordKind,
    where: FindOptionsWhere<NoInfer<T>>,
    values: () => DeepPartial<NoInfer<T>> | Promise<DeepPartial<NoInfer<T>>>,
  ): Promise<T> {
    const repo = this.manager.getRepository(target);
    const found = await repo.findOneBy(where);
    if (found) {
      this.existing[kind]++;
      return found;
    }
    const saved = await repo.save(repo.create(await values()));
    this.created[kind]++;
    return saved;
  }
}

/** The seed without Nest: for the `seed:demo` command, tests and scripts that hold a DataSource. */
export function seedDemo(dataSource: DataSource, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  return new DemoSeedService(dataSource, new PasswordService()).run(options);
}
