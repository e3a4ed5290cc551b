import fc from 'fast-check';
import { CronError, nextCronTime, parseCron } from './cron';

const at = (iso: string) => Date.parse(iso);
const next = (expr: string, after: string, start?: string) => {
  const t = nextCronTime(parseCron(expr), at(after), start ? at(start) : undefined);
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('cron schedules', () => {
  it('fires at the next matching minute, strictly after the given time', () => {
    expect(next('*/15 * * * *', '2026-11-28T10:07:30Z')).toBe('2026-11-28T10:15:00.000Z');
    expect(next('*/15 * * * *', '2026-11-28T10:15:00Z')).toBe('2026-11-28T10:30:00.000Z');
    expect(next('* * * * *', '2026-12-31T23:59:59Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('understands ranges, lists, steps and names', () => {
    // Saturday 28 Nov 2026 → Monday 09:00
    expect(next('0 9 * * MON-FRI', '2026-11-28T10:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('30 8,17 * * *', '2026-11-28T09:00:00Z')).toBe('2026-11-28T17:30:00.000Z');
    expect(next('0 0 1 jan,jul *', '2026-11-28T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('5/20 * * * *', '2026-11-28T10:26:00Z')).toBe('2026-11-28T10:45:00.000Z');
    expect(next('0 12 * * 7', '2026-11-28T13:00:00Z')).toBe('2026-11-29T12:00:00.000Z'); // 7 is Sunday
  });

  it('fires on either day when both day fields are restricted, on both when one is *', () => {
    // the 13th or any Friday: Friday 4 Dec 2026 comes before 13 Dec
    expect(next('0 0 13 * FRI', '2026-11-28T00:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
    expect(next('0 0 13 * *', '2026-11-28T00:00:00Z')).toBe('2026-12-13T00:00:00.000Z');
    expect(next('0 0 ? * FRI', '2026-11-28T00:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
    // a stepped day field is a restriction (odd days OR Mondays), as in robfig/cron
    expect(next('0 0 */2 * 1', '2026-11-28T00:00:00Z')).toBe('2026-11-29T00:00:00.000Z'); // the 29th: odd
    expect(next('0 0 */2 * 1', '2026-11-29T00:00:00Z')).toBe('2026-11-30T00:00:00.000Z'); // the 30th: a Monday
  });

  it('expands descriptors', () => {
    expect(next('@hourly', '2026-11-28T10:07:00Z')).toBe('2026-11-28T11:00:00.000Z');
    expect(next('@daily', '2026-11-28T10:07:00Z')).toBe('2026-11-29T00:00:00.000Z');
    expect(next('@weekly', '2026-11-28T10:07:00Z')).toBe('2026-11-29T00:00:00.000Z');
    expect(next('@monthly', '2026-11-28T10:07:00Z')).toBe('2026-12-01T00:00:00.000Z');
    expect(next('@yearly', '2026-11-28T10:07:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('counts @every from the start of the run', () => {
    expect(next('@every 1h30m', '2026-11-28T10:00:00Z')).toBe('2026-11-28T11:30:00.000Z');
    expect(next('@every 10s', '2026-11-28T10:00:25Z', '2026-11-28T10:00:00Z')).toBe('2026-11-28T10:00:30.000Z');
    expect(next('@every 10s', '2026-11-28T10:00:30Z', '2026-11-28T10:00:00Z')).toBe('2026-11-28T10:00:40.000Z');
  });

  it('reads the schedule in CRON_TZ', () => {
    // 09:00 in Beijing is 01:00 UTC
    expect(next('CRON_TZ=Asia/Shanghai 0 9 * * *', '2026-11-28T02:00:00Z')).toBe('2026-11-29T01:00:00.000Z');
    expect(next('TZ=Asia/Shanghai 0 0 1 * *', '2026-11-28T02:00:00Z')).toBe('2026-11-30T16:00:00.000Z');
    // New York in July is UTC−4, in December UTC−5
    expect(next('CRON_TZ=America/New_York 0 9 * * *', '2026-07-01T00:00:00Z')).toBe('2026-07-01T13:00:00.000Z');
    expect(next('CRON_TZ=America/New_York 0 9 * * *', '2026-12-01T00:00:00Z')).toBe('2026-12-01T14:00:00.000Z');
  });

  it('fires a time skipped by daylight saving just after the change, and a repeated time once', () => {
    // 2026-03-08 02:30 does not exist in New York: fire at 03:30 EDT (07:30Z), not 01:30 EST
    expect(next('CRON_TZ=America/New_York 30 2 * * *', '2026-03-08T05:00:00Z')).toBe('2026-03-08T07:30:00.000Z');
    // 2026-11-01 01:30 happens twice: the first (EDT, 05:30Z), then tomorrow's
    expect(next('CRON_TZ=America/New_York 30 1 * * *', '2026-11-01T04:00:00Z')).toBe('2026-11-01T05:30:00.000Z');
    expect(next('CRON_TZ=America/New_York 30 1 * * *', '2026-11-01T05:30:00Z')).toBe('2026-11-02T06:30:00.000Z');
  });

  it('finds no time for a date that never comes', () => {
    expect(next('0 0 30 2 *', '2026-11-28T00:00:00Z')).toBeUndefined();
  });

  it.each([
    ['', /needs 5 fields/],
    ['* * * *', /needs 5 fields.*found 4/],
    ['61 * * * *', /invalid minute "61".*outside 0–59/],
    ['* 24 * * *', /invalid hour/],
    ['* * 0 * *', /invalid day of month/],
    ['* * * 13 *', /invalid month/],
    ['* * * FOO *', /not a number or a name/],
    ['* * * * 8', /invalid day of week/],
    ['*/0 * * * *', /step must be/],
    ['5-1 * * * *', /runs backwards/],
    ['? * * * *', /invalid minute/],
    ['@often', /unknown descriptor/],
    ['@every soon', /invalid duration/],
    ['@every 10ms', /more often than once a second/],
    ['@every 99999999999h', /less often than once in ten years/],
    ['* '.repeat(200), /longer than 256 characters/],
    ['CRON_TZ=Mars/Olympus 0 9 * * *', /unknown time zone "Mars\/Olympus"/],
  ])('rejects %j with a message naming the problem', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(message);
  });

  it('always returns a later time that matches the fields (property)', () => {
    const field = (min: number, max: number) =>
      fc.oneof(fc.constant('*'), fc.integer({ min, max }).map(String), fc.integer({ min: 1, max: 7 }).map((s) => `*/${s}`));
    fc.assert(
      fc.property(field(0, 59), field(0, 23), field(1, 28), field(1, 12), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (mi, h, d, mo, after) => {
        const schedule = parseCron(`${mi} ${h} ${d} ${mo} *`);
        const t = nextCronTime(schedule, after)!;
        expect(t).toBeGreaterThan(after);
        const date = new Date(t);
        expect(schedule.minutes.has(date.getUTCMinutes())).toBe(true);
        expect(schedule.hours.has(date.getUTCHours())).toBe(true);
        expect(schedule.days.has(date.getUTCDate())).toBe(true);
        expect(schedule.months.has(date.getUTCMonth() + 1)).toBe(true);
        // and no earlier minute matches (checked minute by minute when the gap is under two days)
        const matches = (ms: number) => {
          const x = new Date(ms);
          return schedule.minutes.has(x.getUTCMinutes()) && schedule.hours.has(x.getUTCHours()) &&
            schedule.days.has(x.getUTCDate()) && schedule.months.has(x.getUTCMonth() + 1);
        };
        if (t - after < 2 * 24 * 3600 * 1000) {
          for (let m = Math.floor(after / 60_000) * 60_000 + 60_000; m < t; m += 60_000) expect(matches(m)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});
