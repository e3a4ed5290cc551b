/**
 * Workflows for bench/engine.ts: the approval shape gongkai's reviews use
 * (activity, three updates, activity), and one that only idles on an update.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './engine-activities';

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

export const approve = defineUpdate<string, [string]>('approve');

/** start → activity → `levels` updates → activity → complete. */
export async function benchApproval(levels: number): Promise<number> {
  const approvals: string[] = [];
  setHandler(approve, (who) => {
    approvals.push(who);
    return `level ${approvals.length} approved by ${who}`;
  });
  await acts.record('submitted');
  await condition(() => approvals.length >= levels);
  await acts.record('published');
  return approvals.length;
}

/** Open and idle until one update arrives. */
export async function benchIdle(): Promise<string> {
  let approvedBy = '';
  setHandler(approve, (who) => {
    approvedBy = who;
    return `approved by ${who}`;
  });
  await condition(() => approvedBy !== '');
  return approvedBy;
}
