/**
 * Records the policy package histories policy-replay.test.ts replays: a
 * package driven through HTTP (co-drafting, comments, ready/return, the gate,
 * submit, the policy returned by its review, resubmission, three approvals,
 * publication together; and a deferral: the policy published first, the
 * deferred interpretation released and approved at one level), then each
 * package's history and its child review's written to
 * test/replay/histories/policy/policy-package-*.json. Commit the files.
 *
 *   RECORD_HISTORIES=1 npx jest test/replay/record-policy-histories
 *
 * Re-record only when workflows/policy-package.ts changes on purpose (and
 * think of the packages in flight: use patched() instead).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { policyPackageWorkflowId, publicationWorkflowId } from '@gongkai/contracts';
import { NOT_SECRET, TODAY, startGongkaiApp, type DemoUsername, type RunningGongkai } from '../support/gongkai-app';

const HISTORIES_DIR = path.join(__dirname, 'histories', 'policy');
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

describeRecording('record policy package histories', () => {
  let gk: RunningGongkai;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    gk = await startGongkaiApp();
    connection = await Connection.connect({ address: gk.temporal.address, apiKey: gk.temporal.apiKey, tls: gk.temporal.tls });
    client = new Client({ connection, namespace: gk.temporal.namespace });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await gk?.stop();
  });

  it('co-drafting → gate → submit → returned → resubmitted → three approvals → published together', async () => {
    const call = async <T = Record<string, unknown>>(method: string, urlPath: string, as: DemoUsername, body: unknown, status: number): Promise<T> => {
      const res = await gk.request<T>(method, urlPath, { as, body });
      if (res.status !== status) throw new Error(`${method} ${urlPath} as ${as}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const pkg = await call<{ id: string; policyId: string; interpretations: { id: string }[] }>(
      'POST',
      '/policies',
      'zhangwei',
      {
        title: '示范市校外培训机构收费管理办法',
        body: '第一条 为规范校外培训收费，制定本办法。\n第二条 一次性收费的时间跨度不得超过三个月。',
        category: '规范性文件',
        attribute: 'proactive',
        writtenDate: TODAY,
        interpretations: [
          { form: 'text', ownerId: 'zhangwei' },
          { form: 'qa', ownerId: 'sunli', title: '收费管理政策问答' },
        ],
      },
      201,
    );
    const [text, qa] = pkg.interpretations;
    const i = (iid: string, rest = '') => `/policies/${pkg.id}/interpretations/${iid}${rest}`;
    await call('PUT', i(text.id), 'zhangwei', { title: '《示范市校外培训机构收费管理办法》解读', body: '一、出台背景：……\n二、主要内容：……', version: 0 }, 200);
    await call('PUT', i(qa.id), 'sunli', { body: '问：收费标准在哪里公示？答：在办学场所公示。', version: 0 }, 200);
    await call('PUT', i(qa.id), 'liuyang', { body: '越权修改', version: 1 }, 403);
    await call('POST', i(qa.id, '/comments'), 'zhangwei', { text: '请补充退费问答', quote: '在办学场所公示' }, 201);
    await call('POST', `/policies/${pkg.id}/submit`, 'zhangwei', { version: 1 }, 422);
    await call('POST', i(qa.id, '/ready'), 'sunli', { version: 1 }, 200);
    await call('POST', i(qa.id, '/return'), 'zhangwei', { reason: '请补充退费问答' }, 200);
    await call('PUT', i(qa.id), 'sunli', { body: '问：收费标准在哪里公示？答：在办学场所公示。\n问：如何退费？答：按合同约定。', version: 1 }, 200);
    await call('POST', i(qa.id, '/ready'), 'sunli', { version: 2 }, 200);
    await call('POST', i(text.id, '/ready'), 'zhangwei', { version: 1 }, 200);
    await call('POST', `/policies/${pkg.id}/submit`, 'zhangwei', { version: 1 }, 200);
    const waitInReview = async () => {
      for (let n = 0; n < 100; n++) {
        const p = await call<{ status: string }>('GET', `/publications/${pkg.policyId}`, 'zhangwei', undefined, 200);
        if (p.status === 'in_review') return;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error('the policy did not enter review');
    };
    await waitInReview();
    await call('POST', `/publications/${pkg.policyId}/request-changes`, 'lina', { version: 1, level: 1, reason: '解读须补充执行标准' }, 200);
    for (let n = 0; n < 100; n++) {
      const p = await call<{ status: string }>('GET', `/policies/${pkg.id}`, 'zhangwei', undefined, 200);
      if (p.status === 'returned') break;
      await new Promise((r) => setTimeout(r, 150));
    }
    await call('PUT', i(text.id), 'zhangwei', { body: '一、出台背景：……\n二、主要内容：……\n三、执行标准：……', version: 1 }, 200);
    await call('POST', i(text.id, '/ready'), 'zhangwei', { version: 2 }, 200);
    await call('POST', `/policies/${pkg.id}/submit`, 'zhangwei', { version: 1 }, 200);
    await waitInReview();
    await call('POST', `/publications/${pkg.policyId}/approve`, 'lina', { version: 1, confidentiality: NOT_SECRET }, 200);
    await call('POST', `/publications/${pkg.policyId}/approve`, 'wangqiang', { version: 1 }, 200);
    await call('POST', `/publications/${pkg.policyId}/approve`, 'chenjun', { version: 1 }, 200);
    await save(client, 'policy-package-published', policyPackageWorkflowId(pkg.id));
    await save(client, 'policy-package-review', publicationWorkflowId(pkg.policyId));
  }, 120_000);

  it('deferral → policy published with the ready interpretation → the deferred one drafted, released, approved at one level', async () => {
    const call = async <T = Record<string, unknown>>(method: string, urlPath: string, as: DemoUsername, body: unknown, status: number): Promise<T> => {
      const res = await gk.request<T>(method, urlPath, { as, body });
      if (res.status !== status) throw new Error(`${method} ${urlPath} as ${as}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const until = async (what: string, check: () => Promise<boolean>) => {
      for (let n = 0; n < 150; n++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`${what} did not happen`);
    };
    const pkg = await call<{ id: string; policyId: string; interpretations: { id: string }[] }>(
      'POST',
      '/policies',
      'zhangwei',
      {
        title: '示范市中小学课后服务管理办法',
        body: '第一条 为规范课后服务，制定本办法。\n第二条 课后服务遵循自愿原则。',
        category: '规范性文件',
        attribute: 'proactive',
        writtenDate: TODAY,
        interpretations: [
          { form: 'text', ownerId: 'zhangwei' },
          { form: 'graphic', ownerId: 'sunli' },
        ],
        deferral: { reason: '图解需外部设计' },
      },
      201,
    );
    const [text, graphic] = pkg.interpretations;
    const i = (iid: string, rest = '') => `/policies/${pkg.id}/interpretations/${iid}${rest}`;
    await call('PUT', i(text.id), 'zhangwei', { body: '一、出台背景：……\n二、主要内容：……', version: 0 }, 200);
    await call('POST', i(text.id, '/ready'), 'zhangwei', { version: 1 }, 200);
    await call('POST', `/policies/${pkg.id}/submit`, 'zhangwei', { version: 1 }, 200);
    await until('the policy in review', async () => (await call<{ status: string }>('GET', `/publications/${pkg.policyId}`, 'zhangwei', undefined, 200)).status === 'in_review');
    await call('POST', `/publications/${pkg.policyId}/approve`, 'lina', { version: 1, confidentiality: NOT_SECRET }, 200);
    await call('POST', `/publications/${pkg.policyId}/approve`, 'wangqiang', { version: 1 }, 200);
    await call('POST', `/publications/${pkg.policyId}/approve`, 'chenjun', { version: 1 }, 200);
    type Pkg = { status: string; interpretations: { id: string; dueAt?: string; status: string }[] };
    await until('the deferred schedule', async () => {
      const p = await call<Pkg>('GET', `/policies/${pkg.id}`, 'zhangwei', undefined, 200);
      return p.status === 'published' && !!p.interpretations.find((x) => x.id === graphic.id)?.dueAt;
    });
    await call('PUT', i(graphic.id), 'sunli', { body: '图解：课后服务三个一。', version: 0 }, 200);
    await call('POST', i(graphic.id, '/ready'), 'sunli', { version: 1 }, 200);
    const { publicationId } = await call<{ publicationId: string }>('POST', i(graphic.id, '/release'), 'zhangwei', {}, 200);
    await until('the release in review', async () => (await call<{ status: string }>('GET', `/publications/${publicationId}`, 'zhangwei', undefined, 200)).status === 'in_review');
    await call('POST', `/publications/${publicationId}/approve`, 'lina', { version: 1, confidentiality: NOT_SECRET }, 200);
    await save(client, 'policy-package-deferred', policyPackageWorkflowId(pkg.id));
    await save(client, 'policy-package-release-review', publicationWorkflowId(publicationId));
  }, 120_000);
});
