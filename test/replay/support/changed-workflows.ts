/**
 * Deliberately changed copies of conformance workflows, for the negative replay
 * test: each keeps its name but issues different commands than the recorded
 * history, as a careless edit of production workflow code would.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from '../../conformance/support/activities';

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

/** Was: one activity. Now a timer comes first. */
export async function greet(name: string): Promise<string> {
  await sleep('1s');
  return acts.echo(`你好，${name}`);
}

/** Was: sleep(ms). Now an activity instead of the timer. */
export async function timerThenDone(ms: number): Promise<number> {
  await acts.echo(`waited ${ms}`);
  return 0;
}
