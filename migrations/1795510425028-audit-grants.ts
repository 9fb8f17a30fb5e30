// The audit trail is append-only by grants as well as by trigger. Written by hand: grants are not entity metadata,
// so `migration:generate` has nothing to say about them.
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role that owns audit_events (the one that runs migrations, and today the app) keeps SELECT and INSERT but
 * loses UPDATE, DELETE and TRUNCATE: switching the append-only trigger off is then not enough to rewrite the trail,
 * it takes a GRANT as well. Both are the owner's to undo, and a superuser bypasses grants altogether; a role that
 * neither owns the table nor is a superuser is held by the grants alone (test/audit-guarantees.e2e-spec.ts runs the
 * api as one).
 */
export class AuditGrants1795510425028 implements MigrationInterface {
  name = 'AuditGrants1795510425028';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC`);
    await queryRunner.query(`
      DO $$
      BEGIN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM %I',
          (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_events'));
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        EXECUTE format('GRANT UPDATE, DELETE, TRUNCATE ON "audit_events" TO %I',
          (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_events'));
      END
      $$`);
  }
}
