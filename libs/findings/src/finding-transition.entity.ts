// One move of a finding through its workflow (submit, approve, reopen), with the reason for a reopening.
import { User } from '@vigia/auth';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Finding, type FindingStatus } from './finding.entity';

@Entity({ name: 'finding_transitions' })
@Index('ix_finding_transitions_finding', ['findingId', 'at'])
export class FindingTransition {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'finding_id', type: 'uuid' })
  findingId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16 })
  from!: FindingStatus;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  to!: FindingStatus;

  /** Required when an approved finding is reopened. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'by_id', type: 'uuid' })
  byId!: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  at!: Date;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id', foreignKeyConstraintName: 'fk_finding_transitions_finding' })
  finding?: Finding;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'by_id', foreignKeyConstraintName: 'fk_finding_transitions_by' })
  by?: User;
}
