import { parseTap } from './tap';

// What `ava --tap` (ava 5) printed for a file of the SDK suite, worker log lines mixed in as they are in a real run.
const AVA_OUTPUT = `TAP version 13
2026-12-02T05:39:35.165Z [INFO] asset workflow-bundle-c1bbcdc902f6229d1740.js 1.95 MiB [emitted]
# before hook
ok 1 - AsyncCompletionClient heartbeat by full ID infers activity context
not ok 2 - Non existing activity async completion throws meaningful message
  ---
    name: AssertionError
    assertion: throwsAsync
    values:
      'Promise rejected with unexpected exception:': |-
        ActivityCompletionError {
          message: 'invalid activity task token',
        }
    at: >-
      ActivityClient.handleError
  ...
ok 3 - Activity can complete asynchronously # SKIP
not ok 4 - update with start # TODO
not ok 5 - before hook
  ---
    name: Error
    message: 'Unimplemented: CreateSchedule'
  ...
ok 6 - ok-looking title with # hash inside

1..6
# tests 5
# pass 2
# skip 1
# fail 2
`;

describe('parseTap', () => {
  it('counts passed, failed, skipped and todo tests and takes each failure with its message', () => {
    const counts = parseTap(AVA_OUTPUT);
    expect(counts).toEqual({
      passed: 2,
      failed: 2,
      skipped: 1,
      todo: 1,
      complete: true,
      failures: [
        // An assertion without a message: the value it got stands in.
        { title: 'Non existing activity async completion throws meaningful message', message: "ActivityCompletionError { message: 'invalid activity task token', }" },
        { title: 'before hook', message: 'Unimplemented: CreateSchedule' },
      ],
    });
  });

  it('marks output without a plan line as incomplete (the worker died before ava could summarise)', () => {
    const counts = parseTap('TAP version 13\nok 1 - first\nnot ok 2 - second\n');
    expect(counts).toMatchObject({ passed: 1, failed: 1, complete: false });
    expect(counts.failures).toEqual([{ title: 'second' }]);
  });

  it('reads double-quoted messages and leaves block scalars out', () => {
    const counts = parseTap('not ok 1 - a\n  ---\n    message: "line \\"one\\""\n  ...\nnot ok 2 - b\n  ---\n    message: |-\n      long\n  ...\n1..2\n');
    expect(counts.failures).toEqual([{ title: 'a', message: 'line "one"' }, { title: 'b' }]);
  });

  it('ignores log lines that merely contain ok', () => {
    expect(parseTap('worker ok\n  ok 1 - indented is not a result\nokay\n1..0\n')).toMatchObject({ passed: 0, failed: 0, complete: true });
  });
});

describe('parseTap failure messages', () => {
  it('replaces ava\'s "Rejected promise returned by test" with what the promise was rejected with', () => {
    const output = [
      'not ok 1 - AsyncCompletionClient.complete offloads a large result',
      '  ---',
      '    name: AssertionError',
      '    message: Rejected promise returned by test',
      '    values:',
      "      'Rejected promise returned by test. Reason:': |-",
      '        ActivityCompletionError {',
      "          message: 'Unexpected failure',",
      '        }',
      '    at: >-',
      '      ActivityClient.handleError',
      '      (/work/main/node_modules/@temporalio/client/src/async-completion-client.ts:181:11)',
      '  ...',
      'not ok 2 - no values',
      '  ---',
      '    name: Error',
      '    message: Rejected promise returned by test',
      '    at: >-',
      '      (/x.ts:1:2)',
      '  ...',
      '1..2',
    ].join('\n');
    expect(parseTap(output).failures).toEqual([
      { title: 'AsyncCompletionClient.complete offloads a large result', message: "ActivityCompletionError { message: 'Unexpected failure', }" },
      { title: 'no values', message: 'Rejected promise returned by test' },
    ]);
  });
});

describe('parseTap after ava\'s inactivity timeout', () => {
  it('counts a test reported failed twice (timed out, then torn down) once, with its first reason', () => {
    const output = [
      'ok 1 - first',
      'not ok 2 - args-and-return',
      '  ---',
      '    name: Error',
      '    message: Exited because no new tests completed within the last 60000ms of inactivity',
      '  ...',
      'not ok 3 - args-and-return',
      '  ---',
      '    name: Error',
      "    message: 'Promise did not resolve within 0ms after Worker completed shutdown'",
      '  ...',
      'not ok 4 - Error: Channel has been shut down',
      'not ok 5 - Error: Channel has been shut down',
      '1..5',
    ].join('\n');
    expect(parseTap(output)).toMatchObject({
      passed: 1,
      failed: 2,
      failures: [
        { title: 'args-and-return', message: 'Exited because no new tests completed within the last 60000ms of inactivity' },
        { title: 'Error: Channel has been shut down' },
      ],
    });
  });
});
