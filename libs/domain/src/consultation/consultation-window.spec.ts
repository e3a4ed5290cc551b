import { closingStatement, commentFingerprint, extendedClosesAt, windowClosesAt } from '.';

describe('the consultation window', () => {
  it('closes at 23:59:59.999 Asia/Shanghai of the day `days` calendar days after the opening day', () => {
    // Opened 2026-03-02 10:00 Beijing: day 1 is 03-03, day 30 is 04-01.
    expect(windowClosesAt('2026-03-02T02:00:00Z', 30).toISOString()).toBe('2026-04-01T15:59:59.999Z');
  });

  it('counts from the Beijing date, not the UTC one (opened 07:30 Beijing = the previous UTC day)', () => {
    expect(windowClosesAt('2026-03-01T23:30:00Z', 1).toISOString()).toBe('2026-03-03T15:59:59.999Z');
  });

  it('crosses month ends, leap days and the year end in calendar days (holidays are counted)', () => {
    expect(windowClosesAt('2028-02-15T02:00:00Z', 14).toISOString()).toBe('2028-02-29T15:59:59.999Z');
    expect(windowClosesAt('2026-12-20T02:00:00Z', 30).toISOString()).toBe('2027-01-19T15:59:59.999Z');
    // 国庆 (Oct 1–7) does not stop a calendar-day window.
    expect(windowClosesAt('2026-09-30T02:00:00Z', 7).toISOString()).toBe('2026-10-07T15:59:59.999Z');
  });

  it('extends from the current last day', () => {
    expect(extendedClosesAt('2026-04-01T15:59:59.999Z', 10).toISOString()).toBe('2026-04-11T15:59:59.999Z');
  });

  it('states the closing date in the notice', () => {
    expect(closingStatement('2026-04-01T15:59:59.999Z')).toBe('征求意见截止时间：2026年4月1日24时（北京时间）。逾期提交的意见不予受理。');
  });
});

describe('duplicate comments', () => {
  it('share a fingerprint when they differ only in spaces, punctuation, width and case', () => {
    expect(commentFingerprint('建议延长开放时间！')).toBe(commentFingerprint('建议 延长开放时间。'));
    expect(commentFingerprint('ＡＢＣ，建议增加１个班')).toBe(commentFingerprint('abc 建议增加1个班'));
  });

  it('differ when the words differ', () => {
    expect(commentFingerprint('建议延长开放时间')).not.toBe(commentFingerprint('建议缩短开放时间'));
  });
});
