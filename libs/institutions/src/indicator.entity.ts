// A dated figure about an institution (people covered, clinics, beds, ...), with its source.
import { Audited } from '@vigia/audit';
import { VersionedEntity } from '@vigia/common';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Institution } from './institution.entity';

@Entity({ name: 'institution_indicators' })
@Audited({ type: 'indicator' })
@Check('ck_institution_indicators_year', '"year" BETWEEN 1900 AND 2100')
@Index('ux_institution_indicators_metric_year', ['institutionId', 'metric', 'year'], { unique: true })
export class Indicator extends VersionedEntity {
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  /** snake_case metric code, e.g. `people_covered`, `hospital_beds`. */
  @Column({ type: 'varchar', length: 64 })
  metric!: string;

  @Column({ type: 'integer' })
  year!: number;

  /** Exact decimal; PostgreSQL returns numeric as a string, which the API turns into a number. */
  @Column({ type: 'numeric', precision: 20, scale: 4 })
  value!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unit!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @ManyToOne(() => Institution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_institution_indicators_institution' })
  institution?: Institution;
}
