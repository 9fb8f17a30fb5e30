// The twelve principles of the OECD 2015 Recommendation of the Council on Public Procurement (fixed catalogue).
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'principles' })
export class Principle {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ux_principles_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  @Column({ name: 'name_es', type: 'varchar', length: 200 })
  nameEs!: string;

  @Column({ name: 'name_fr', type: 'varchar', length: 200 })
  nameFr!: string;

  @Column({ type: 'integer' })
  position!: number;
}
