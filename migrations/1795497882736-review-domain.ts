// The review domain: catalogues (with their rows), indicators, components, deliverables and their history,
// milestones, workshops and participants.
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The twelve principles of the OECD 2015 Recommendation of the Council on Public Procurement, in its order. */
const PRINCIPLES: [code: string, en: string, es: string, fr: string][] = [
  ['transparency', 'Transparency', 'Transparencia', 'Transparence'],
  ['integrity', 'Integrity', 'Integridad', 'Intégrité'],
  ['access', 'Access', 'Acceso', 'Accès'],
  ['balance', 'Balance', 'Equilibrio', 'Équilibre'],
  ['participation', 'Participation', 'Participación', 'Participation'],
  ['efficiency', 'Efficiency', 'Eficiencia', 'Efficience'],
  ['e-procurement', 'E-procurement', 'Contratación pública electrónica', 'Marchés publics électroniques'],
  ['capacity', 'Capacity', 'Capacidad', 'Capacités'],
  ['evaluation', 'Evaluation', 'Evaluación', 'Évaluation'],
  ['risk-management', 'Risk management', 'Gestión de riesgos', 'Gestion des risques'],
  ['accountability', 'Accountability', 'Rendición de cuentas', 'Redevabilité'],
  ['integration', 'Integration', 'Integración', 'Intégration'],
];

/** The six areas of focus of the OECD's Public Procurement Review of ISSSTESON; admins may add more. */
const FOCUS_AREAS: [code: string, en: string, es: string, fr: string][] = [
  ['transparency-integrity', 'Transparency and integrity', 'Transparencia e integridad', 'Transparence et intégrité'],
  ['efficiency', 'Efficiency', 'Eficiencia', 'Efficience'],
  [
    'secondary-policy-objectives',
    'Secondary policy objectives',
    'Objetivos secundarios de política',
    'Objectifs secondaires des politiques publiques',
  ],
  [
    'professionalisation',
    'Professionalisation of public procurement practitioners',
    'Profesionalización de los servidores públicos de contrataciones',
    'Professionnalisation des acheteurs publics',
  ],
  [
    'competition-bid-rigging',
    'Economic competition and bid rigging',
    'Competencia económica y colusión en licitaciones',
    'Concurrence économique et soumissions concertées',
  ],
  ['e-procurement', 'E-procurement', 'Contratación pública electrónica', 'Marchés publics électroniques'],
];

export class ReviewDomain1795497882736 implements MigrationInterface {
  name = 'ReviewDomain1795497882736';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "focus_areas" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "code" character varying(64) NOT NULL, "name_en" character varying(200) NOT NULL, "name_es" character varying(200) NOT NULL, "name_fr" character varying(200) NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_317abcba4c7147c28f58c875870" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_focus_areas_code" ON "focus_areas"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "principles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name_en" character varying(200) NOT NULL, "name_es" character varying(200) NOT NULL, "name_fr" character varying(200) NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_f6ffb163eac4b074b948a66b0d1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_principles_code" ON "principles"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "institution_indicators" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "institution_id" uuid NOT NULL, "metric" character varying(64) NOT NULL, "year" integer NOT NULL, "value" numeric(20,4) NOT NULL, "unit" character varying(32), "source" text NOT NULL, CONSTRAINT "PK_1cff0d42654f06c7fac825d4b00" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_institution_indicators_metric_year" ON "institution_indicators"  ("institution_id", "metric", "year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "review_components" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "description" text, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_698bfc4d84bc160aec00dae20b3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_review_components_review" ON "review_components"  ("review_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deliverables" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "component_id" uuid, "title" character varying(300) NOT NULL, "description" text, "kind" character varying(16) NOT NULL, "owner_id" uuid, "due_on" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'planned', "delivered_on" date, CONSTRAINT "PK_13367f7b271fb2b95ccb18d78a3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliverables_due_open" ON "deliverables"  ("due_on") WHERE status IN ('planned', 'in_progress', 'in_review')`,
    );
    await queryRunner.query(`CREATE INDEX "ix_deliverables_owner" ON "deliverables"  ("owner_id") `);
    await queryRunner.query(`CREATE INDEX "ix_deliverables_review_status" ON "deliverables"  ("review_id", "status") `);
    await queryRunner.query(
      `CREATE INDEX "ix_deliverables_review_due" ON "deliverables"  ("review_id", "due_on", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deliverable_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deliverable_id" uuid NOT NULL, "from_status" character varying(16) NOT NULL, "to_status" character varying(16) NOT NULL, "by_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6120b14b24e8abb21358255bddb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliverable_transitions_deliverable" ON "deliverable_transitions"  ("deliverable_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "planned_on" date NOT NULL, "precision" character varying(8) NOT NULL DEFAULT 'day', "actual_on" date, "deliverable_id" uuid, CONSTRAINT "PK_0bdbfe399c777a6a8520ff902d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_milestones_planned_open" ON "milestones"  ("planned_on") WHERE actual_on IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_milestones_deliverable" ON "milestones"  ("deliverable_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_milestones_review_planned" ON "milestones"  ("review_id", "planned_on", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workshops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "deliverable_id" uuid, "title" character varying(300) NOT NULL, "topic" character varying(300) NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "location" character varying(300) NOT NULL, "theoretical_component" text, "practical_component" text, "facilitators" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_6d0e82a124f5b53df91c8989848" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_workshops_review_starts" ON "workshops"  ("review_id", "starts_on", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workshop_participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "workshop_id" uuid NOT NULL, "review_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "organisation" character varying(300), "email" character varying(254), "attended" boolean NOT NULL DEFAULT false, "satisfaction" smallint, "pre_test_score" numeric(5,2), "post_test_score" numeric(5,2), CONSTRAINT "PK_62cebe64adc1eb830364219f205" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_workshop_participants_workshop" ON "workshop_participants"  ("workshop_id", "name") `,
    );
    await queryRunner.query(`ALTER TABLE "reviews" ADD "focus_area_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" ADD CONSTRAINT "fk_institution_indicators_institution" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_components" ADD CONSTRAINT "fk_review_components_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverables" ADD CONSTRAINT "fk_deliverables_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverables" ADD CONSTRAINT "fk_deliverables_component" FOREIGN KEY ("component_id") REFERENCES "review_components"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverables" ADD CONSTRAINT "fk_deliverables_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverable_transitions" ADD CONSTRAINT "fk_deliverable_transitions_deliverable" FOREIGN KEY ("deliverable_id") REFERENCES "deliverables"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverable_transitions" ADD CONSTRAINT "fk_deliverable_transitions_by" FOREIGN KEY ("by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_deliverable" FOREIGN KEY ("deliverable_id") REFERENCES "deliverables"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshops" ADD CONSTRAINT "fk_workshops_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshops" ADD CONSTRAINT "fk_workshops_deliverable" FOREIGN KEY ("deliverable_id") REFERENCES "deliverables"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ADD CONSTRAINT "fk_workshop_participants_workshop" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    for (const [i, [code, en, es, fr]] of PRINCIPLES.entries()) {
      await queryRunner.query(
        `INSERT INTO "principles" ("code", "name_en", "name_es", "name_fr", "position") VALUES ($1, $2, $3, $4, $5)`,
        [code, en, es, fr, i + 1],
      );
    }
    // Catalogue rows written by the schema itself: the audit trail starts with the first change made through the app.
    for (const [i, [code, en, es, fr]] of FOCUS_AREAS.entries()) {
      await queryRunner.query(
        `INSERT INTO "focus_areas" ("code", "name_en", "name_es", "name_fr", "position", "version") VALUES ($1, $2, $3, $4, $5, 1)`,
        [code, en, es, fr, i + 1],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workshop_participants" DROP CONSTRAINT "fk_workshop_participants_workshop"`);
    await queryRunner.query(`ALTER TABLE "workshops" DROP CONSTRAINT "fk_workshops_deliverable"`);
    await queryRunner.query(`ALTER TABLE "workshops" DROP CONSTRAINT "fk_workshops_review"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "fk_milestones_deliverable"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "fk_milestones_review"`);
    await queryRunner.query(`ALTER TABLE "deliverable_transitions" DROP CONSTRAINT "fk_deliverable_transitions_by"`);
    await queryRunner.query(
      `ALTER TABLE "deliverable_transitions" DROP CONSTRAINT "fk_deliverable_transitions_deliverable"`,
    );
    await queryRunner.query(`ALTER TABLE "deliverables" DROP CONSTRAINT "fk_deliverables_owner"`);
    await queryRunner.query(`ALTER TABLE "deliverables" DROP CONSTRAINT "fk_deliverables_component"`);
    await queryRunner.query(`ALTER TABLE "deliverables" DROP CONSTRAINT "fk_deliverables_review"`);
    await queryRunner.query(`ALTER TABLE "review_components" DROP CONSTRAINT "fk_review_components_review"`);
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" DROP CONSTRAINT "fk_institution_indicators_institution"`,
    );
    await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "focus_area_ids"`);
    await queryRunner.query(`DROP INDEX "public"."ix_workshop_participants_workshop"`);
    await queryRunner.query(`DROP TABLE "workshop_participants"`);
    await queryRunner.query(`DROP INDEX "public"."ix_workshops_review_starts"`);
    await queryRunner.query(`DROP TABLE "workshops"`);
    await queryRunner.query(`DROP INDEX "public"."ix_milestones_review_planned"`);
    await queryRunner.query(`DROP INDEX "public"."ix_milestones_deliverable"`);
    await queryRunner.query(`DROP INDEX "public"."ix_milestones_planned_open"`);
    await queryRunner.query(`DROP TABLE "milestones"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliverable_transitions_deliverable"`);
    await queryRunner.query(`DROP TABLE "deliverable_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliverables_review_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliverables_review_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliverables_owner"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliverables_due_open"`);
    await queryRunner.query(`DROP TABLE "deliverables"`);
    await queryRunner.query(`DROP INDEX "public"."ix_review_components_review"`);
    await queryRunner.query(`DROP TABLE "review_components"`);
    await queryRunner.query(`DROP INDEX "public"."ux_institution_indicators_metric_year"`);
    await queryRunner.query(`DROP TABLE "institution_indicators"`);
    await queryRunner.query(`DROP INDEX "public"."ux_principles_code"`);
    await queryRunner.query(`DROP TABLE "principles"`);
    await queryRunner.query(`DROP INDEX "public"."ux_focus_areas_code"`);
    await queryRunner.query(`DROP TABLE "focus_areas"`);
  }
}
