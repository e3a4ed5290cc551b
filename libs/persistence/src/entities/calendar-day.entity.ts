import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A day that departs from the weekday rule: a holiday, or a weekend make-up workday (调休上班). */
@Entity({ name: 'calendar_day' })
export class CalendarDayRecord {
  /** Civil date in Asia/Shanghai, `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'text' })
  kind!: 'holiday' | 'makeup_workday';

  @Column({ type: 'text' })
  name!: string;
}
