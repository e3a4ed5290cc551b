/**
 * Disclosure-request due dates over 2025–2026 on the real holiday data
 * (chinese-days, which follows the State Council's notices), each counted by
 * hand below: receipt = day 0, 20 working days, 调休 make-up days counted.
 * 2026 (国办发明电〔2025〕7号): 元旦 1–3 Jan (4 Jan, a Sunday, worked);
 * 春节 15–23 Feb (14 and 28 Feb, Saturdays, worked); 劳动节 1–5 May (9 May
 * worked); 中秋 25–27 Sep; 国庆 1–7 Oct (20 Sep and 10 Oct worked).
 */
import { chineseDaysCalendarYear } from '../calendar/chinese-days-source';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { StatutoryClock } from './statutory-clock';

const calendar = new WorkingDayCalendar([chineseDaysCalendarYear(2025)!, chineseDaysCalendarYear(2026)!]);
const due = (receivedOn: string) => StatutoryClock.start(receivedOn as never, 20).read(calendar).dueDate;

describe('20 working days over 2025–2026, hand-checked', () => {
  it('across the new year: 31 Dec 2025 → 29 Jan 2026 (1–3 Jan off, Sunday 4 Jan worked)', () => {
    expect(due('2025-12-31')).toBe('2026-01-29');
  });

  it('across 春节 2026: 6 Feb → 12 Mar (Saturdays 14 and 28 Feb worked, 15–23 Feb off)', () => {
    expect(due('2026-02-06')).toBe('2026-03-12');
  });

  it('across 劳动节 2026: 30 Apr → 1 Jun (1–5 May off, Saturday 9 May worked)', () => {
    expect(due('2026-04-30')).toBe('2026-06-01');
  });

  it('across 中秋 and 国庆 2026: 18 Sep → 22 Oct (Sunday 20 Sep and Saturday 10 Oct worked)', () => {
    expect(due('2026-09-18')).toBe('2026-10-22');
  });

  it('a 补正 spanning 国庆 restarts from the completed request: sent 24 Sep, completed 9 Oct → due 5 Nov', () => {
    // From 9 Oct (day 0): 10 Oct (Saturday, worked) is day 1; 12–16 Oct days 2–6, 19–23 days 7–11, 26–30 days 12–16, 2–5 Nov days 17–20.
    const clock = StatutoryClock.start('2026-09-18' as never, 20).pause('2026-09-24' as never, 'correction_notice').restart('2026-10-09' as never);
    expect(clock.read(calendar).dueDate).toBe('2026-11-05');
  });
});
