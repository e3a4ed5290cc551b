import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CalendarYearRecord } from './calendar-year.entity';

/** A day that departs from the weekday rule: a holiday, or a weekend make-up workday (调休上班). */
@Entity({ name: 'calendar_day' })
@Check('calendar_day_kind_check', `kind IN ('holiday', 'makeup_workday')`)
@Check('calendar_day_check', 'EXTRACT(YEAR FROM date) = year')
@Check('calendar_day_check1', `kind <> 'makeup_workday' OR EXTRACT(ISODOW FROM date) IN (6, 7)`)
@Index('calendar_day_year_idx', ['year'])
export class CalendarDayRecord {
  /** Civil date in Asia/Shanghai, `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'integer' })
  @ForeignKey(() => CalendarYearRecord, { name: 'calendar_day_year_fkey', onDelete: 'CASCADE' })
  year!: number;

  @Column({ type: 'text' })
  kind!: 'holiday' | 'makeup_workday';

  @Column({ type: 'text' })
  name!: string;
}
