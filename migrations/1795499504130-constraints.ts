// CHECK constraints so the database itself refuses values outside each column's list or range, and
// millisecond timestamps (what a JavaScript Date holds) so a cursor built from a loaded row compares equal to it.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Constraints1795499504130 implements MigrationInterface {
  name = 'Constraints1795499504130';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "focus_areas" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "focus_areas" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "institutions" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "institutions" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_reviews_created"`);
    await queryRunner.query(`ALTER TABLE "reviews" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "reviews" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "review_components" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_components" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "review_members" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "review_members" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deliverables" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deliverables" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "milestones" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "milestones" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "workshops" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "workshops" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ALTER COLUMN "updated_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reviews_created" ON "reviews"  ("created_at", "id") `);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_role" CHECK ("role" IN ('admin', 'user'))`);
    await queryRunner.query(
      `ALTER TABLE "institutions" ADD CONSTRAINT "ck_institutions_jurisdiction" CHECK ("jurisdiction" IN ('federal', 'state'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" ADD CONSTRAINT "ck_institution_indicators_year" CHECK ("year" BETWEEN 1900 AND 2100)`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "ck_reviews_dates" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on")`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "ck_reviews_status" CHECK ("status" IN ('planning', 'active', 'reporting', 'follow_up', 'closed'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_members" ADD CONSTRAINT "ck_review_members_role" CHECK ("role" IN ('coordinator', 'auditor', 'manager'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverables" ADD CONSTRAINT "ck_deliverables_status" CHECK ("status" IN ('planned', 'in_progress', 'in_review', 'delivered', 'cancelled'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliverables" ADD CONSTRAINT "ck_deliverables_kind" CHECK ("kind" IN ('report', 'workshop', 'briefing', 'other'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "ck_milestones_precision" CHECK ("precision" IN ('day', 'month', 'quarter', 'season', 'year'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshops" ADD CONSTRAINT "ck_workshops_dates" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on")`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ADD CONSTRAINT "ck_workshop_participants_scores" CHECK ("pre_test_score" BETWEEN 0 AND 100 AND "post_test_score" BETWEEN 0 AND 100)`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ADD CONSTRAINT "ck_workshop_participants_satisfaction" CHECK ("satisfaction" BETWEEN 1 AND 5)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" DROP CONSTRAINT "ck_workshop_participants_satisfaction"`,
    );
    await queryRunner.query(`ALTER TABLE "workshop_participants" DROP CONSTRAINT "ck_workshop_participants_scores"`);
    await queryRunner.query(`ALTER TABLE "workshops" DROP CONSTRAINT "ck_workshops_dates"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "ck_milestones_precision"`);
    await queryRunner.query(`ALTER TABLE "deliverables" DROP CONSTRAINT "ck_deliverables_kind"`);
    await queryRunner.query(`ALTER TABLE "deliverables" DROP CONSTRAINT "ck_deliverables_status"`);
    await queryRunner.query(`ALTER TABLE "review_members" DROP CONSTRAINT "ck_review_members_role"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "ck_reviews_status"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "ck_reviews_dates"`);
    await queryRunner.query(`ALTER TABLE "institution_indicators" DROP CONSTRAINT "ck_institution_indicators_year"`);
    await queryRunner.query(`ALTER TABLE "institutions" DROP CONSTRAINT "ck_institutions_jurisdiction"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_role"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reviews_created"`);
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "workshop_participants" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "workshops" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "workshops" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "milestones" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "milestones" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deliverables" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deliverables" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "review_members" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "review_members" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "review_components" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_components" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "reviews" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "reviews" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_reviews_created" ON "reviews" USING btree ("created_at", "id") `);
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "institution_indicators" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "institutions" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "institutions" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "focus_areas" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "focus_areas" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "updated_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
  }
}
