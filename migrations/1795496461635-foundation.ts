// The foundation: accounts, refresh tokens, institutions, reviews and their teams, the audit trail.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795496461635 implements MigrationInterface {
  name = 'Foundation1795496461635';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "action" character varying(16) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" uuid NOT NULL, "review_id" uuid, "before" jsonb, "after" jsonb, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_audit_events_seq" ON "audit_events"  ("seq") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_review" ON "audit_events"  ("review_id", "seq") `);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_entity" ON "audit_events"  ("entity_type", "entity_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "password_hash" character varying(255) NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_users_email" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_refresh_tokens_hash" ON "refresh_tokens"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "institutions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "name" character varying(300) NOT NULL, "acronym" character varying(40) NOT NULL, "jurisdiction" character varying(16) NOT NULL, "state" character varying(120), "country" character(2) NOT NULL, CONSTRAINT "PK_0be7539dcdba335470dc05e9690" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_institutions_acronym_country" ON "institutions"  ("acronym", "country") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "title" character varying(300) NOT NULL, "institution_id" uuid NOT NULL, "summary" text, "status" character varying(16) NOT NULL DEFAULT 'planning', "agreement_on" date, "starts_on" date, "ends_on" date, "previous_review_id" uuid, "created_by_id" uuid NOT NULL, CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reviews_institution" ON "reviews"  ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "ix_reviews_created" ON "reviews"  ("created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "review_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "review_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, CONSTRAINT "PK_d0cc9341122347f4520b8cb84e3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_review_members_user" ON "review_members"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_review_members_review_user" ON "review_members"  ("review_id", "user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_institution" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_previous_review" FOREIGN KEY ("previous_review_id") REFERENCES "reviews"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_members" ADD CONSTRAINT "fk_review_members_review" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_members" ADD CONSTRAINT "fk_review_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Login failure counters (rate-limiter-flexible's schema), shared by every api process.
    await queryRunner.query(
      `CREATE TABLE "login_throttle" ("key" character varying(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`,
    );

    // The audit trail is hash-chained inside PostgreSQL: whatever writes a row, the trigger assigns its
    // place in the chain under a lock (so chain order is commit order) and computes its hash.
    await queryRunner.query(`CREATE SEQUENCE "audit_events_seq" AS bigint`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_hash(e audit_events) RETURNS text
      LANGUAGE sql IMMUTABLE AS $fn$
        SELECT encode(sha256(convert_to(e.prev_hash || jsonb_build_object(
          'seq', e.seq, 'id', e.id,
          'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          'actorId', e.actor_id, 'action', e.action, 'entityType', e.entity_type,
          'entityId', e.entity_id, 'reviewId', e.review_id, 'before', e.before, 'after', e.after)::text, 'UTF8')), 'hex')
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_events_chain() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(7100001);
        SELECT hash INTO last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_events_seq');
        NEW.at := clock_timestamp();
        NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
        NEW.hash := audit_event_hash(NEW);
        RETURN NEW;
      END
      $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_chain BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_chain()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_chain" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`DROP FUNCTION audit_events_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_hash(audit_events)`);
    await queryRunner.query(`DROP SEQUENCE "audit_events_seq"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`ALTER TABLE "review_members" DROP CONSTRAINT "fk_review_members_user"`);
    await queryRunner.query(`ALTER TABLE "review_members" DROP CONSTRAINT "fk_review_members_review"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_created_by"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_previous_review"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_institution"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_user"`);
    await queryRunner.query(`DROP INDEX "public"."ux_review_members_review_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_review_members_user"`);
    await queryRunner.query(`DROP TABLE "review_members"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reviews_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reviews_institution"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP INDEX "public"."ux_institutions_acronym_country"`);
    await queryRunner.query(`DROP TABLE "institutions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_user"`);
    await queryRunner.query(`DROP INDEX "public"."ux_refresh_tokens_hash"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."ux_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_entity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_review"`);
    await queryRunner.query(`DROP INDEX "public"."ux_audit_events_seq"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
