// Idempotency-Key: one row per caller and key, holding the request's fingerprint and, once answered, its answer.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Idempotency1795510650297 implements MigrationInterface {
  name = 'Idempotency1795510650297';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("id" character(64) NOT NULL, "key" character varying(255) NOT NULL, "user_id" uuid, "method" character varying(8) NOT NULL, "path" text NOT NULL, "body_hash" character(64) NOT NULL, "attempt" uuid NOT NULL, "instance" uuid NOT NULL, "status" smallint, "response_body" text, "response_headers" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP(3) WITH TIME ZONE, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_idempotency_keys_status" CHECK ("status" IS NULL OR "status" BETWEEN 200 AND 299), CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))`,
    );
    // Expired keys are deleted in batches, oldest first.
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_expires" ON "idempotency_keys" ("expires_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_idempotency_keys_expires"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
