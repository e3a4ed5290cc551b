/**
 * Records the disclosure-request histories request-replay.test.ts replays: a
 * request driven over HTTP through 补正 (sent and answered: the clock pauses
 * and restarts), a third party consulted and answering, a reply drafted,
 * returned, drafted again, approved and issued; and one closed by the
 * 补正 timer ("no clarification"). Written to test/replay/histories/request/.
 *
 *   RECORD_HISTORIES=1 npx jest test/replay/record-request-histories
 *
 * Re-record only when workflows/disclosure-request.ts changes on purpose (and
 * think of the requests in flight — they run for weeks: use patched() instead).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { disclosureRequestWorkflowId } from '@gongkai/contracts';
import { CalendarRepository } from '@gongkai/persistence';
import type { CivilDate, WorkingDayCalendar } from '@gongkai/domain';
import { startGongkaiApp, type DemoUsername, type RunningGongkai } from '../support/gongkai-app';

const HISTORIES_DIR = path.join(__dirname, 'histories', 'request');
const describeRecording = process.env.RECORD_HISTORIES === '1' ? describe : describe.skip;

describeRecording('record disclosure-request histories', () => {
  let gk: RunningGongkai;
  let connection: Connection;
  let client: Client;
  let calendar: WorkingDayCalendar;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  /** The working day `n` working days before today. */
  const back = (n: number) => {
    let d = new Date(`${today}T00:00:00Z`);
    for (let counted = 0; counted < n; ) {
      d = new Date(d.getTime() - 86_400_000);
      if (calendar.isWorkingDay(d.toISOString().slice(0, 10) as CivilDate)) counted++;
    }
    return d.toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    gk = await startGongkaiApp();
    connection = await Connection.connect({ address: gk.temporal.address, apiKey: gk.temporal.apiKey, tls: gk.temporal.tls });
    client = new Client({ connection, namespace: gk.temporal.namespace });
    calendar = await new CalendarRepository(gk.dataSource).loadCalendar({ weekdayOnlyFallback: false });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await gk?.stop();
  });

  const call = async <T = Record<string, unknown>>(method: string, urlPath: string, as: DemoUsername, body: unknown, status: number): Promise<T> => {
    const res = await gk.request<T>(method, urlPath, { as, body });
    if (res.status !== status) throw new Error(`${method} ${urlPath} as ${as}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const until = async (id: string, done: (r: { status: string; clockRunning: boolean }) => boolean) => {
    for (let n = 0; n < 150; n++) {
      if (done(await call<{ status: string; clockRunning: boolean }>('GET', `/requests/${id}`, 'zhaomin', undefined, 200))) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`request ${id} did not reach the expected state`);
  };
  const save = async (name: string, workflowId: string) => {
    const handle = client.workflow.getHandle(workflowId);
    await handle.result();
    const history = await handle.fetchHistory();
    const json = proto.api.history.v1.History.fromObject(history).toJSON();
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    const file = path.join(HISTORIES_DIR, `${name}.json`);
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`${name}: ${history.events?.length ?? 0} events → ${path.relative(process.cwd(), file)}`);
  };
  const requester = { kind: 'legal_person', category: 'research', name: '示范大学教育研究院', contact: '0000-1234567' };

  it('补正 → third party → reply returned, approved, issued', async () => {
    const r = await call<{ id: string }>('POST', '/requests', 'zhaomin', { requester, content: '申请公开近三年招生计划', channel: 'in_person', receivedOn: back(8) }, 201);
    await until(r.id, (x) => x.clockRunning);
    const inTenDays = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await call('POST', `/requests/${r.id}/clarification`, 'zhaomin', { items: ['请说明所需年份'], sentOn: back(7), replyBy: inTenDays }, 200);
    await call('POST', `/requests/${r.id}/clarified`, 'zhaomin', { receivedOn: back(5) }, 200);
    const { thirdPartyId } = await call<{ thirdPartyId: string }>('POST', `/requests/${r.id}/third-party`, 'zhaomin', { party: '某培训学校', sentOn: back(4) }, 201);
    await call('POST', `/requests/${r.id}/third-party/${thirdPartyId}/answer`, 'zhaomin', { receivedOn: back(2), opinion: 'agree' }, 200);
    await call('POST', `/requests/${r.id}/reply`, 'zhaomin', { outcome: 'partly_disclosed', body: '部分公开。' }, 200);
    await call('POST', `/requests/${r.id}/reply/return`, 'wangqiang', { reason: '请写明不予公开部分的理由' }, 200);
    await call('POST', `/requests/${r.id}/reply`, 'zhaomin', { outcome: 'partly_disclosed', body: '部分公开；涉及第三方商业秘密的部分不予公开。' }, 200);
    await call('POST', `/requests/${r.id}/reply/approve`, 'wangqiang', { comment: '同意' }, 200);
    await call('POST', `/requests/${r.id}/issue`, 'zhaomin', { issuedOn: today, deliveredBy: '邮寄' }, 200);
    await save('request-replied', disclosureRequestWorkflowId(r.id));
  }, 120_000);

  it('补正 never answered: closed by the timer', async () => {
    const r = await call<{ id: string }>('POST', '/requests', 'zhaomin', { requester, content: '申请公开学区划分', channel: 'email', receivedOn: back(4) }, 201);
    await until(r.id, (x) => x.clockRunning);
    await call('POST', `/requests/${r.id}/clarification`, 'zhaomin', { items: ['请说明所需信息的范围'], sentOn: back(3), replyBy: back(1) }, 200);
    await until(r.id, (x) => x.status === 'closed');
    await save('request-no-clarification', disclosureRequestWorkflowId(r.id));
  }, 120_000);
});
