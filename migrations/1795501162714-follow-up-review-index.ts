// An index for follow_ups.review_id, whose foreign key cascades when a review is deleted.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUpReviewIndex1795501162714 implements MigrationInterface {
  name = 'FollowUpReviewIndex1795501162714';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_follow_ups_review" ON "follow_ups"  ("review_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_review"`);
  }
}
