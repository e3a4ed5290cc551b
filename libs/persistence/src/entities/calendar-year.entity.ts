import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A year the working-day calendar holds data for. Its presence is what makes
 * the year "covered": a year with no row is refused, never guessed.
 */
@Entity({ name: 'calendar_year' })
@Check('calendar_year_year_check', 'year BETWEEN 1992 AND 2200')
export class CalendarYearRecord {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  /** e.g. 国务院办公厅关于2026年部分节假日安排的通知, or chinese-days@1.5.7. */
  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
