/**
 * Records the consultation (征求意见) histories consultation-replay.test.ts
 * replays: a consultation driven over HTTP with the drill clock — notice
 * submitted and approved (the window opens), public comments (duplicates),
 * an extension, the clock advanced past the closing (the timer closes it),
 * then past the feedback reminder and lateness, dispositions, the generated
 * feedback report submitted, approved and published (concluded); and one
 * withdrawn before it opened. The consultation's history and its two child
 * reviews' are written to test/replay/histories/consultation/*.json. Commit them.
 *
 *   RECORD_HISTORIES=1 npx jest test/replay/record-consultation-histories
 *
 * Re-record only when workflows/consultation.ts changes on purpose (and think
 * of the consultations in flight — a window lasts a month: use patched()).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { consultationWorkflowId, publicationWorkflowId } from '@gongkai/contracts';
import { NOT_SECRET, startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

const HISTORIES_DIR = path.join(__dirname, 'histories', 'consultation');
const describeRecording = process.env.RECORD_HISTORIES === '1' ? describe : describe.skip;

async function save(client: Client, name: string, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  await handle.result();
  const history = await handle.fetchHistory();
  const json = proto.api.history.v1.History.fromObject(history).toJSON();
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`${name}: ${history.events?.length ?? 0} events → ${path.relative(process.cwd(), file)}`);
}

interface Consultation { id: string; noticeId: string; status: string; closesAt?: string; feedbackLate?: boolean; feedbackIndexNumber?: string }
interface StaffComment { id: string; clusterId: string }

describeRecording('record consultation histories', () => {
  let gk: RunningGongkai;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    gk = await startGongkaiApp({ timeSkipping: true, timeSkippingLocked: true, env: { GONGKAI_DEV_CLOCK: '1', PUBLIC_COMMENT_LIMIT_PER_MINUTE: '1000' } });
    connection = await Connection.connect({ address: gk.temporal.address, apiKey: gk.temporal.apiKey, tls: gk.temporal.tls });
    client = new Client({ connection, namespace: gk.temporal.namespace });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await gk?.stop();
  });

  const call = async <T = Record<string, unknown>>(method: string, urlPath: string, as: DemoUsername | undefined, body: unknown, status: number): Promise<T> => {
    const res = await gk.request<T & ErrorBody>(method, urlPath, { as, body });
    if (res.status !== status) throw new Error(`${method} ${urlPath} as ${as ?? 'public'}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const until = async <T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
    for (let n = 0; n < 200; n++) {
      const v = await read();
      if (done(v)) return v;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${what} did not happen`);
  };
  const consultation = (id: string) => call<Consultation>('GET', `/consultations/${id}`, 'zhangwei', undefined, 200);
  const approve = async (publicationId: string) => {
    for (const [as, body] of [['lina', { version: 1, confidentiality: NOT_SECRET }], ['wangqiang', { version: 1 }]] as const) {
      await until(`${as} approving`, () => gk.request('POST', `/publications/${publicationId}/approve`, { as, body }), (r) => r.status === 200);
    }
  };
  const draft = {
    title: '关于《示范市公共图书馆服务规范（征求意见稿）》公开征求意见的公告',
    draftBody: '第一条 为提升公共图书馆服务水平，制定本规范。\n第六条 图书馆每周开放时间不少于56小时。',
    explanation: '一、起草背景：群众阅读需求增长。\n二、主要内容：开放时间、服务项目。',
    days: 30,
  };

  it('open → comments → extension → closed by the timer → reminded, late → dispositions → feedback published (concluded)', async () => {
    const created = await call<Consultation>('POST', '/consultations', 'zhangwei', draft, 201);
    await call('POST', `/publications/${created.noticeId}/submit`, 'zhangwei', { version: 1 }, 200);
    await approve(created.noticeId);
    await until('the window to open', () => consultation(created.id), (c) => c.status === 'open');

    for (const text of ['建议延长周末开放时间！', '建议 延长周末开放时间。', '建议增加少儿阅览座位。']) {
      await call('POST', `/public/consultations/${created.id}/comments`, undefined, { text }, 201);
    }
    await call('POST', `/consultations/${created.id}/extend`, 'wangqiang', { days: 5, reason: '意见较多，延长征求意见期' }, 200);

    await call('POST', '/dev/clock/advance', 'zhaomin', { days: 37 }, 200);
    await until('the window to close', () => consultation(created.id), (c) => c.status === 'closed');
    // Past the feedback's reminder and due date (working days after the closing): reminded, then late.
    await call('POST', '/dev/clock/advance', 'zhaomin', { days: 45 }, 200);
    await until('the feedback to be late', () => consultation(created.id), (c) => c.feedbackLate === true);

    const comments = await call<StaffComment[]>('GET', `/consultations/${created.id}/comments`, 'zhangwei', undefined, 200);
    const decided = new Set<string>();
    for (const c of comments) {
      if (decided.has(c.clusterId)) continue;
      decided.add(c.clusterId);
      const body = decided.size === 1 ? { decision: 'adopted' } : { decision: 'partly_adopted', reason: '已在第八条增加少儿阅览区' };
      await call('PUT', `/consultations/${created.id}/comments/${c.id}/disposition`, 'zhangwei', body, 200);
    }
    const { feedbackId } = await call<{ feedbackId: string }>('POST', `/consultations/${created.id}/feedback`, 'zhangwei', undefined, 201);
    await until('the report in draft', () => gk.request('POST', `/publications/${feedbackId}/submit`, { as: 'zhangwei', body: { version: 1 } }), (r) => r.status === 200);
    await approve(feedbackId);
    await until('the consultation to conclude', () => consultation(created.id), (c) => c.status === 'concluded' && !!c.feedbackIndexNumber);

    await save(client, 'consultation-concluded', consultationWorkflowId(created.id));
    await save(client, 'consultation-notice-review', publicationWorkflowId(created.noticeId));
    await save(client, 'consultation-feedback-review', publicationWorkflowId(feedbackId));
  }, 240_000);

  it('withdrawn with its notice before it opens', async () => {
    const created = await call<Consultation>('POST', '/consultations', 'zhangwei', { ...draft, days: 20, shortReason: '事项紧急' }, 201);
    await call('POST', `/publications/${created.noticeId}/withdraw`, 'zhangwei', { reason: '暂缓发布' }, 200);
    await until('the consultation to be withdrawn', () => consultation(created.id), (c) => c.status === 'withdrawn');
    await save(client, 'consultation-withdrawn', consultationWorkflowId(created.id));
  }, 60_000);
});
