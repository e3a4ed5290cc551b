/**
 * Replay: the histories the conformance workflows produced on the embedded
 * engine (recorded by record-histories.ts, committed under histories/) must
 * replay cleanly against the current workflow code, and a deliberately changed
 * workflow must fail replay with a determinism error. A failure of the first
 * kind after editing test/conformance/support/workflows.ts means the edit is not
 * replay-safe (or, if intended, re-record: see record-histories.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowBundlePath } from '../support/temporal';
import { workflowBundlerOptions } from '../../apps/worker/src/workflow-bundle';

const HISTORIES_DIR = path.join(__dirname, 'histories');
// publication-*.json are gongkai's own workflows, replayed by publication-replay.test.ts.
const files = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json') && !f.startsWith('publication-'))
  .sort();

function loadHistory(file: string): proto.api.history.v1.History {
  return proto.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
}

function workflowType(history: proto.api.history.v1.IHistory): string {
  return history.events![0].workflowExecutionStartedEventAttributes!.workflowType!.name!;
}

describe('replay of recorded conformance histories', () => {
  beforeAll(() => {
    try {
      // The negative cases make Core log the nondeterminism it found; that is the expected outcome.
      Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    } catch {
      // a runtime already exists in this jest worker
    }
  });

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s replays cleanly against the current workflows', async (file) => {
    const history = loadHistory(file);
    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('conformance') } }, history, `replay-${file}`);
  });

  describe('against deliberately changed workflows', () => {
    let code: string;
    beforeAll(async () => {
      ({ code } = await bundleWorkflowCode({
        workflowsPath: path.join(__dirname, 'support', 'changed-workflows.ts'),
        logger: new DefaultLogger('ERROR'),
        ...workflowBundlerOptions(),
      }));
    });

    it.each(['greet.json', 'timer.json'])('%s fails with DeterminismViolationError', async (file) => {
      const history = loadHistory(file);
      expect(['greet', 'timerThenDone']).toContain(workflowType(history));
      await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history, `replay-changed-${file}`)).rejects.toBeInstanceOf(
        DeterminismViolationError,
      );
    });
  });
});
