/**
 * Replay of policy packages (政策解读): the recorded package history and its
 * child review (record-policy-histories.test.ts, histories/policy/policy-package-*.json)
 * must replay cleanly against the current workflows/ bundle; a package in
 * flight is exactly such a history. A failure after editing
 * workflows/policy-package.ts means the edit is not replay-safe. The negative
 * control: a deliberately changed package (support/changed-policy-package.ts)
 * must fail with DeterminismViolationError.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowBundlePath } from '../support/temporal';
import { workflowBundlerOptions } from '../../apps/worker/src/workflow-bundle';

const HISTORIES_DIR = path.join(__dirname, 'histories', 'policy');
const files = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.startsWith('policy-package-') && f.endsWith('.json'))
  .sort();

const loadHistory = (file: string) =>
  proto.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));

describe('replay of recorded policy package histories', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    } catch {
      // a runtime already exists in this jest worker
    }
  });

  it('has both packages (published together; with a deferral) and their child reviews', () => {
    const types = files.map((f) => loadHistory(f).events![0].workflowExecutionStartedEventAttributes!.workflowType!.name);
    expect(types.sort()).toEqual(['policyPackage', 'policyPackage', 'publicationReview', 'publicationReview']);
  });

  it.each(files)('%s replays cleanly against the current workflows', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('gongkai') } }, loadHistory(file), `replay-${file}`);
  });

  it('the package history fails against a deliberately changed package workflow', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, 'support', 'changed-policy-package.ts'),
      logger: new DefaultLogger('ERROR'),
      ...workflowBundlerOptions(),
    });
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code } }, loadHistory('policy-package-published.json'), 'replay-changed-policy-package'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 120_000);
});
