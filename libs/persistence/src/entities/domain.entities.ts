// Tables behind libs/domain: the working-day calendar and 索引号 counters.
import { CalendarDayRecord } from './calendar-day.entity';
import { CalendarYearRecord } from './calendar-year.entity';
import { IndexNumberCounter } from './index-number-counter.entity';

export { CalendarDayRecord, CalendarYearRecord, IndexNumberCounter };
export const domainEntities = [CalendarYearRecord, CalendarDayRecord, IndexNumberCounter];
