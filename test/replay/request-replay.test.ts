/**
 * Replay of disclosure requests (依申请公开): the recorded request histories
 * (record-request-histories.test.ts, histories/request/*.json) must replay
 * cleanly against the current workflows/ bundle. A request runs for weeks on
 * its statutory clock, so requests in flight when a new version ships are the
 * rule: a failure here after editing workflows/disclosure-request.ts means the
 * edit is not replay-safe (guard it with patched()).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowBundlePath } from '../support/temporal';

const HISTORIES_DIR = path.join(__dirname, 'histories', 'request');
const files = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.startsWith('request-') && f.endsWith('.json'))
  .sort();

const loadHistory = (file: string) =>
  proto.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));

describe('replay of recorded disclosure-request histories', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    } catch {
      // a runtime already exists in this jest worker
    }
  });

  it('has a replied request and one closed by its 补正 timer', () => {
    expect(files).toEqual(['request-no-clarification.json', 'request-replied.json']);
    for (const f of files) expect(loadHistory(f).events![0].workflowExecutionStartedEventAttributes!.workflowType!.name).toBe('disclosureRequest');
  });

  it.each(files)('%s replays cleanly against the current workflows', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath('gongkai') } }, loadHistory(file), `replay-${file}`);
  });
});
