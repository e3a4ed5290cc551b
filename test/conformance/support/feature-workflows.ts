/**
 * Workflows for the engine features beyond the basics: user metadata (a timer
 * with a summary), reset (a run that collects signals after an activity).
 */
import { condition, defineSignal, executeChild, isCancellation, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type * as activities from './activities';

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

const summarisedActs = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', summary: '发送告知书' });

/** A timer and an activity with summaries (the commands' user metadata), then done. */
export async function summarisedTimer(): Promise<string> {
  await sleep(5, { summary: '等待补正期限' });
  await summarisedActs.echo('x');
  return 'done';
}

export const noteSignal = defineSignal<[string]>('note');

/** Runs an activity, then collects `note` signals until it has `n`; returns them with the activity's answer. */
export async function noteCollector(n: number): Promise<string[]> {
  const notes: string[] = [];
  setHandler(noteSignal, (note) => void notes.push(note));
  const first = await acts.echo('received');
  await condition(() => notes.length >= n);
  return [first, ...notes];
}

/** Sleeps a day unless cancelled; notes are taken meanwhile (each one is a workflow task: a later reset point). */
export async function longSleeper(): Promise<string> {
  setHandler(noteSignal, () => undefined);
  try {
    await sleep('1 day');
    return 'slept';
  } catch (err) {
    if (isCancellation(err)) return 'cancelled';
    throw err;
  }
}

/** Runs `greet` as a child with a static summary and details (the child's start carries them). */
export async function parentWithSummarisedChild(name: string): Promise<string> {
  return executeChild('greet', {
    args: [name],
    workflowId: `${workflowInfo().workflowId}-child`,
    staticSummary: '子流程：问候',
    staticDetails: '由父流程启动',
  });
}
