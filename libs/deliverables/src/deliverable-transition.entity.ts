// One move of a deliverable through its workflow: who, when, from and to. Append-only history.
import { User } from '@vigia/auth';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Deliverable, type DeliverableStatus } from './deliverable.entity';

@Entity({ name: 'deliverable_transitions' })
@Index('ix_deliverable_transitions_deliverable', ['deliverableId', 'at'])
export class DeliverableTransition {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'deliverable_id', type: 'uuid' })
  deliverableId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16 })
  from!: DeliverableStatus;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  to!: DeliverableStatus;

  @Column({ name: 'by_id', type: 'uuid' })
  byId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @ManyToOne(() => Deliverable, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliverable_id', foreignKeyConstraintName: 'fk_deliverable_transitions_deliverable' })
  deliverable?: Deliverable;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'by_id', foreignKeyConstraintName: 'fk_deliverable_transitions_by' })
  by?: User;
}
