/**
 * Replay of consultations (征求意见): the recorded consultation histories and
 * the child reviews of its notice and feedback report
 * (record-consultation-histories.test.ts, histories/consultation/*.json) must
 * replay cleanly against the current workflows/ bundle. A window lasts a month
 * and more, so consultations in flight when a new version ships are the rule:
 * a failure here after editing workflows/consultation.ts means the edit is not
 * replay-safe (guard it with patched()). The negative control: a deliberately
 * changed consultation (support/changed-consultation.ts) must fail with
 * DeterminismViolationError.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowBundlePath } from '../support/temporal';
import { workflowBundlerOptions } from '../../apps/worker/src/workflow-bundle';

const HISTORIES_DIR = path.join(__dirname, 'histories', 'consultation');
const files = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.startsWith('consultation-') && f.endsWith('.json'))
  .sort();

const loadHistory = (file: string) =>
  proto.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));

describe('replay of recorded consultation histories', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    } catch {
      // a runtime already exists in this jest worker
    }
  });

  it('has the concluded and the withdrawn consultation, and the concluded one’s two child reviews', () => {
    expect(files).toEqual(['consultation-concluded.json', 'consultation-feedback-review.json', 'consultation-notice-review.json', 'consultation-withdrawn.json']);
    const types = files.map((f) => loadHistory(f).events![0].workflowExecutionStartedEventAttributes!.workflowType!.name);
    expect(types).toEqual(['consultation', 'publicationReview', 'publicationReview', 'consultation']);
    // The concluded history covers the window's whole life: extension, timer-driven close, reminder and lateness.
    const activities = loadHistory('consultation-concluded.json')
      .events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter(Boolean);
    expect(activities).toEqual(expect.arrayContaining(['moveClosing', 'closeWindow', 'feedbackSchedule', 'notifyFeedback']));
    expect(activities.filter((a) => a === 'notifyFeedback')).toHaveLength(2);
  });

  it.each(files)('%s replays cleanly against the current workflows', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('gongkai') } }, loadHistory(file), `replay-${file}`);
  });

  it('the concluded history fails against a consultation whose closing was carelessly reordered', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, 'support', 'changed-consultation.ts'),
      logger: new DefaultLogger('ERROR'),
      ...workflowBundlerOptions(),
    });
    // The withdrawn one never closed, so the change does not touch it: replay tells a real change from a harmless one.
    await Worker.runReplayHistory({ workflowBundle: { code } }, loadHistory('consultation-withdrawn.json'), 'replay-changed-withdrawn');
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code } }, loadHistory('consultation-concluded.json'), 'replay-changed-consultation'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 120_000);
});
