import { compareReports, formatComparison, formatFailures, formatTable, totalsOf, type FileResult } from './report';

const row = (file: string, over: Partial<FileResult> = {}): FileResult => ({
  file,
  engine: 'main',
  passed: 0,
  failed: 0,
  skipped: 0,
  todo: 0,
  status: 'ok',
  durationMs: 0,
  failures: [],
  ...over,
});

const FILES: FileResult[] = [
  row('test-integration-update', { passed: 30, failed: 2, status: 'failed', durationMs: 95_400, failures: [{ title: 'update after close', message: 'timed out' }, { title: 'update with start' }] }),
  row('test-schedules', { failed: 1, skipped: 3, status: 'failed', durationMs: 12_000, failures: [{ title: 'before hook' }] }),
  row('test-testenvironment', { engine: 'time-skipping', passed: 2, status: 'stalled', durationMs: 190_000 }),
  row('test-sinks', { passed: 5, todo: 1, durationMs: 400 }),
];

describe('totalsOf', () => {
  it('adds the columns up and counts the files that did not finish', () => {
    expect(totalsOf(FILES)).toEqual({ files: 4, passed: 37, failed: 3, skipped: 3, todo: 1, unfinished: 1 });
  });
});

describe('formatTable', () => {
  it('prints one aligned Markdown row per file and a totals row', () => {
    expect(formatTable(FILES)).toBe(
      [
        '| file                    | engine        |   pass |  fail |  skip | status       |   s |',
        '|-------------------------|---------------|-------:|------:|------:|--------------|----:|',
        '| test-integration-update | main          |     30 |     2 |     0 |              |  95 |',
        '| test-schedules          | main          |      0 |     1 |     3 |              |  12 |',
        '| test-testenvironment    | time-skipping |      2 |     0 |     0 | stalled      | 190 |',
        '| test-sinks              | main          |      5 |     0 |     0 | 1 todo       |   0 |',
        '| **total (4 files)**     |               | **37** | **3** | **3** | 1 unfinished | 298 |',
      ].join('\n'),
    );
  });
});

describe('formatFailures', () => {
  it('lists failing tests under their file, and files that did not finish', () => {
    expect(formatFailures(FILES)).toBe(
      [
        'test-integration-update',
        '  - update after close — timed out',
        '  - update with start',
        'test-schedules',
        '  - before hook',
        'test-testenvironment (stalled: no test result for minutes, killed)',
      ].join('\n'),
    );
  });
});

describe('compareReports', () => {
  it('names the tests fixed and broken per file and leaves unchanged files out', () => {
    const after = [
      row('test-integration-update', { passed: 31, failed: 1, status: 'failed', failures: [{ title: 'update with start' }] }),
      row('test-schedules', { passed: 1, failed: 1, skipped: 2, status: 'failed', failures: [{ title: 'schedule lists' }] }),
      row('test-testenvironment', { engine: 'time-skipping', passed: 2, status: 'stalled' }),
      row('test-sinks', { passed: 5, todo: 1 }),
      row('test-new'),
    ];
    const changes = compareReports({ files: FILES }, { files: after });
    expect(changes).toEqual([
      { file: 'test-integration-update', before: { passed: 30, failed: 2, skipped: 0 }, after: { passed: 31, failed: 1, skipped: 0 }, fixed: ['update after close'], broken: [] },
      { file: 'test-schedules', before: { passed: 0, failed: 1, skipped: 3 }, after: { passed: 1, failed: 1, skipped: 2 }, fixed: ['before hook'], broken: ['schedule lists'] },
      { file: 'test-new', before: undefined, after: { passed: 0, failed: 0, skipped: 0 }, fixed: [], broken: [] },
    ]);
    expect(formatComparison(changes)).toBe(
      [
        'file: pass/fail/skip before → after',
        'test-integration-update: 30/2/0 → 31/1/0',
        '  + update after close',
        'test-schedules: 0/1/3 → 1/1/2',
        '  + before hook',
        '  - schedule lists',
        'test-new: — → 0/0/0',
      ].join('\n'),
    );
    expect(formatComparison([])).toBe('no change');
  });
});
