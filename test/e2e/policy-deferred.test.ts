/**
 * 暂缓解读 end to end over HTTP, on the engine's virtual clock (issue 11): a
 * plan with a deferral publishes its policy with the ready interpretations;
 * the deferred one is due within 3 working days of the publication date, its
 * owner is reminded, and when the due day ends unpublished the workflow's
 * durable timer flags it late and escalates (owner, lead, the owner's section
 * head). Released by the lead, it gets one approval (the policy's level-1
 * reviewer) and is published linked to the policy, with its interpreter and
 * the department's enquiry line. Retracting the policy retracts the bundle in
 * one transaction; an interpretation is never retracted alone.
 */
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import Long from 'long';
import { NOT_SECRET, TODAY, startGongkaiApp, type DemoUsername, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

interface Interpretation {
  id: string;
  form: string;
  status: string;
  version: number;
  deferred?: boolean;
  dueAt?: string;
  late?: boolean;
  indexNumber?: string;
  publishedAt?: string;
  publicationId?: string;
}
interface PolicyPackage {
  id: string;
  policyId: string;
  status: string;
  interpretations: Interpretation[];
  bundle?: { policyVersion: number; interpretations: { id: string; version: number }[] };
  indexNumber?: string;
  publishedAt?: string;
}
interface CatalogEntry {
  status: string;
  body: string | null;
  related: { relation: string; indexNumber: string; form?: string; title: string }[];
  interpretation?: { interpretingBody: string; interpreter: string; contact: string };
}
interface Task {
  kind: string;
  interpretationId?: string;
  dueAt: string | null;
  late: boolean;
}

const TEXT = [
  '一、出台背景和依据：为规范课后服务，依据国家有关规定制定本办法。',
  '二、目标任务：让课后服务覆盖全部义务教育学校。',
  '三、主要内容：明确服务时间、内容和收费方式。',
  '四、适用范围：本市义务教育阶段公办学校。',
  '五、执行标准：服务结束时间不早于当地正常下班时间。',
  '六、注意事项：学生自愿参加，不得强制。',
  '七、新旧政策差异：与原办法相比，新增了托管服务的规定。',
].join('\n');

let gk: RunningGongkai;
let connection: Connection;

beforeAll(async () => {
  gk = await startGongkaiApp({ timeSkipping: true, timeSkippingLocked: false });
  const options: InternalConnectionOptions = {
    address: gk.temporal.address,
    apiKey: gk.temporal.apiKey,
    tls: gk.temporal.tls,
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  connection = await Connection.connect(options);
  // Nothing may skip ahead while the test is setting up (a review step's reminders are timers too).
  await connection.testService!.lockTimeSkipping({});
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await gk?.stop();
});

const call = async <T = Record<string, unknown>>(method: string, path: string, as: DemoUsername | undefined, body: unknown, status: number) => {
  const res = await gk.request<T & ErrorBody>(method, path, { as, body });
  if (res.status !== status) throw new Error(`${method} ${path} as ${as}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

async function waitForPackage(id: string, done: (p: PolicyPackage) => boolean): Promise<PolicyPackage> {
  const deadline = Date.now() + 30_000;
  let last: PolicyPackage | undefined;
  while (Date.now() < deadline) {
    last = (await gk.request<PolicyPackage>('GET', `/policies/${id}`, { as: 'zhangwei' })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`package ${id} did not reach the expected state; last: ${JSON.stringify(last)}`);
}

async function approveAll(publicationId: string, steps: [DemoUsername, Record<string, unknown>][]): Promise<{ status: string }> {
  let last: { status: string } = { status: '' };
  for (const [user, body] of steps) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await gk.request<{ status: string } & ErrorBody>('POST', `/publications/${publicationId}/approve`, { as: user, body });
      if (res.status === 200) {
        last = res.body;
        break;
      }
      // The step may not be assigned yet (screening, assignment): try again shortly.
      if (Date.now() > deadline) throw new Error(`approve as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return last;
}

describe('a deferred interpretation', () => {
  it('is due after the policy, reminded, flagged late and escalated by timers, released for one approval, and retracted with its policy', async () => {
    const pkg = await call<PolicyPackage>(
      'POST',
      '/policies',
      'zhangwei',
      {
        title: '示范市义务教育课后服务管理办法',
        body: '第一条 为规范课后服务，制定本办法。\n第二条 课后服务遵循学生自愿原则。',
        category: '规范性文件',
        attribute: 'proactive',
        writtenDate: TODAY,
        interpretations: [
          { form: 'text', ownerId: 'zhangwei' },
          { form: 'graphic', ownerId: 'sunli', title: '一图读懂课后服务管理办法' },
        ],
        deferral: { reason: '图解需外部设计，政策发布后补充' },
      },
      201,
    );
    const [text, graphic] = pkg.interpretations;
    const i = (iid: string, rest = '') => `/policies/${pkg.id}/interpretations/${iid}${rest}`;
    await call('PUT', i(text.id), 'zhangwei', { body: TEXT, version: 0 }, 200);
    await call('POST', i(text.id, '/ready'), 'zhangwei', { version: 1 }, 200);
    // Not released before the policy is published.
    expect((await gk.request<ErrorBody>('POST', i(graphic.id, '/release'), { as: 'zhangwei', body: {} })).status).toBe(409);

    const submitted = await call<PolicyPackage>('POST', `/policies/${pkg.id}/submit`, 'zhangwei', { version: 1 }, 200);
    expect(submitted.bundle).toEqual({ policyVersion: 1, interpretations: [{ id: text.id, version: 1 }] });
    expect(submitted.interpretations.find((x) => x.id === graphic.id)).toMatchObject({ deferred: true, status: 'drafting' });
    // Locked while the policy is in review, deferred or not.
    expect((await gk.request<ErrorBody>('PUT', i(graphic.id), { as: 'sunli', body: { body: '草稿', version: 0 } })).status).toBe(409);

    const published = await approveAll(pkg.policyId, [
      ['lina', { version: 1, confidentiality: NOT_SECRET }],
      ['wangqiang', { version: 1 }],
      ['chenjun', { version: 1 }],
    ]);
    expect(published.status).toBe('published');
    const afterPolicy = await waitForPackage(pkg.id, (p) => p.status === 'published' && !!p.interpretations.find((x) => x.id === graphic.id)?.dueAt);
    const deferred = afterPolicy.interpretations.find((x) => x.id === graphic.id)!;
    expect(deferred).toMatchObject({ status: 'drafting', deferred: true, late: false });
    expect(afterPolicy.interpretations.find((x) => x.id === text.id)).toMatchObject({ status: 'published', publishedAt: afterPolicy.publishedAt });
    // Due at the end of a day at least 3 (working) days after the publication date, Asia/Shanghai.
    const dueAt = new Date(deferred.dueAt!);
    expect(dueAt.getTime() - new Date(afterPolicy.publishedAt!).getTime()).toBeGreaterThan(3 * 24 * 3600_000 - 24 * 3600_000);
    expect(new Date(dueAt.getTime() + 8 * 3600_000).toISOString().slice(11, 19)).toBe('23:59:59');

    // The owner's to-do list has it, with its due date.
    const tasks = await call<Task[]>('GET', '/tasks', 'sunli', undefined, 200);
    expect(tasks.find((t) => t.interpretationId === graphic.id)).toMatchObject({ kind: 'interpretation', dueAt: deferred.dueAt, late: false });

    // Nobody drafts it for ten calendar days: the reminder, then lateness and escalation, from the workflow's timers.
    await connection.testService!.unlockTimeSkippingWithSleep({ duration: { seconds: Long.fromNumber(10 * 24 * 3600) } });
    const late = await waitForPackage(pkg.id, (p) => p.interpretations.find((x) => x.id === graphic.id)?.late === true);
    expect(late.interpretations.find((x) => x.id === graphic.id)).toMatchObject({ late: true, status: 'drafting' });
    const notices: { user_id: string; kind: string; message: string }[] = await gk.dataSource.query(
      `SELECT user_id, kind, message FROM notifications WHERE publication_id = $1 ORDER BY kind, user_id`,
      [pkg.policyId],
    );
    expect(notices.map((n) => [n.kind, n.user_id])).toEqual([
      ['escalation', 'sunli'],
      ['escalation', 'zhangwei'],
      ['escalation', 'zhoutao'],
      ['reminder', 'sunli'],
    ]);
    expect(notices[0].message).toContain('已逾期');
    const lateTask = (await call<Task[]>('GET', '/tasks', 'sunli', undefined, 200)).find((t) => t.interpretationId === graphic.id);
    expect(lateTask).toMatchObject({ late: true });

    // Drafted after publication (unlocked now), ready, released by the lead only.
    await call('PUT', i(graphic.id), 'sunli', { body: '图解：课后服务“三个一”——一张服务清单、一套收费标准、一条监督热线。', version: 0 }, 200);
    await call('POST', i(graphic.id, '/ready'), 'sunli', { version: 1 }, 200);
    expect((await gk.request<ErrorBody>('POST', i(graphic.id, '/release'), { as: 'sunli', body: {} })).status).toBe(403);
    expect((await gk.request<ErrorBody>('POST', i(graphic.id, '/release'), { as: 'zhangwei', body: { version: 7 } })).status).toBe(409);
    expect((await gk.request<ErrorBody>('POST', i(text.id, '/release'), { as: 'zhangwei', body: {} })).status).toBe(409);
    const released = await call<{ publicationId: string }>('POST', i(graphic.id, '/release'), 'zhangwei', {}, 200);
    expect(released.publicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await gk.request<ErrorBody>('POST', i(graphic.id, '/release'), { as: 'zhangwei', body: {} })).status).toBe(409);

    // While it is in its review the policy cannot be retracted (it would be published after the policy was withdrawn).
    const blocked = await gk.request<ErrorBody>('POST', `/publications/${pkg.policyId}/retract`, { as: 'chenjun', body: { reason: '政策调整' } });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toContain('暂缓解读');

    // One level: the policy's level-1 reviewer (李娜, 基础教育科) approves, and it is published linked to the policy.
    const item = await approveAll(released.publicationId, [['lina', { version: 1, confidentiality: NOT_SECRET }]]);
    expect(item.status).toBe('published');
    const done = await waitForPackage(pkg.id, (p) => p.interpretations.every((x) => x.status === 'published'));
    const graphicDone = done.interpretations.find((x) => x.id === graphic.id)!;
    expect(graphicDone).toMatchObject({ publicationId: released.publicationId, late: true });
    const policyEntry = await call<CatalogEntry>('GET', `/catalog/${encodeURIComponent(done.indexNumber!)}`, undefined, undefined, 200);
    expect(policyEntry.related.map((r) => [r.relation, r.indexNumber, r.form])).toEqual([
      ['interpreted_by', done.interpretations[0].indexNumber, 'text'],
      ['interpreted_by', graphicDone.indexNumber, 'graphic'],
    ]);
    const graphicEntry = await call<CatalogEntry>('GET', `/catalog/${encodeURIComponent(graphicDone.indexNumber!)}`, undefined, undefined, 200);
    expect(graphicEntry.related).toEqual([{ relation: 'interprets', indexNumber: done.indexNumber, title: '示范市义务教育课后服务管理办法' }]);
    expect(graphicEntry.interpretation).toEqual({ interpretingBody: '示范市教育局政策法规科', interpreter: '孙丽', contact: '咨询电话：0000-12345602' });

    // An interpretation is never retracted alone; the policy takes all of them with it, in one transaction.
    const alone = await gk.request<ErrorBody>('POST', `/publications/${released.publicationId}/retract`, { as: 'chenjun', body: { reason: '单独撤回' } });
    expect(alone.status).toBe(409);
    expect(alone.body.message).toContain('随政策一并撤回');
    await call('POST', `/publications/${pkg.policyId}/retract`, 'chenjun', { reason: '政策调整，重新制定' }, 200);
    for (const indexNumber of [done.indexNumber!, ...done.interpretations.map((x) => x.indexNumber!)]) {
      const entry = await call<CatalogEntry>('GET', `/catalog/${encodeURIComponent(indexNumber)}`, undefined, undefined, 200);
      expect([indexNumber, entry.status, entry.body]).toEqual([indexNumber, 'withdrawn', null]);
    }
    const retracted = await waitForPackage(pkg.id, (p) => p.status === 'retracted');
    expect(retracted.interpretations.map((x) => x.status)).toEqual(['retracted', 'retracted']);
    expect((await gk.request<ErrorBody>('PUT', i(graphic.id), { as: 'sunli', body: { body: '撤回后再改', version: 1 } })).status).toBe(409);
  }, 180_000);
});
