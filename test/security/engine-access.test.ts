/**
 * Security finding 3: who may touch the engine. The embedded engine refuses
 * any call without the installation's API key; and even a client holding the
 * key cannot decide in someone's name — the workflow accepts only actors the
 * API signed — nor start a review or retraction of its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Client, Connection, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ActorSigner } from '@gongkai/persistence';
import { RETRACT_MESSAGE } from '@gongkai/contracts/actor-proof';
import {
  approveUpdate,
  publicationWorkflowId,
  retractionWorkflowId,
  type Actor,
  type DecisionArgs,
  type PublicationReviewInput,
  type RetractionInput,
} from '@gongkai/contracts/publication';
import { GONGKAI_TASK_QUEUE } from '@gongkai/contracts/task-queues';
import { createAndSubmit, NOT_SECRET, startGongkaiApp, type PublicationBody, type RunningGongkai } from '../support/gongkai-app';

let gk: RunningGongkai;
let connection: Connection;
let client: Client;
beforeAll(async () => {
  gk = await startGongkaiApp();
  // The attacker of this file holds the engine's API key (the strongest case).
  connection = await Connection.connect({ address: gk.temporal.address, apiKey: gk.temporal.apiKey, tls: false });
  client = new Client({ connection, namespace: gk.temporal.namespace });
}, 120_000);
afterAll(async () => {
  await connection?.close();
  await gk?.stop();
});

const LINA: Actor = { userId: 'lina', name: '李娜', departmentId: 'jichu', roles: ['section_head'] };
const CHENJUN: Actor = { userId: 'chenjun', name: '陈军', departmentId: 'lingdao', roles: ['principal'] };
const attackerSigner = new ActorSigner(randomBytes(32).toString('base64url'));

async function refusalOf(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
}

/** Every actorProof found in the payloads of a history (what an attacker with engine access can read). */
function proofsIn(history: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) {
      for (const m of Buffer.from(value).toString('utf8').matchAll(/"actorProof":"([0-9a-f]+)"/g)) found.push(m[1]);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) walk(v);
    }
  };
  walk(history);
  return found;
}

async function timelineKinds(id: string): Promise<string[]> {
  const rows: { kind: string }[] = await gk.dataSource.query('SELECT kind FROM timeline_events WHERE publication_id = $1 ORDER BY id', [id]);
  return rows.map((r) => r.kind);
}

describe('the embedded engine without its API key', () => {
  it('refuses every call UNAUTHENTICATED', async () => {
    const anonymous = await Connection.connect({ address: gk.temporal.address }).catch((e: unknown) => e);
    expect(anonymous).not.toBeInstanceOf(Connection);
    expect((anonymous as { cause?: { code?: number } }).cause?.code).toBe(grpcStatus.UNAUTHENTICATED);

    const wrongKey = await Connection.connect({ address: gk.temporal.address, apiKey: 'not-the-key', tls: false }).catch((e: unknown) => e);
    expect((wrongKey as { cause?: { code?: number } }).cause?.code).toBe(grpcStatus.UNAUTHENTICATED);
  });
});

describe('a client that holds the engine key', () => {
  let item: PublicationBody;
  beforeEach(async () => {
    item = await createAndSubmit(gk, 'zhangwei', { title: '关于开展校园安全隐患排查的通知' });
    expect(item.stage).toMatchObject({ level: 1, assignee: 'lina' });
  }, 30_000);

  it('cannot approve in the name of the assignee: unsigned, wrongly signed and replayed actors are all refused', async () => {
    const handle = client.workflow.getHandle(publicationWorkflowId(item.id));
    const decision: DecisionArgs = { actor: LINA, version: 1, confidentiality: NOT_SECRET };

    const unsigned = await refusalOf(handle.executeUpdate(approveUpdate, { args: [decision] }));
    expect(unsigned).toMatchObject({ type: 'NotAllowed', message: expect.stringContaining('签名') });

    const ownKey = attackerSigner.sign(publicationWorkflowId(item.id), approveUpdate.name, LINA, 1);
    expect((await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ ...decision, actorProof: ownKey }] }))).type).toBe('NotAllowed');

    // A genuine signature taken from this item's history (the author's submit) does not carry over to another message or person.
    const submittedProof = proofsIn(await handle.fetchHistory())[0];
    expect(submittedProof).toMatch(/^[0-9a-f]{128}$/);
    const replayed = await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ ...decision, actorProof: submittedProof }] }));
    expect(replayed.type).toBe('NotAllowed');

    // Nothing moved: the step still waits for 李娜, and no approval is on record.
    const after = await gk.request<PublicationBody>('GET', `/publications/${item.id}`, { as: 'zhangwei' });
    expect(after.body).toMatchObject({ status: 'in_review', stage: { level: 1, assignee: 'lina' }, decisions: [] });
    expect(await timelineKinds(item.id)).not.toContain('approved');

    // The real 李娜, through the API, still can.
    const real = await gk.request<PublicationBody>('POST', `/publications/${item.id}/approve`, { as: 'lina', body: { version: 1, confidentiality: NOT_SECRET } });
    expect(real.status).toBe(200);
    expect(real.body.decisions).toEqual([expect.objectContaining({ kind: 'approve', actorId: 'lina' })]);
  });

  it('cannot start a review of its own: a key that is not the installation’s stops it before its first side effect', async () => {
    const publicationId = randomUUID();
    const input: PublicationReviewInput = {
      publicationId,
      organisationId: 'demo',
      departmentId: 'jichu',
      authorId: 'zhangwei',
      authorName: '张伟',
      category: '工作动态',
      attribute: 'proactive',
      writtenDate: '2026-11-30',
      version: 1,
      actorKey: attackerSigner.publicKey,
    };
    const run = client.workflow.execute('publicationReview', {
      workflowId: publicationWorkflowId(publicationId),
      taskQueue: GONGKAI_TASK_QUEUE,
      args: [input],
      workflowExecutionTimeout: '30 seconds',
    });
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(JSON.stringify((err as WorkflowFailedError).cause)).toContain('UntrustedActorKey');
    expect(await timelineKinds(publicationId)).toEqual([]);

    // Without any key at all it fails the same way.
    const keyless = { ...input, publicationId: randomUUID(), actorKey: undefined };
    await expect(
      client.workflow.execute('publicationReview', { workflowId: publicationWorkflowId(keyless.publicationId), taskQueue: GONGKAI_TASK_QUEUE, args: [keyless] }),
    ).rejects.toBeInstanceOf(WorkflowFailedError);
  });

  it('cannot retract a published item by starting the retraction itself', async () => {
    const publicationId = item.id;
    const base: RetractionInput = {
      publicationId,
      indexNumber: '003012345/2026-99999',
      actor: CHENJUN,
      reason: '伪造的撤回',
      reviewState: { publicationId, status: 'published', phase: 'published', version: 1, route: [], decisions: [], findings: [], warningsAcknowledged: false },
    };
    const attempt = (input: RetractionInput) =>
      client.workflow.execute('publicationRetraction', {
        workflowId: retractionWorkflowId(publicationId),
        taskQueue: GONGKAI_TASK_QUEUE,
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        args: [input],
      });
    const unsigned = await attempt(base).catch((e: unknown) => e);
    expect(unsigned).toBeInstanceOf(WorkflowFailedError);
    expect(JSON.stringify((unsigned as WorkflowFailedError).cause)).toContain('NotAllowed');
    const signedByAttacker = {
      ...base,
      actorKey: attackerSigner.publicKey,
      actorProof: attackerSigner.sign(retractionWorkflowId(publicationId), RETRACT_MESSAGE, CHENJUN, undefined),
    };
    const ownKey = await attempt(signedByAttacker).catch((e: unknown) => e);
    expect(ownKey).toBeInstanceOf(WorkflowFailedError);
    expect(JSON.stringify((ownKey as WorkflowFailedError).cause)).toContain('UntrustedActorKey');
    expect(await timelineKinds(publicationId)).not.toContain('retracted');
  });
});
