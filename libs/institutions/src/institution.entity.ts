// The counterpart under review: a public institution (IMSS, ISSSTE, ISSSTESON, ...).
import { Audited } from '@vigia/audit';
import { oneOf, VersionedEntity } from '@vigia/common';
import { Check, Column, Entity, Index } from 'typeorm';

export const JURISDICTIONS = ['federal', 'state'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

@Entity({ name: 'institutions' })
@Audited({ type: 'institution' })
@Check('ck_institutions_jurisdiction', oneOf('jurisdiction', JURISDICTIONS))
@Index('ux_institutions_acronym_country', ['acronym', 'country'], { unique: true })
export class Institution extends VersionedEntity {
  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 40 })
  acronym!: string;

  @Column({ type: 'varchar', length: 16 })
  jurisdiction!: Jurisdiction;

  /** The state, for a state institution (e.g. Sonora). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  state!: string | null;

  /** ISO 3166-1 alpha-2 code. */
  @Column({ type: 'char', length: 2 })
  country!: string;
}
