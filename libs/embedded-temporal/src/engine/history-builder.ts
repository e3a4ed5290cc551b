/* eslint-disable @typescript-eslint/no-explicit-any -- events are protobufjs messages decoded by reflection */
/**
 * Appends events to a run's history (Temporal's history builder). Every event
 * a change writes goes through here, so event ids, event times and the
 * history size stay consistent; events that arrive while a worker holds a
 * workflow task wait in the run's buffer and get their ids when it is flushed.
 */
import { randomUUID } from 'node:crypto';
import { decode, encode, msToDuration, msToTimestamp, toNumber } from '../codec';
import type { EngineClock } from './clock';
import { encodeBuffered, encodeEvent, decodeBuffered, type PendingEvent } from './history';
import type { Tx } from './run-cache';
import type { RunState, WorkflowTaskState } from './state';

const HISTORY_EVENT = 'temporal.api.history.v1.HistoryEvent';

/**
 * When a workflow task suggests continue-as-new: Temporal's dynamic config `limit.historyCount.suggestContinueAsNew`
 * (4096 events) and `limit.historySize.suggestContinueAsNew` (4 MiB) are the defaults.
 */
export interface ContinueAsNewLimits {
  historyCount: number;
  historySizeBytes: number;
}
export const DEFAULT_CONTINUE_AS_NEW_LIMITS: ContinueAsNewLimits = { historyCount: 4 * 1024, historySizeBytes: 4 * 1024 * 1024 };
/** temporal.api.enums.v1.SuggestContinueAsNewReason */
const REASON_HISTORY_SIZE_TOO_LARGE = 1;
const REASON_TOO_MANY_HISTORY_EVENTS = 2;

/** Told when a buffered event gets its id (a child's Started event: the child entry records it). */
export type BufferedEventHook = (tx: Tx, event: any, eventId: number) => void;

export class HistoryBuilder {
  constructor(
    private readonly clock: EngineClock,
    private readonly onBufferedAppended: BufferedEventHook,
    private readonly continueAsNewLimits: ContinueAsNewLimits = DEFAULT_CONTINUE_AS_NEW_LIMITS,
  ) {}

  addEvent(tx: Tx, eventType: string, attributes: object): number {
    const eventId = tx.s.nextEventId++;
    const data = encodeEvent(eventId, { eventType, attributes, time: this.clock.now() });
    tx.events.push({ eventId, data });
    tx.s.historySizeBytes += data.length;
    return eventId;
  }

  /** Holds an event until the workflow task in flight is answered (see flushBuffered). */
  bufferEvent(tx: Tx, eventType: string, attributes: object): void {
    tx.s.buffered.push(encodeBuffered({ eventType, attributes, time: this.clock.now() }));
    tx.dirty = true;
  }

  /**
   * Takes back the ActivityTaskStarted event just appended in this change and buffers it instead: it must
   * stay just before the activity's result, which is about to be buffered.
   */
  moveActivityStartedToBuffer(tx: Tx): void {
    const started = tx.events.pop()!;
    tx.s.nextEventId -= 1;
    tx.s.historySizeBytes -= started.data.length;
    const ev = decode<any>(HISTORY_EVENT, started.data);
    this.bufferEvent(tx, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', ev.activityTaskStartedEventAttributes);
  }

  /**
   * Takes a timer's TimerFired event back out of the buffer, returning the timer's started event id. A timer
   * can fire while a workflow task is in flight whose answer cancels it; Temporal then drops the buffered
   * TimerFired and writes TimerCanceled, so the history says what the worker decided (a replay expects it).
   */
  /** How many buffered events remain once the TimerFired events of `canceledTimerIds` give way (see below). */
  bufferedBeyondCanceledTimers(tx: Tx, canceledTimerIds: ReadonlySet<string>): number {
    if (!canceledTimerIds.size) return tx.s.buffered.length;
    return tx.s.buffered.filter((b) => {
      const { eventType, bytes } = decodeBuffered(b);
      return eventType !== 'EVENT_TYPE_TIMER_FIRED' || !canceledTimerIds.has(decode<any>(HISTORY_EVENT, bytes).timerFiredEventAttributes?.timerId);
    }).length;
  }

  takeBufferedTimerFired(tx: Tx, timerId: string): number | undefined {
    for (let i = 0; i < tx.s.buffered.length; i++) {
      const { eventType, bytes } = decodeBuffered(tx.s.buffered[i]!);
      if (eventType !== 'EVENT_TYPE_TIMER_FIRED') continue;
      const fired = decode<any>(HISTORY_EVENT, bytes).timerFiredEventAttributes;
      if (fired?.timerId !== timerId) continue;
      tx.s.buffered.splice(i, 1);
      tx.dirty = true;
      return toNumber(fired.startedEventId);
    }
    return undefined;
  }

  /** Appends the buffered events, giving them ids; true when there were any. */
  flushBuffered(tx: Tx): boolean {
    if (!tx.s.buffered.length) return false;
    // An activity's Started event is buffered just before its result, whose startedEventId is only known now.
    const activityStarted = new Map<number, number>();
    for (const b of tx.s.buffered) {
      const { bytes } = decodeBuffered(b);
      const ev = decode<any>(HISTORY_EVENT, bytes);
      const eventId = tx.s.nextEventId++;
      ev.eventId = eventId;
      ev.eventTime = msToTimestamp(this.clock.now());
      if (ev.activityTaskStartedEventAttributes) activityStarted.set(toNumber(ev.activityTaskStartedEventAttributes.scheduledEventId), eventId);
      const result = ev.activityTaskCompletedEventAttributes ?? ev.activityTaskFailedEventAttributes
        ?? ev.activityTaskTimedOutEventAttributes ?? ev.activityTaskCanceledEventAttributes;
      if (result && !toNumber(result.startedEventId)) {
        const started = activityStarted.get(toNumber(result.scheduledEventId));
        if (started) result.startedEventId = started;
      }
      if (ev.childWorkflowExecutionStartedEventAttributes) this.onBufferedAppended(tx, ev, eventId);
      const data = encode(HISTORY_EVENT, ev);
      tx.events.push({ eventId, data });
      tx.s.historySizeBytes += data.length;
    }
    tx.s.buffered = [];
    return true;
  }

  // ------------------------------------------------------------ workflow task events

  /** WorkflowTaskScheduled attributes: the one place they are built. */
  workflowTaskScheduled(s: RunState, wft: WorkflowTaskState): object {
    return {
      taskQueue: { name: wft.queue, kind: wft.sticky ? 2 : 1, normalName: wft.sticky ? s.taskQueue : '' },
      startToCloseTimeout: msToDuration(s.workflowTaskTimeoutMs),
      attempt: wft.attempt,
    };
  }

  /** WorkflowTaskStarted attributes: the one place they are built. */
  workflowTaskStarted(s: RunState, wft: WorkflowTaskState, identity: string): object {
    // As Temporal counts: the events so far, this Started event included (its id), and the bytes written so far.
    const reasons: number[] = [];
    if (s.historySizeBytes >= this.continueAsNewLimits.historySizeBytes) reasons.push(REASON_HISTORY_SIZE_TOO_LARGE);
    if (wft.scheduledEventId + 1 >= this.continueAsNewLimits.historyCount) reasons.push(REASON_TOO_MANY_HISTORY_EVENTS);
    return {
      scheduledEventId: wft.scheduledEventId,
      identity,
      requestId: randomUUID(),
      historySizeBytes: s.historySizeBytes,
      suggestContinueAsNew: reasons.length > 0,
      suggestContinueAsNewReasons: reasons,
    };
  }

  addWorkflowTaskScheduled(tx: Tx, wft: WorkflowTaskState): number {
    return this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', this.workflowTaskScheduled(tx.s, wft));
  }

  /**
   * The Scheduled and Started events of a speculative task, not written when it went out: shown to the
   * worker only (startWorkflowTask), they are what it replays from.
   */
  speculativeTaskEvents(s: RunState, wft: WorkflowTaskState, identity: string): PendingEvent[] {
    const now = this.clock.now();
    return [
      { eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', time: now, attributes: this.workflowTaskScheduled(s, wft) },
      { eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED', time: now, attributes: this.workflowTaskStarted(s, wft, identity) },
    ];
  }

  /** A speculative task whose answer must be recorded: its Scheduled and Started events are written now, at the ids the worker saw. */
  persistSpeculativeTask(tx: Tx, identity: string): void {
    const wft = tx.s.wft!;
    tx.s.nextEventId = wft.scheduledEventId;
    this.addWorkflowTaskScheduled(tx, wft);
    this.addEvent(tx, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', this.workflowTaskStarted(tx.s, wft, identity));
    wft.speculative = false;
  }
}
