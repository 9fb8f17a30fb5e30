// An account: global role, argon2id password hash, and whether it may sign in.
import { Audited } from '@vigia/audit';
import { LOCALES, type Locale, oneOf, VersionedEntity } from '@vigia/common';
import { Check, Column, Entity, Index } from 'typeorm';
import { GLOBAL_ROLES, type GlobalRole } from '../roles';

@Entity({ name: 'users' })
@Audited<User>({ type: 'user', omit: ['passwordHash'] })
@Check('ck_users_role', oneOf('role', GLOBAL_ROLES))
@Check('ck_users_locale', oneOf('locale', LOCALES))
export class User extends VersionedEntity {
  /** Stored lower-case; unique. */
  @Index('ux_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: GlobalRole;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The language of the user's reminders and e-mail (the web app follows it too). */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  locale!: Locale;
}
