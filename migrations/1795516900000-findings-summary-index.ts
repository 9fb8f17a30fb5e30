// A covering index for a review's findings figures (GET /reviews/:id/summary): the summary counts them by status,
// rating, focus area and principle, and with those columns in the index it reads no table rows at all.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class FindingsSummaryIndex1795516900000 implements MigrationInterface {
  name = 'FindingsSummaryIndex1795516900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_findings_review_summary" ON "findings" ("review_id") INCLUDE ("status", "rating", "focus_area_id", "principle_codes")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_findings_review_summary"`);
  }
}
