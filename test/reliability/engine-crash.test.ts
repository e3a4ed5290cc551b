/**
 * Durability of the embedded engine under SIGKILL. The engine runs as a child
 * process (the standalone CLI) on the run's shared Postgres, in a schema of its
 * own, on a fixed port. The client and worker live in this process. While 200
 * workflows run (activities, timers, a signal and an update each) the engine is
 * killed and restarted several times; the SDK reconnects by itself. Afterwards
 * every workflow must have completed with the expected result and every
 * history must be well-formed: nothing lost, nothing written twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { freePort, spawnEngineProcess, type EngineProcess } from '@gongkai/embedded-temporal/engine-process';
import * as activities from '../conformance/support/activities';
import { crashMix, crashUpdate } from '../conformance/support/workflows';
import { testDatabaseUrl } from '../support/database';
import { uniqueId, workflowBundlePath } from '../support/temporal';

const WORKFLOWS = 200;
const KILLS = 5;
const EventType = proto.api.enums.v1.EventType;
type HistoryEvent = proto.api.history.v1.IHistoryEvent;

jest.setTimeout(150_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CRASH_TEST_VERBOSE=1 prints progress and the SDK's warnings (connection retries are expected here). */
const verbose = !!process.env.CRASH_TEST_VERBOSE;
const progress = (msg: string) => {
  if (verbose) process.stderr.write(`[crash-test ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
};

function quietRuntime(): void {
  if (verbose) return;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // A runtime already exists in this jest worker: keep it.
  }
}

/** Retries `fn` until it succeeds or `deadline` passes (the engine may be down for a while). */
async function retrying<T>(what: string, deadline: number, fn: () => Promise<T>): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await sleep(200 + Math.random() * 300);
    }
  }
  throw new Error(`${what}: still failing at the deadline: ${(last as Error)?.message ?? last}`);
}

describe('embedded engine: SIGKILL while workflows run', () => {
  const schema = `temporal_crash_${randomBytes(5).toString('hex')}`;
  // One key for every restart: the client and worker reconnect with it.
  const apiKey = randomBytes(24).toString('base64url');
  const namespace = 'default';
  const taskQueue = uniqueId('crash');
  let port: number;
  let engine: EngineProcess;
  let engineLog = '';
  let connection: Connection;
  let client: Client;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  const startEngine = async () => {
    engine = await spawnEngineProcess({
      databaseUrl: testDatabaseUrl(),
      schema,
      port,
      apiKey,
      onStderr: (t) => (engineLog = (engineLog + t).slice(-20_000)),
    });
  };

  beforeAll(async () => {
    quietRuntime();
    port = await freePort();
    await startEngine();
    // grpc-js backs off reconnects up to 2 minutes by default; the engine is back within seconds.
    connection = await Connection.connect({
      address: engine.address,
      apiKey,
      tls: false,
      channelArgs: { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.min_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 },
    });
    client = new Client({ connection, namespace });
    nativeConnection = await NativeConnection.connect({ address: engine.address, apiKey, tls: false });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace,
      taskQueue,
      workflowBundle: { codePath: workflowBundlePath('conformance') },
      activities,
      // A task in flight at a kill is retried by the server after its timeout; keep the waits short.
      stickyQueueScheduleToStartTimeout: '2s',
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await nativeConnection?.close();
    await connection?.close();
    await engine?.stop();
  });

  it('completes 200 workflows with well-formed histories across repeated SIGKILLs', async () => {
    const deadline = Date.now() + 120_000;
    const ids = Array.from({ length: WORKFLOWS }, (_, i) => ({ n: i, workflowId: `${taskQueue}-wf-${i}`, timerMs: 50 + ((i * 37) % 900) }));

    const done = { started: 0, signalled: 0, updated: 0, completed: 0 };
    const operations = () => done.started + done.signalled + done.updated + done.completed;
    const ticker = setInterval(() => progress(JSON.stringify(done)), 2000);

    // The chaos: once clients and worker are back at work (a few more operations done, or 8 s),
    // let it run another 0.5–1.5 s, then kill the engine and start it again on the same port.
    let kills = 0;
    let chaosDone = false;
    const chaos = (async () => {
      for (let k = 0; k < KILLS; k++) {
        const base = operations();
        const waitUntil = Date.now() + 8000;
        while (operations() < base + 15 && Date.now() < waitUntil) await sleep(100);
        await sleep(500 + Math.random() * 1000);
        await engine.kill();
        kills += 1;
        progress(`killed the engine (${kills}) at ${JSON.stringify(done)}`);
        await sleep(Math.random() * 300);
        await startEngine();
        progress('engine restarted');
      }
      chaosDone = true;
    })();

    const drive = async ({ n, workflowId, timerMs }: (typeof ids)[number]): Promise<string> => {
      // Spread the starts over the first seconds so they overlap the kills.
      await sleep((n % 50) * 40);
      await retrying(`start ${workflowId}`, deadline, async () => {
        try {
          await client.workflow.start(crashMix, {
            taskQueue,
            workflowId,
            args: [n, timerMs],
            workflowTaskTimeout: '3s',
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      });
      done.started += 1;
      // A fixed request id: a retry after a lost answer must not signal twice.
      const signalRequestId = randomUUID();
      await retrying(`signal ${workflowId}`, deadline, () =>
        client.workflowService.signalWorkflowExecution({
          namespace,
          workflowExecution: { workflowId },
          signalName: 'crashSignal',
          input: { payloads: [defaultPayloadConverter.toPayload(`s${n}`)] },
          identity: 'crash-test',
          requestId: signalRequestId,
        }),
      );
      done.signalled += 1;
      const handle = client.workflow.getHandle(workflowId);
      const updateResult = await retrying(`update ${workflowId}`, deadline, () =>
        handle.executeUpdate(crashUpdate, { args: [`u${n}`], updateId: `${workflowId}-update` }),
      );
      expect(updateResult).toBe(`update u${n} accepted by ${n}`);
      done.updated += 1;
      const result = await retrying(`result ${workflowId}`, deadline, () => handle.result());
      done.completed += 1;
      return result;
    };

    const results = await Promise.all(ids.map(drive)).finally(() => clearInterval(ticker));
    progress(`all ${WORKFLOWS} completed`);
    await chaos;
    expect(chaosDone).toBe(true);
    expect(kills).toBe(KILLS);

    ids.forEach(({ n }, i) => expect(results[i]).toBe(`a${n}|s${n}|u${n}|b${n}|c${n}`));

    // Histories after the last restart, read back from the engine.
    const problems: string[] = [];
    for (const { workflowId } of ids) {
      const history = await retrying(`history ${workflowId}`, deadline + 30_000, () => client.workflow.getHandle(workflowId).fetchHistory());
      for (const p of historyProblems(history.events ?? [])) problems.push(`${workflowId}: ${p}`);
    }
    if (problems.length) throw new Error(`${problems.length} malformed histories:\n${problems.slice(0, 30).join('\n')}\n--- engine log tail ---\n${engineLog.slice(-3000)}`);
  });
});

/** Everything wrong with one closed history (empty when it is well-formed). */
function historyProblems(events: HistoryEvent[]): string[] {
  const problems: string[] = [];
  const byId = new Map<number, HistoryEvent>();
  events.forEach((e, i) => {
    const id = Number(e.eventId);
    if (id !== i + 1) problems.push(`event #${i + 1} has id ${id}`);
    if (byId.has(id)) problems.push(`event id ${id} appears twice`);
    byId.set(id, e);
  });
  const typeOf = (id: unknown) => byId.get(Number(id))?.eventType;
  const closeTypes = new Set([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  ]);
  const closes = events.filter((e) => closeTypes.has(e.eventType!));
  if (closes.length !== 1) problems.push(`${closes.length} close events`);
  if (events.length && !closeTypes.has(events[events.length - 1].eventType!)) problems.push('the last event is not the close event');
  if (events[0]?.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) problems.push('the first event is not WorkflowExecutionStarted');

  const completedActivities = new Set<number>();
  const startedActivities = new Set<number>();
  const firedTimers = new Set<number>();
  const startedTasks = new Set<number>();
  let signals = 0;
  const acceptedUpdates = new Set<string>();
  for (const e of events) {
    const id = Number(e.eventId);
    switch (e.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const scheduled = Number(e.activityTaskStartedEventAttributes!.scheduledEventId);
        if (typeOf(scheduled) !== EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) problems.push(`ActivityTaskStarted ${id} references ${scheduled}, not a scheduled activity`);
        if (startedActivities.has(scheduled)) problems.push(`activity ${scheduled} started twice`);
        startedActivities.add(scheduled);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = e.activityTaskCompletedEventAttributes!;
        const scheduled = Number(a.scheduledEventId);
        if (typeOf(scheduled) !== EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) problems.push(`ActivityTaskCompleted ${id} references ${scheduled}, not a scheduled activity`);
        const started = byId.get(Number(a.startedEventId));
        if (started?.eventType !== EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED || Number(started.activityTaskStartedEventAttributes!.scheduledEventId) !== scheduled) {
          problems.push(`ActivityTaskCompleted ${id} references started event ${a.startedEventId}, which is not the start of activity ${scheduled}`);
        } else if (Number(a.startedEventId) >= id) problems.push(`ActivityTaskCompleted ${id} precedes its start`);
        if (completedActivities.has(scheduled)) problems.push(`activity ${scheduled} completed twice`);
        completedActivities.add(scheduled);
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const a = e.timerFiredEventAttributes!;
        const started = byId.get(Number(a.startedEventId));
        if (started?.eventType !== EventType.EVENT_TYPE_TIMER_STARTED || started.timerStartedEventAttributes!.timerId !== a.timerId) {
          problems.push(`TimerFired ${id} references ${a.startedEventId}, not the start of timer ${a.timerId}`);
        }
        if (firedTimers.has(Number(a.startedEventId))) problems.push(`timer ${a.timerId} fired twice`);
        firedTimers.add(Number(a.startedEventId));
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED: {
        const scheduled = Number(e.workflowTaskStartedEventAttributes!.scheduledEventId);
        // Events may land between Scheduled and Started (only a started task buffers them).
        if (scheduled >= id || typeOf(scheduled) !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) problems.push(`WorkflowTaskStarted ${id} references ${scheduled}, not an earlier scheduled task`);
        if (startedTasks.has(scheduled)) problems.push(`workflow task ${scheduled} started twice`);
        startedTasks.add(scheduled);
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT: {
        const a = e.workflowTaskCompletedEventAttributes ?? e.workflowTaskFailedEventAttributes ?? e.workflowTaskTimedOutEventAttributes!;
        if (typeOf(a.startedEventId) !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED || typeOf(a.scheduledEventId) !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
          problems.push(`workflow task end ${id} references ${a.scheduledEventId}/${a.startedEventId}, not a started task`);
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        signals += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const updateId = e.workflowExecutionUpdateAcceptedEventAttributes!.protocolInstanceId!;
        if (acceptedUpdates.has(updateId)) problems.push(`update ${updateId} accepted twice`);
        acceptedUpdates.add(updateId);
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const accepted = Number(e.workflowExecutionUpdateCompletedEventAttributes!.acceptedEventId);
        if (typeOf(accepted) !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) problems.push(`UpdateCompleted ${id} references ${accepted}, not an accepted update`);
        break;
      }
      default:
        break;
    }
  }
  if (completedActivities.size !== 3) problems.push(`${completedActivities.size} activities completed, expected 3`);
  if (firedTimers.size !== 2) problems.push(`${firedTimers.size} timers fired, expected 2`);
  if (signals !== 1) problems.push(`${signals} signals recorded, expected 1`);
  if (acceptedUpdates.size !== 1) problems.push(`${acceptedUpdates.size} updates accepted, expected 1`);
  return problems;
}
