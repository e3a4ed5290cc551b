/**
 * Records the publication histories that publication-replay.test.ts replays:
 * real reviews driven through HTTP against the whole app (API, worker on the
 * bundled workflows, embedded engine, demo organisation), each workflow's
 * history then fetched from the engine and written to
 * test/replay/histories/publication-<scenario>.json. Commit the files.
 *
 * A jest file because the app harness needs the run's PostgreSQL and bundles
 * (test/support/global-setup.ts); it records only when asked and skips
 * otherwise:
 *
 *   RECORD_HISTORIES=1 npx jest test/replay/record-publication-histories
 *   RECORD_HISTORIES=1 RECORD_ONLY=withdraw,retraction npx jest test/replay/record-publication-histories
 *   RECORD_HISTORIES=1 RECORD_SUFFIX=-local npx jest test/replay/record-publication-histories
 *
 * RECORD_SUFFIX names the files publication-<scenario><suffix>.json, so a
 * change guarded by patched() keeps the old histories (what running reviews
 * replay) beside new ones that exercise the new branch: the `-local` files
 * are reviews whose short steps ran as local activities (issue 14).
 *
 * Re-record only when workflows/publication-*.ts change on purpose — and then
 * think about the reviews already running in production: the old histories are
 * exactly what those workers will have to replay (use patched() instead).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { temporal as proto } from '@temporalio/proto';
import Long from 'long';
import { publicationWorkflowId, retractionWorkflowId } from '@gongkai/contracts/publication';
import {
  createAndSubmit,
  draftOf,
  NOT_SECRET,
  startGongkaiApp,
  waitForItem,
  type DemoUsername,
  type PublicationBody,
  type RunningGongkai,
} from '../support/gongkai-app';

const HISTORIES_DIR = path.join(__dirname, 'histories');
const recording = process.env.RECORD_HISTORIES === '1';
const suffix = process.env.RECORD_SUFFIX ?? '';
const only = (process.env.RECORD_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const describeRecording = recording ? describe : describe.skip;
const scenario = (name: string) => (only.length === 0 || only.includes(name) ? it : it.skip);

async function expectStatus<T = PublicationBody>(
  gk: RunningGongkai,
  method: string,
  urlPath: string,
  as: DemoUsername,
  body: unknown,
  status: number,
): Promise<T> {
  const res = await gk.request<T>(method, urlPath, { as, body });
  if (res.status !== status) throw new Error(`${method} ${urlPath} as ${as}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const approve = (gk: RunningGongkai, id: string, as: DemoUsername, version: number, extra: Record<string, unknown> = {}) =>
  expectStatus(gk, 'POST', `/publications/${id}/approve`, as, { version, comment: '同意', ...extra }, 200);

/** Waits for the workflow to complete, then writes its history. */
async function save(client: Client, name: string, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  await handle.result();
  const history = await handle.fetchHistory();
  // protobufjs JSON (enum names, int64 as strings, bytes as base64), as record-histories.ts writes; read back with History.fromObject.
  const json = proto.api.history.v1.History.fromObject(history).toJSON();
  const file = path.join(HISTORIES_DIR, `publication-${name}${suffix}.json`);
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`publication-${name}${suffix}: ${history.events?.length ?? 0} events → ${path.relative(process.cwd(), file)}`);
}

function reviseBody(version: number, overrides: Record<string, unknown> = {}) {
  const { category: _category, attribute: _attribute, ...rest } = draftOf();
  return { ...rest, version, ...overrides };
}

describeRecording('record publication review histories', () => {
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

  scenario('three-level')('三审 of a 规范性文件: 科室负责人 → 分管领导 → 主要负责人 → published', async () => {
    const item = await createAndSubmit(gk, 'zhangwei', {
      category: '规范性文件',
      title: '示范市义务教育阶段学校招生入学管理办法',
      documentNumber: '示教规〔2026〕1号',
    });
    await approve(gk, item.id, 'lina', 1, { confidentiality: NOT_SECRET });
    await approve(gk, item.id, 'wangqiang', 1);
    const done = await approve(gk, item.id, 'chenjun', 1);
    expect(done.status).toBe('published');
    await save(client, 'three-level', publicationWorkflowId(item.id));
  });

  scenario('reject-revise')('reject at level 2 → revise → full re-review → published', async () => {
    const item = await createAndSubmit(gk, 'zhangwei', { category: '规范性文件', title: '关于规范校外培训的若干意见（征求意见稿）' });
    await approve(gk, item.id, 'lina', 1, { confidentiality: NOT_SECRET });
    await expectStatus(gk, 'POST', `/publications/${item.id}/reject`, 'wangqiang', { version: 1, reason: '第三条表述不严谨，请修改' }, 200);
    await expectStatus(
      gk,
      'POST',
      `/publications/${item.id}/revise`,
      'zhangwei',
      reviseBody(1, { title: '关于规范校外培训的若干意见', body: '一、总体要求。\n二、规范培训行为。\n三、培训机构不得在法定节假日组织学科类培训。' }),
      200,
    );
    await waitForItem(gk, item.id, 'zhangwei', (i) => i.status === 'in_review' && i.version === 2);
    await approve(gk, item.id, 'lina', 2, { confidentiality: NOT_SECRET });
    // request changes at level 2 this time, then a third draft
    await expectStatus(gk, 'POST', `/publications/${item.id}/request-changes`, 'wangqiang', { version: 2, reason: '请补充施行日期' }, 200);
    await expectStatus(
      gk,
      'POST',
      `/publications/${item.id}/revise`,
      'zhangwei',
      reviseBody(2, { title: '关于规范校外培训的若干意见', body: '一、总体要求。\n二、规范培训行为。\n三、本意见自2026年3月1日起施行。' }),
      200,
    );
    await waitForItem(gk, item.id, 'zhangwei', (i) => i.status === 'in_review' && i.version === 3);
    await approve(gk, item.id, 'lina', 3, { confidentiality: NOT_SECRET });
    await approve(gk, item.id, 'wangqiang', 3);
    expect((await approve(gk, item.id, 'chenjun', 3)).status).toBe('published');
    await save(client, 'reject-revise', publicationWorkflowId(item.id));
  });

  scenario('screening-warning')('screening warning → acknowledgement → two levels → published', async () => {
    const item = await createAndSubmit(gk, 'liuyang', {
      title: '关于转发省教育厅文件的通知',
      body: '现将《关于做好招生工作的通知》（皖教[22]05号）转发给你们，请遵照执行。',
    });
    expect(item.phase).toBe('awaiting_acknowledgement');
    await expectStatus(gk, 'POST', `/publications/${item.id}/acknowledge-warnings`, 'liuyang', { version: 1 }, 200);
    await approve(gk, item.id, 'lina', 1, { confidentiality: NOT_SECRET });
    expect((await approve(gk, item.id, 'wangqiang', 1)).status).toBe('published');
    await save(client, 'screening-warning', publicationWorkflowId(item.id));
  });

  scenario('screening-block')('screening block → revise with a clean draft → published', async () => {
    const item = await createAndSubmit(gk, 'liuyang', {
      title: '关于表彰优秀教师的通报',
      body: '经研究，决定表彰王小明同志（身份证号 11010519491231002X）等优秀教师。',
    });
    expect(item.status).toBe('returned');
    await expectStatus(
      gk,
      'POST',
      `/publications/${item.id}/revise`,
      'liuyang',
      reviseBody(1, { title: '关于表彰优秀教师的通报', body: '经研究，决定表彰王小明同志等优秀教师。' }),
      200,
    );
    await waitForItem(gk, item.id, 'liuyang', (i) => i.status === 'in_review' && i.version === 2);
    await approve(gk, item.id, 'lina', 2, { confidentiality: NOT_SECRET });
    expect((await approve(gk, item.id, 'wangqiang', 2)).status).toBe('published');
    await save(client, 'screening-block', publicationWorkflowId(item.id));
  });

  scenario('withdraw')('withdrawn by the author at level 2', async () => {
    const item = await createAndSubmit(gk, 'zhangwei', { title: '关于召开2026年度工作会议的通知' });
    await approve(gk, item.id, 'lina', 1, { confidentiality: NOT_SECRET });
    const withdrawn = await expectStatus(gk, 'POST', `/publications/${item.id}/withdraw`, 'zhangwei', { reason: '会议延期，另行通知' }, 200);
    expect(withdrawn.status).toBe('withdrawn');
    await save(client, 'withdraw', publicationWorkflowId(item.id));
  });

  scenario('refused-decisions')('refused decisions in the middle (validators, a race) leave the review untouched', async () => {
    const item = await createAndSubmit(gk, 'sunli', { category: '规范性文件', title: '示范市教育行政处罚裁量基准' });
    const id = item.id;
    // level 1: not the assignee, the author, no 保密审查 conclusion, a wrong version
    await expectStatus(gk, 'POST', `/publications/${id}/approve`, 'lina', { version: 1, confidentiality: NOT_SECRET }, 403);
    await expectStatus(gk, 'POST', `/publications/${id}/approve`, 'sunli', { version: 1, confidentiality: NOT_SECRET }, 403);
    await expectStatus(gk, 'POST', `/publications/${id}/approve`, 'zhoutao', { version: 1 }, 422);
    await expectStatus(gk, 'POST', `/publications/${id}/reject`, 'zhoutao', { version: 1, reason: ' ' }, 422);
    await expectStatus(gk, 'POST', `/publications/${id}/approve`, 'zhoutao', { version: 2, confidentiality: NOT_SECRET }, 409);
    await approve(gk, id, 'zhoutao', 1, { confidentiality: NOT_SECRET });
    // level 2: the level-1 reviewer again (step no longer current for them), then two concurrent approvals — one wins
    await expectStatus(gk, 'POST', `/publications/${id}/approve`, 'zhoutao', { version: 1, confidentiality: NOT_SECRET }, 403);
    const race = await Promise.all([
      gk.request('POST', `/publications/${id}/approve`, { as: 'wangqiang', body: { version: 1, comment: '同意 A' } }),
      gk.request('POST', `/publications/${id}/approve`, { as: 'wangqiang', body: { version: 1, comment: '同意 B' } }),
    ]);
    // The same person twice: the loser is refused as stale in the workflow; the API answers it 200 (a double
    // click) once the winner has finished, 409 while it is still running — either way one decision is recorded.
    expect(race.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    expect(race.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    await expectStatus(gk, 'POST', `/publications/${id}/withdraw`, 'zhoutao', {}, 403);
    expect((await approve(gk, id, 'chenjun', 1)).status).toBe('published');
    await save(client, 'refused-decisions', publicationWorkflowId(id));
  });

  scenario('retraction')('published, then retracted by the main leader (both workflows)', async () => {
    const item = await createAndSubmit(gk, 'zhangwei', { title: '关于2026年寒假放假安排的通知' });
    await approve(gk, item.id, 'lina', 1, { confidentiality: NOT_SECRET });
    expect((await approve(gk, item.id, 'wangqiang', 1)).status).toBe('published');
    const retracted = await expectStatus(gk, 'POST', `/publications/${item.id}/retract`, 'chenjun', { reason: '通知内容有误，撤回后重新发布' }, 200);
    expect(retracted.status).toBe('retracted');
    await save(client, 'retraction-review', publicationWorkflowId(item.id));
    await save(client, 'retraction', retractionWorkflowId(item.id));
  });
});

describeRecording('record publication review histories under time skipping', () => {
  let gk: RunningGongkai;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    gk = await startGongkaiApp({ timeSkipping: true, timeSkippingLocked: false });
    const options: InternalConnectionOptions = {
      address: gk.temporal.address,
      apiKey: gk.temporal.apiKey,
      tls: gk.temporal.tls,
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    };
    connection = await Connection.connect(options);
    client = new Client({ connection, namespace: gk.temporal.namespace });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await gk?.stop();
  });

  scenario('escalation')('reminder after 2 working days, escalation after 5, the leader decides, published', async () => {
    const testService = connection.testService;
    if (!gk.temporal.timeSkipping || !testService) throw new Error('recording the escalation needs the embedded engine with time skipping');
    await testService.lockTimeSkipping({});
    const item = await createAndSubmit(gk, 'zhangwei');
    expect(item.stage?.assignee).toBe('lina');
    await testService.unlockTimeSkippingWithSleep({ duration: { seconds: Long.fromNumber(10 * 24 * 3600) } });
    await waitForItem(gk, item.id, 'zhangwei', (i) => i.stage?.assignee === 'wangqiang' && i.stage.level === 1);
    await testService.lockTimeSkipping({});
    await approve(gk, item.id, 'wangqiang', 1, { comment: '同意（督办）', confidentiality: NOT_SECRET });
    const done = await approve(gk, item.id, 'wangqiang', 1);
    expect(done.status).toBe('published');
    await testService.unlockTimeSkipping({});
    await save(client, 'escalation', publicationWorkflowId(item.id));
  }, 120_000);
});
