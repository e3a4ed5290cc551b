import { canonicalSpec, CompiledSpec, SpecError } from './spec';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function times(spec: object, after: string, n: number, seed = 'ns-sched'): string[] {
  const c = new CompiledSpec(canonicalSpec(spec));
  const out: string[] = [];
  let t = at(after);
  for (let i = 0; i < n; i++) {
    const next = c.nextTime(seed, t);
    if (!next) break;
    out.push(iso(next.next)!);
    t = next.next;
  }
  return out;
}

describe('schedule specs', () => {
  it('reads cron strings into structured calendars as Temporal does (5, 6 and 7 fields, names, 7 = Sunday)', () => {
    const s = canonicalSpec({ cronString: ['0 12 * * MON-WED,FRI', '30 15 10 1 * * 2027', '0 0 * * 7'] });
    expect(s.structuredCalendar[0]).toMatchObject({
      second: [{ start: 0, end: 0, step: 1 }],
      hour: [{ start: 12, end: 12, step: 1 }],
      dayOfMonth: [{ start: 1, end: 31, step: 1 }],
      month: [{ start: 1, end: 12, step: 1 }],
      dayOfWeek: [{ start: 1, end: 3, step: 1 }, { start: 5, end: 5, step: 1 }],
      year: [],
    });
    expect(s.structuredCalendar[1]).toMatchObject({ second: [{ start: 30, end: 30, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }], year: [{ start: 2027, end: 2027, step: 1 }] });
    expect(s.structuredCalendar[2].dayOfWeek).toEqual([{ start: 0, end: 0, step: 1 }]);
  });

  it('needs day of month AND day of week to match (unlike robfig cron)', () => {
    // Friday the 13th: November 2026 has one
    expect(times({ cronString: ['0 0 13 * FRI'] }, '2026-01-01T00:00:00Z', 1)).toEqual(['2026-02-13T00:00:00.000Z']);
  });

  it('fires in the named zone: 09:00 in Asia/Shanghai is 01:00 UTC', () => {
    expect(times({ cronString: ['0 9 * * *'], timezoneName: 'Asia/Shanghai' }, '2026-01-01T02:00:00Z', 2)).toEqual([
      '2026-01-02T01:00:00.000Z',
      '2026-01-03T01:00:00.000Z',
    ]);
    expect(times({ cronString: ['CRON_TZ=Asia/Shanghai 0 9 * * *'] }, '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-01T01:00:00.000Z']);
  });

  it('across daylight saving: a time that does not exist is skipped, a repeated one fires at both instants', () => {
    // New York springs forward at 02:00 on 8 March 2026; 02:30 does not exist that day
    expect(times({ calendar: [{ hour: '2', minute: '30' }], timezoneName: 'America/New_York' }, '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
    // falls back at 02:00 on 1 November: 01:30 happens twice
    expect(times({ calendar: [{ hour: '1', minute: '30' }], timezoneName: 'America/New_York' }, '2026-10-31T12:00:00Z', 3)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('intervals count from the epoch plus the phase', () => {
    expect(times({ interval: [{ interval: { seconds: 3600 }, phase: { seconds: 300 } }] }, '2026-01-01T00:10:00Z', 2)).toEqual([
      '2026-01-01T01:05:00.000Z',
      '2026-01-01T02:05:00.000Z',
    ]);
    expect(times({ cronString: ['@every 90m'] }, '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-01T01:30:00.000Z']);
  });

  it('keeps to start and end time and skips excluded calendars', () => {
    const spec = {
      calendar: [{ hour: '9' }],
      excludeCalendar: [{ dayOfWeek: 'SAT,SUN', hour: '*', minute: '*', second: '*' }],
      startTime: { seconds: at('2026-11-27T00:00:00Z') / 1000 },
      endTime: { seconds: at('2026-12-02T00:00:00Z') / 1000 },
    };
    // from Friday 27 November: Fri, (Sat, Sun excluded), Mon, Tue; then the end
    expect(times(spec, '2026-01-01T00:00:00Z', 10)).toEqual([
      '2026-11-27T09:00:00.000Z',
      '2026-11-30T09:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
    ]);
  });

  it('adds the same jitter for the same schedule and time, never past the next time', () => {
    const spec = canonicalSpec({ interval: [{ interval: { seconds: 60 } }], jitter: { seconds: 3600 } });
    const c = new CompiledSpec(spec);
    const a = c.nextTime('ns-a', at('2026-01-01T00:00:30Z'))!;
    expect(a.nominal).toBe(at('2026-01-01T00:01:00Z'));
    expect(a.next - a.nominal).toBeGreaterThanOrEqual(0);
    expect(a.next - a.nominal).toBeLessThan(60_000);
    expect(c.nextTime('ns-a', at('2026-01-01T00:00:30Z'))).toEqual(a);
    const jitters = new Set(Array.from({ length: 20 }, (_, i) => c.nextTime(`ns-${i}`, at('2026-01-01T00:00:30Z'))!.next));
    expect(jitters.size).toBeGreaterThan(1);
  });

  it('refuses what Temporal refuses', () => {
    expect(() => canonicalSpec({ cronString: ['0 99 * * *'] })).toThrow(SpecError);
    expect(() => canonicalSpec({ cronString: ['0 9 * *'] })).toThrow('CronString does not have 5-7 fields');
    expect(() => canonicalSpec({ interval: [{ interval: { nanos: 5e8 } }] })).toThrow('interval is too small');
    expect(() => canonicalSpec({ interval: [{ interval: { seconds: 60 }, phase: { seconds: 60 } }] })).toThrow('phase cannot be greater than Interval');
    expect(() => canonicalSpec({ structuredCalendar: [{ hour: [{ start: 42 }] }] })).toThrow('Hour Start is not in range [0-23]');
    expect(() => canonicalSpec({ timezoneName: 'Mars/Olympus' })).toThrow('unknown time zone');
    expect(() => canonicalSpec({ cronString: ['CRON_TZ=Asia/Shanghai 0 9 * * *'], timezoneName: 'UTC' })).toThrow('conflicting timezone names');
  });

  it('never fires for a calendar that cannot match (30 February)', () => {
    expect(times({ calendar: [{ dayOfMonth: '30', month: 'FEB' }] }, '2026-01-01T00:00:00Z', 1)).toEqual([]);
  });
});
