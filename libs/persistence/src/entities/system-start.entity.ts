import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per start of a gongkai process: shows an operator that data survived a restart. */
@Entity({ name: 'system_start' })
export class SystemStart {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  component!: string;

  @Column({ type: 'text' })
  version!: string;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;
}
