import { chineseDaysCalendarYears } from '../calendar/chinese-days-source';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { ClockEventError, StatutoryClock } from './statutory-clock';
import { STATUTORY_PERIODS } from './statutory-periods';

const calendar = new WorkingDayCalendar(chineseDaysCalendarYears());
const reply = (receivedOn: string) =>
  StatutoryClock.start(receivedOn, STATUTORY_PERIODS.requestReplyWorkingDays, {
    maxExtensionWorkingDays: STATUTORY_PERIODS.requestExtensionMaxWorkingDays,
  });

describe('StatutoryClock for a disclosure request (条例 Art. 33)', () => {
  it('runs 20 working days from receipt when nothing happens', () => {
    const reading = reply('2025-01-20').read(calendar);
    expect(reading).toMatchObject({ state: 'running', budget: 20, counted: 20, remaining: 0, dueDate: '2025-02-21' });
    expect(reading.dueAt?.toISOString()).toBe('2025-02-21T15:59:59.999Z');
  });

  it('restarts the 20 days when the completed request arrives after a 补正 notice across the Spring Festival', () => {
    const clock = reply('2025-01-20').pause('2025-01-23', 'correction_notice').restart('2025-02-10');
    const reading = clock.read(calendar);
    expect(reading.dueDate).toBe('2025-03-10');
    const restartLine = reading.explanation.find((l) => l.date === '2025-02-10')!;
    expect(restartLine).toMatchObject({ reason: 'restart', counted: false });
    expect(restartLine.note).toMatch(/重新起算/);
    // The make-up Sunday 2025-01-26 falls inside the pause, so it is not counted either.
    expect(reading.explanation.find((l) => l.date === '2025-01-26')).toMatchObject({ reason: 'paused', counted: false });
  });

  it('does not count the time a third party takes, and resumes the day after the answer arrives', () => {
    const clock = reply('2025-01-20').pause('2025-01-24', 'third_party_consultation').resume('2025-02-05');
    const reading = clock.read(calendar);
    expect(reading.dueDate).toBe('2025-02-26');
    const counted = reading.explanation.filter((l) => l.counted).map((l) => l.date);
    expect(counted.slice(0, 6)).toEqual(['2025-01-21', '2025-01-22', '2025-01-23', '2025-01-24', '2025-02-06', '2025-02-07']);
    expect(counted).toHaveLength(20);
  });

  it('has no due date while paused, and reports the days already used', () => {
    const clock = reply('2025-01-20').pause('2025-01-23', 'correction_notice');
    const reading = clock.read(calendar, '2025-02-20');
    expect(reading).toMatchObject({ state: 'paused', counted: 3, remaining: 17 });
    expect(reading.dueDate).toBeUndefined();
    expect(reading.explanation.at(-1)).toMatchObject({ date: '2025-02-20', reason: 'paused' });
  });

  it('reads part-way through: counted and remaining as at a date, due date unchanged', () => {
    const reading = reply('2025-01-20').read(calendar, '2025-02-07');
    expect(reading).toMatchObject({ counted: 9, remaining: 11, dueDate: '2025-02-21' });
  });

  it('extends by up to 20 working days, decided on the last day', () => {
    const clock = reply('2025-01-20').extend('2025-02-21', 20);
    expect(clock.read(calendar)).toMatchObject({ budget: 40, dueDate: '2025-03-21', lateEvents: [] });
    expect(() => clock.extend('2025-02-22', 1)).toThrow(/超过上限 20/);
  });

  it('an extension dated after expiry cannot revive the clock and is reported', () => {
    const reading = reply('2025-01-20').extend('2025-02-24', 10).read(calendar);
    expect(reading.dueDate).toBe('2025-02-21');
    expect(reading.lateEvents).toEqual([{ type: 'extend', on: '2025-02-24', workingDays: 10 }]);
  });

  it('refuses events out of order or that make no sense', () => {
    const clock = reply('2025-01-20');
    expect(() => clock.pause('2025-01-19', 'correction_notice')).toThrow(ClockEventError);
    expect(() => clock.resume('2025-01-21')).toThrow(/未暂停/);
    expect(() => clock.pause('2025-01-21', 'correction_notice').pause('2025-01-22', 'third_party_consultation')).toThrow(
      /重复暂停/,
    );
  });

  it('survives a round trip through its JSON state (workflow storage)', () => {
    const clock = reply('2025-01-20').pause('2025-01-24', 'third_party_consultation').resume('2025-02-05');
    const restored = StatutoryClock.fromSpec(JSON.parse(JSON.stringify(clock.spec)));
    expect(restored.dueDate(calendar)).toBe('2025-02-26');
  });
});
