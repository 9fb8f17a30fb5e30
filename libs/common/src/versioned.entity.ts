// Columns every mutable record carries: uuid key, timestamps, and the optimistic-locking version.
import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export abstract class VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Millisecond precision, as a JavaScript Date holds: a cursor built from a loaded row then compares equal to it.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** SQL for a CHECK constraint that keeps a column within a fixed list of values. */
export function oneOf(column: string, values: readonly string[]): string {
  return `"${column}" IN (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
}
