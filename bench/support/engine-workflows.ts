/**
 * Workflows for bench/engine.ts: the approval shape gongkai's reviews use
 * (activity, three updates, activity), with normal or local activities, and one
 * that only idles on an update.
 */
import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './engine-activities';

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });
const localActs = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30s' });

export const approve = defineUpdate<string, [string]>('approve');

/** start → activity → `levels` updates → activity → complete. */
export async function benchApproval(levels: number): Promise<number> {
  return approvalShape(levels, acts.record);
}

/**
 * The same with local activities: run by the worker inside the workflow task and recorded as markers, as DBOS
 * runs its steps inside the workflow's process (bench:engine --local-activities).
 */
export async function benchApprovalLocal(levels: number): Promise<number> {
  return approvalShape(levels, localActs.record);
}

async function approvalShape(levels: number, record: (stage: string) => Promise<string>): Promise<number> {
  const approvals: string[] = [];
  setHandler(approve, (who) => {
    approvals.push(who);
    return `level ${approvals.length} approved by ${who}`;
  });
  await record('submitted');
  await condition(() => approvals.length >= levels);
  await record('published');
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
