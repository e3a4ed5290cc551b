/**
 * Replay of the publication review: the histories real reviews left on the
 * embedded engine (recorded through HTTP by record-publication-histories.test.ts,
 * committed as histories/publication-*.json) must replay cleanly against the
 * current workflows/ bundle — the reviews in flight in production are exactly
 * such histories. A failure here after editing workflows/publication-*.ts means
 * the edit is not replay-safe: guard it with patched(), or, if no review can be
 * running the old code, re-record.
 *
 * And the check must have teeth: a deliberately changed copy of the workflow
 * (support/changed-publication-review.ts) must fail with DeterminismViolationError.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowBundlePath } from '../support/temporal';
import { workflowBundlerOptions } from '../../apps/worker/src/workflow-bundle';

const HISTORIES_DIR = path.join(__dirname, 'histories');
const files = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.startsWith('publication-') && f.endsWith('.json'))
  .sort();

function loadHistory(file: string): proto.api.history.v1.History {
  return proto.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
}

function workflowType(history: proto.api.history.v1.IHistory): string {
  return history.events![0].workflowExecutionStartedEventAttributes!.workflowType!.name!;
}

async function replayAll(code: { codePath: string } | { code: string }, names: string[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const histories = names.map((file) => ({ workflowId: `replay-${file}`, history: loadHistory(file) }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: code }, histories)) results.push(result);
  return results;
}

describe('replay of recorded publication review histories', () => {
  beforeAll(() => {
    try {
      // The negative case makes Core log the nondeterminism it found; that is the expected outcome.
      Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    } catch {
      // a runtime already exists in this jest worker
    }
  });

  it('has the recorded scenarios, of both workflows', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    const types = new Set(files.map((f) => workflowType(loadHistory(f))));
    expect([...types].sort()).toEqual(['publicationRetraction', 'publicationReview']);
    for (const scenario of ['three-level', 'reject-revise', 'screening-warning', 'withdraw', 'refused-decisions', 'escalation', 'retraction']) {
      expect(files).toContain(`publication-${scenario}.json`);
    }
  });

  it.each(files)('%s replays cleanly against the current workflows', async (file) => {
    const history = loadHistory(file);
    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('gongkai') } }, history, `replay-${file}`);
  });

  it('all of them replay cleanly in one replay worker', async () => {
    const results = await replayAll({ codePath: workflowBundlePath('gongkai') }, files);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(files.map((f) => [`replay-${f}`, undefined]));
  });

  describe('against a deliberately changed review workflow', () => {
    let code: string;
    const reviews = files.filter((f) => workflowType(loadHistory(f)) === 'publicationReview');

    beforeAll(async () => {
      ({ code } = await bundleWorkflowCode({
        workflowsPath: path.join(__dirname, 'support', 'changed-publication-review.ts'),
        logger: new DefaultLogger('ERROR'),
        ...workflowBundlerOptions(),
      }));
    }, 60_000);

    it('the three-level review fails with DeterminismViolationError', async () => {
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code } }, loadHistory('publication-three-level.json'), 'replay-changed-three-level'),
      ).rejects.toBeInstanceOf(DeterminismViolationError);
    });

    it('every recorded review fails with DeterminismViolationError', async () => {
      expect(reviews.length).toBeGreaterThanOrEqual(6);
      const results = await replayAll({ code }, reviews);
      expect(results).toHaveLength(reviews.length);
      for (const result of results) {
        expect([result.workflowId, result.error?.constructor.name]).toEqual([result.workflowId, 'DeterminismViolationError']);
        expect(result.error).toBeInstanceOf(DeterminismViolationError);
      }
    });
  });
});
