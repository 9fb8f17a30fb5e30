import { MigrationInterface, QueryRunner } from 'typeorm';

export class RemindersReports1795506375416 implements MigrationInterface {
  name = 'RemindersReports1795506375416';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "review_id" uuid NOT NULL, "item_type" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "occasion" character varying(48) NOT NULL, "due_on" date, "title" character varying(300) NOT NULL, "body" text NOT NULL, "read_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notifications_item_type" CHECK ("item_type" IN ('deliverable', 'milestone', 'recommendation', 'review')), CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN ('reminder', 'digest')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_unread" ON "notifications"  ("user_id", "created_at") WHERE read_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created" ON "notifications"  ("user_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_notifications_once" ON "notifications"  ("user_id", "item_type", "item_id", "occasion") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid, "to_address" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "text_body" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_mail_messages_attempts" CHECK ("attempts" >= 0), CONSTRAINT "ck_mail_messages_status" CHECK ("status" IN ('pending', 'sent', 'kept', 'failed')), CONSTRAINT "PK_1bd6e76ef3b3d4aff7d0510a509" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_mail_messages_notification" ON "mail_messages"  ("notification_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_mail_messages_pending" ON "mail_messages"  ("created_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_mail_messages_created" ON "mail_messages"  ("created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "reminder_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "days_before" integer array NOT NULL, "overdue_every_days" integer NOT NULL, CONSTRAINT "ck_reminder_policies_days_before" CHECK (cardinality("days_before") <= 10 AND 0 < ALL ("days_before") AND 366 > ALL ("days_before")), CONSTRAINT "ck_reminder_policies_overdue_every" CHECK ("overdue_every_days" BETWEEN 1 AND 365), CONSTRAINT "PK_a8c964baa9fb60b3e1830df35b2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_reminder_policies_review" ON "reminder_policies"  ("review_id") `);
    await queryRunner.query(
      `CREATE TABLE "reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "format" character varying(8) NOT NULL, "locale" character varying(2) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "error" text, "attempts" integer NOT NULL DEFAULT '0', "requested_by_id" uuid NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "storage_key" character varying(300), "file_name" character varying(255), "content_type" character varying(127), "size_bytes" bigint, "sha256" character(64), CONSTRAINT "ck_reports_file" CHECK ("status" <> 'done' OR ("storage_key" IS NOT NULL AND "size_bytes" IS NOT NULL)), CONSTRAINT "ck_reports_attempts" CHECK ("attempts" >= 0), CONSTRAINT "ck_reports_status" CHECK ("status" IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "ck_reports_locale" CHECK ("locale" IN ('en', 'es', 'fr')), CONSTRAINT "ck_reports_format" CHECK ("format" IN ('pdf', 'html', 'csv', 'xlsx')), CONSTRAINT "ck_reports_kind" CHECK ("kind" IN ('milestone', 'findings', 'full')), CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reports_unfinished" ON "reports"  ("updated_at") WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_reports_review_created" ON "reports"  ("review_id", "created_at", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "locale" character varying(2) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "recommendations" ADD "closed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `CREATE INDEX "ix_recommendations_target_open" ON "recommendations"  ("target_on") WHERE NOT closed`,
    );
    // `closed` mirrors the latest follow-up (same order as FOLLOW_UP_NEWEST_FIRST in recommendation-rows.ts). The row
    // lock first makes concurrent follow-ups on one recommendation take turns, so the last to commit sees them all.
    await queryRunner.query(`CREATE FUNCTION vigia_recommendation_closed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM 1 FROM recommendations WHERE id = NEW.recommendation_id FOR UPDATE;
  UPDATE recommendations r
     SET closed = coalesce((SELECT fu.status = 'implemented' FROM follow_ups fu
                            WHERE fu.recommendation_id = r.id
                            ORDER BY fu."on" DESC, fu.created_at DESC, fu.id DESC LIMIT 1), false)
   WHERE r.id = NEW.recommendation_id;
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_follow_ups_close_recommendation AFTER INSERT ON follow_ups FOR EACH ROW EXECUTE FUNCTION vigia_recommendation_closed()`,
    );
    await queryRunner.query(`UPDATE recommendations r
     SET closed = coalesce((SELECT fu.status = 'implemented' FROM follow_ups fu
                            WHERE fu.recommendation_id = r.id
                            ORDER BY fu."on" DESC, fu.created_at DESC, fu.id DESC LIMIT 1), false)`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_locale" CHECK ("locale" IN ('en', 'es', 'fr'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_messages" ADD CONSTRAINT "fk_mail_messages_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminder_policies" ADD CONSTRAINT "fk_reminder_policies_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reports" ADD CONSTRAINT "fk_reports_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reports" ADD CONSTRAINT "fk_reports_requested_by" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reports" DROP CONSTRAINT "fk_reports_requested_by"`);
    await queryRunner.query(`ALTER TABLE "reports" DROP CONSTRAINT "fk_reports_review"`);
    await queryRunner.query(`ALTER TABLE "reminder_policies" DROP CONSTRAINT "fk_reminder_policies_review"`);
    await queryRunner.query(`ALTER TABLE "mail_messages" DROP CONSTRAINT "fk_mail_messages_notification"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_review"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_locale"`);
    await queryRunner.query(`DROP TRIGGER trg_follow_ups_close_recommendation ON follow_ups`);
    await queryRunner.query(`DROP FUNCTION vigia_recommendation_closed()`);
    await queryRunner.query(`DROP INDEX "public"."ix_recommendations_target_open"`);
    await queryRunner.query(`ALTER TABLE "recommendations" DROP COLUMN "closed"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locale"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_review_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_unfinished"`);
    await queryRunner.query(`DROP TABLE "reports"`);
    await queryRunner.query(`DROP INDEX "public"."ux_reminder_policies_review"`);
    await queryRunner.query(`DROP TABLE "reminder_policies"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_messages_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_messages_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ux_mail_messages_notification"`);
    await queryRunner.query(`DROP TABLE "mail_messages"`);
    await queryRunner.query(`DROP INDEX "public"."ux_notifications_once"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_unread"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
