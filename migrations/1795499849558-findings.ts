// Findings (with their generated risk rating and accent-insensitive full-text index), their workflow history and
// comments, recommendations and follow-ups, and evidence files.
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen copy of RATING_SQL in libs/findings/src/finding.entity.ts as of this migration. */
const RATING_SQL = `CASE WHEN likelihood * impact >= 20 THEN 'critical' WHEN likelihood * impact >= 10 THEN 'high' WHEN likelihood * impact >= 5 THEN 'medium' ELSE 'low' END`;

export class Findings1795499849558 implements MigrationInterface {
  name = 'Findings1795499849558';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // TypeORM records generated columns here to compare them with the entities; the database and schema are
    // whichever this migration runs in (its generator wrote in the name of the database it diffed against).
    // TypeORM creates this table only when the running DataSource declares generated columns; do not rely on it.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar DEFAULT NULL, "schema" varchar DEFAULT NULL, "table" varchar DEFAULT NULL, "name" varchar DEFAULT NULL, "value" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'findings', 'GENERATED_COLUMN', 'rating', $1)`,
      [RATING_SQL],
    );
    await queryRunner.query(
      `CREATE TABLE "findings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "focus_area_id" uuid NOT NULL, "principle_codes" character varying(64) array NOT NULL, "title" character varying(300) NOT NULL, "condition" text NOT NULL, "criteria" text NOT NULL, "cause" text NOT NULL, "effect" text NOT NULL, "likelihood" smallint NOT NULL, "impact" smallint NOT NULL, "rating" character varying(16) GENERATED ALWAYS AS (CASE WHEN likelihood * impact >= 20 THEN 'critical' WHEN likelihood * impact >= 10 THEN 'high' WHEN likelihood * impact >= 5 THEN 'medium' ELSE 'low' END) STORED NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "author_id" uuid NOT NULL, "approved_at" TIMESTAMP(3) WITH TIME ZONE, "approved_by_id" uuid, CONSTRAINT "ck_findings_principles" CHECK (cardinality("principle_codes") >= 1), CONSTRAINT "ck_findings_impact" CHECK ("impact" BETWEEN 1 AND 5), CONSTRAINT "ck_findings_likelihood" CHECK ("likelihood" BETWEEN 1 AND 5), CONSTRAINT "ck_findings_status" CHECK ("status" IN ('draft', 'in_review', 'approved')), CONSTRAINT "PK_ae9807d6293c23c13ff8804d09c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_findings_author" ON "findings"  ("author_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_findings_review_focus_area" ON "findings"  ("review_id", "focus_area_id") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_findings_review_status" ON "findings"  ("review_id", "status") `);
    await queryRunner.query(
      `CREATE INDEX "ix_findings_review_created" ON "findings"  ("review_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "finding_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "review_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d336e750a4ecc78bbcbcaa6f35" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_finding_comments_finding" ON "finding_comments"  ("finding_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "finding_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "from_status" character varying(16) NOT NULL, "to_status" character varying(16) NOT NULL, "reason" text, "by_id" uuid NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_3fe3217940d8716d101359d9b22" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_finding_transitions_finding" ON "finding_transitions"  ("finding_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "recommendations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "finding_id" uuid NOT NULL, "review_id" uuid NOT NULL, "text" text NOT NULL, "priority" character varying(8) NOT NULL, "responsible_unit" character varying(300) NOT NULL, "target_on" date NOT NULL, CONSTRAINT "ck_recommendations_priority" CHECK ("priority" IN ('low', 'medium', 'high')), CONSTRAINT "PK_23a8d2db26db8cabb6ae9d6cd87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recommendations_review_target" ON "recommendations"  ("review_id", "target_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recommendations_finding" ON "recommendations"  ("finding_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "review_id" uuid NOT NULL, "status" character varying(24) NOT NULL, "note" text NOT NULL, "on" date NOT NULL, "by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_follow_ups_status" CHECK ("status" IN ('not_started', 'in_progress', 'partially_implemented', 'implemented', 'not_implemented')), CONSTRAINT "PK_d510aabdff2ec7fdc67a1092157" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_follow_ups_recommendation" ON "follow_ups"  ("recommendation_id", "on", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "finding_id" uuid, "follow_up_id" uuid, "filename" character varying(255) NOT NULL, "content_type" character varying(127) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage_key" character varying(300) NOT NULL, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_evidence_one_parent" CHECK (num_nonnulls("finding_id", "follow_up_id") = 1), CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_evidence_follow_up" ON "evidence"  ("follow_up_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_evidence_finding" ON "evidence"  ("finding_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "fk_findings_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "fk_findings_focus_area" FOREIGN KEY ("focus_area_id") REFERENCES "focus_areas"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "fk_findings_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "fk_findings_approved_by" FOREIGN KEY ("approved_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_comments" ADD CONSTRAINT "fk_finding_comments_finding" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_comments" ADD CONSTRAINT "fk_finding_comments_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_transitions" ADD CONSTRAINT "fk_finding_transitions_finding" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_transitions" ADD CONSTRAINT "fk_finding_transitions_by" FOREIGN KEY ("by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "fk_recommendations_finding" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_recommendation" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_by" FOREIGN KEY ("by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "fk_evidence_finding" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "fk_evidence_follow_up" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "fk_evidence_uploaded_by" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Accent-insensitive search ("licitacion" finds "licitación"). unaccent() is only STABLE (its dictionary could
    // change), so an index needs this IMMUTABLE wrapper that names the dictionary explicitly.
    // Both references are schema-qualified: PostgreSQL 17+ builds indexes with a search_path of pg_catalog only.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    const [{ schema }] = (await queryRunner.query(
      `SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`,
    )) as { schema: string }[];
    await queryRunner.query(
      `CREATE FUNCTION vigia_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $fn$ SELECT ${schema}.unaccent('${schema}.unaccent'::regdictionary, $1) $fn$`,
    );
    // Must stay identical to FINDING_SEARCH_DOCUMENT (libs/findings/src/finding.entity.ts), or the index goes unused.
    await queryRunner.query(
      `CREATE INDEX "ix_findings_search" ON "findings" USING gin ((to_tsvector('simple'::regconfig, vigia_unaccent(coalesce(title, '') || ' ' || coalesce(condition, '') || ' ' || coalesce(criteria, '') || ' ' || coalesce(cause, '') || ' ' || coalesce(effect, '')))))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_findings_principles" ON "findings" USING gin ("principle_codes")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_findings_principles"`);
    await queryRunner.query(`DROP INDEX "ix_findings_search"`);
    await queryRunner.query(`DROP FUNCTION vigia_unaccent(text)`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_uploaded_by"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_follow_up"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_finding"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_by"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_review"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_recommendation"`);
    await queryRunner.query(`ALTER TABLE "recommendations" DROP CONSTRAINT "fk_recommendations_finding"`);
    await queryRunner.query(`ALTER TABLE "finding_transitions" DROP CONSTRAINT "fk_finding_transitions_by"`);
    await queryRunner.query(`ALTER TABLE "finding_transitions" DROP CONSTRAINT "fk_finding_transitions_finding"`);
    await queryRunner.query(`ALTER TABLE "finding_comments" DROP CONSTRAINT "fk_finding_comments_author"`);
    await queryRunner.query(`ALTER TABLE "finding_comments" DROP CONSTRAINT "fk_finding_comments_finding"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "fk_findings_approved_by"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "fk_findings_author"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "fk_findings_focus_area"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "fk_findings_review"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_finding"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_follow_up"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_recommendation"`);
    await queryRunner.query(`DROP TABLE "follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recommendations_finding"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recommendations_review_target"`);
    await queryRunner.query(`DROP TABLE "recommendations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_finding_transitions_finding"`);
    await queryRunner.query(`DROP TABLE "finding_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_finding_comments_finding"`);
    await queryRunner.query(`DROP TABLE "finding_comments"`);
    await queryRunner.query(`DROP INDEX "public"."ix_findings_review_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_findings_review_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_findings_review_focus_area"`);
    await queryRunner.query(`DROP INDEX "public"."ix_findings_author"`);
    await queryRunner.query(`DROP TABLE "findings"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'rating' AND "database" = current_database() AND "schema" = current_schema() AND "table" = 'findings'`,
    );
  }
}
