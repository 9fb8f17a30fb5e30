// A focus area of a review (transparency and integrity, efficiency, ...): a catalogue admins can extend.
import { Audited } from '@vigia/audit';
import { VersionedEntity } from '@vigia/common';
import { Column, Entity, Index } from 'typeorm';

@Entity({ name: 'focus_areas' })
@Audited({ type: 'focus_area' })
export class FocusArea extends VersionedEntity {
  /** Stable, kebab-case (`transparency-integrity`). */
  @Index('ux_focus_areas_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  @Column({ name: 'name_es', type: 'varchar', length: 200 })
  nameEs!: string;

  @Column({ name: 'name_fr', type: 'varchar', length: 200 })
  nameFr!: string;

  /** Display order. */
  @Column({ type: 'integer', default: 0 })
  position!: number;
}
