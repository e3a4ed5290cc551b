import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The last 索引号 serial handed out per organisation and period (year or month). */
@Entity({ name: 'index_number_counter' })
@Check('index_number_counter_last_serial_check', 'last_serial > 0')
export class IndexNumberCounter {
  @PrimaryColumn({ name: 'organisation_code', type: 'text' })
  organisationCode!: string;

  /** `2022` or `202203`, as the pattern's period. */
  @PrimaryColumn({ type: 'text' })
  period!: string;

  @Column({ name: 'last_serial', type: 'integer' })
  lastSerial!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
