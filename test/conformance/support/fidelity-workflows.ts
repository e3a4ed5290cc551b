/**
 * Workflows of the fidelity suite (test/conformance/fidelity.test.ts): what a
 * workflow sees of its own run — timeouts, build id, continue-as-new
 * suggestion, typed search attributes — and updates left open when a run
 * closes. Deterministic.
 */
import {
  ApplicationFailure,
  CancellationScope,
  makeContinueAsNewFunc,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

/** What workflowInfo() says about the run's timeouts, build id and search attributes, as JSON. */
export interface RunView {
  executionTimeoutMs: number | null;
  runTimeoutMs: number | null;
  currentBuildId: string;
  /** Typed search attributes by name; a Date as `date:<ISO>` so the type survives JSON. */
  attributes: Record<string, unknown>;
}

function runView(): RunView {
  const info = workflowInfo();
  const attributes: Record<string, unknown> = {};
  for (const pair of info.typedSearchAttributes.getAll()) {
    attributes[pair.key.name] = pair.value instanceof Date ? `date:${pair.value.toISOString()}` : pair.value;
  }
  return {
    executionTimeoutMs: info.executionTimeoutMs ?? null,
    runTimeoutMs: info.runTimeoutMs ?? null,
    currentBuildId: info.currentBuildId ?? '',
    attributes,
  };
}

export const viewQuery = defineQuery<RunView>('view');
export const upsertSignal = defineSignal<[Record<string, unknown[]>]>('upsertLegacy');
export const finishSignal = defineSignal('finish');

/**
 * Answers `view` queries; `upsertLegacy` upserts with the untyped (legacy) API, whose payloads name no type;
 * returns its view on `finish`.
 */
export async function selfView(): Promise<RunView> {
  let finished = false;
  setHandler(viewQuery, () => runView());
  setHandler(finishSignal, () => void (finished = true));
  setHandler(upsertSignal, (attributes) => {
    // The untyped API on purpose: its payloads name no type, the server must add it.
    upsertSearchAttributes(attributes as Record<string, string[] | number[] | Date[]>);
  });
  await condition(() => finished);
  return runView();
}

export const holdUpdate = defineUpdate<string, [string]>('hold');
export const closeSignal = defineSignal<['complete' | 'fail' | 'continue']>('close');

/** `hold` is accepted and never completes; `close` ends the run the way it names while the update is open. */
export async function closesWithOpenUpdate(): Promise<string> {
  let how: 'complete' | 'fail' | 'continue' | undefined;
  setHandler(holdUpdate, async () => {
    await condition(() => false);
    return 'never';
  });
  setHandler(closeSignal, (h) => void (how = h));
  await condition(() => how !== undefined);
  if (how === 'fail') throw ApplicationFailure.nonRetryable('closing with an update open');
  if (how === 'continue') await continueAsNew<typeof closesWithOpenUpdate>();
  return 'closed';
}

/** Sleeps in 1 ms steps until the server suggests continue-as-new; returns the history length it was told at. */
export async function untilContinueAsNewSuggested(maxSteps: number): Promise<{ suggested: boolean; historyLength: number }> {
  for (let i = 0; i < maxSteps; i++) {
    if (workflowInfo().continueAsNewSuggested) return { suggested: true, historyLength: workflowInfo().historyLength };
    await sleep(1);
  }
  return { suggested: false, historyLength: workflowInfo().historyLength };
}

/** The activity the time-skipping test registers itself: sleeps on the virtual clock (UnlockTimeSkippingWithSleep). */
interface VirtualSleepActivities {
  sleepVirtually(ms: number): Promise<void>;
}

/**
 * Races a timer against an activity that sleeps 2,000 s of virtual time from inside the activity; the timer is
 * 1,000 s when it should win, 3,000 s when it should lose.
 */
export async function raceActivityAndTimer(expectedWinner: 'timer' | 'activity'): Promise<string> {
  const { sleepVirtually } = proxyActivities<VirtualSleepActivities>({ startToCloseTimeout: '1 day' });
  const timerMs = expectedWinner === 'timer' ? 1_000_000 : 3_000_000;
  return Promise.race([sleep(timerMs).then(() => 'timer'), sleepVirtually(2_000_000).then(() => 'activity')]);
}

export const continueNowSignal = defineSignal('continueNow');

/**
 * The SDK suite's continue-as-new chain: from the main function with a 1 ms start backoff into a run that
 * waits, then from a signal handler into a run that ends.
 */
export async function continueChain(from: 'execute' | 'signal' | 'none' = 'execute', to: 'execute' | 'signal' | 'none' = 'signal'): Promise<string> {
  setHandler(continueNowSignal, async () => {
    await makeContinueAsNewFunc<typeof continueChain>()('none');
  });
  if (from === 'none') return workflowInfo().runId;
  if (from === 'execute') await makeContinueAsNewFunc<typeof continueChain>({ backoffStartInterval: '1ms' })(to);
  await CancellationScope.current().cancelRequested;
  return 'cancelled';
}

export const noteUpdate = defineUpdate<string, [string]>('note');
export const enoughUpdate = defineUpdate<string>('enough');

/** Collects `note` updates until `enough`; answers with the notes and '$' for the end (the SDK suite's workflowWithUpdates). */
export async function notesUntilEnough(): Promise<string[]> {
  const notes: string[] = [];
  let done = false;
  setHandler(noteUpdate, (text) => {
    notes.push(text);
    return text;
  });
  setHandler(enoughUpdate, () => {
    done = true;
    notes.push('done');
    return 'done';
  });
  await condition(() => done);
  notes.push('$');
  return notes;
}

export const pokeSignal = defineSignal('poke');
export const pokeUpdate = defineUpdate<void>('pokeUpdate');

/**
 * Ends as soon as a signal or an update arrives or a short timer fires (the SDK suite's ordering workflow),
 * saying which it saw. With `withActivity`, also an activity on `<task queue>-activity`: all four can then
 * land in one workflow task.
 */
export async function firstOfSignalUpdateTimer(withActivity = false): Promise<boolean[]> {
  let signalled = false;
  let updated = false;
  let timed = false;
  let acted = false;
  setHandler(pokeSignal, () => {
    signalled = true;
  });
  setHandler(pokeUpdate, () => {
    updated = true;
  });
  void sleep(100).then(() => {
    timed = true;
  });
  if (withActivity) {
    void proxyActivities<{ stopWorker(): Promise<void> }>({ scheduleToCloseTimeout: '10s', taskQueue: `${workflowInfo().taskQueue}-activity` })
      .stopWorker()
      .then(() => {
        acted = true;
      });
  }
  await condition(() => signalled || updated || timed || acted);
  return withActivity ? [signalled, updated, timed, acted] : [signalled, updated, timed];
}
