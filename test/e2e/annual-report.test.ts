/**
 * Table 3 of the annual report over HTTP (issue 13): a seeded year of mixed
 * requests, in an organisation of this file's own (the run's database is
 * shared, and other tests' open requests would be carried into any year),
 * gives the hand-computed table,
 * requests open at the start of the year count as 上年结转, and the
 * cross-check 一 + 二 = 三（七）+ 四 holds. The Excel file is the official
 * form's layout holding the JSON answer's numbers.
 */
import { randomUUID } from 'node:crypto';
import { Workbook } from 'exceljs';
import { signToken } from '../../apps/api/src/auth/tokens';
import { startGongkaiApp, type ErrorBody, type RunningGongkai } from '../support/gongkai-app';

interface Table3 {
  year: number;
  rows: { code: string; label: string; values: Record<string, number> }[];
  crossCheck: { ok: boolean; detail: string };
}

let gk: RunningGongkai;
/** The office of this file's organisation: its table holds only the rows seeded here. */
let officeToken: string;
const ORG = `annual-${randomUUID().slice(0, 8)}`;
beforeAll(async () => {
  gk = await startGongkaiApp();
  await gk.dataSource.query(`INSERT INTO organisations (id, name, code, index_pattern) VALUES ($1, '年报测试机关', $2, $3)`, [
    ORG,
    ORG.slice(-9),
    JSON.stringify({ organisationCode: ORG.slice(-9), period: 'YYYY', serialWidth: 5, separator: '/' }),
  ]);
  await gk.dataSource.query(`INSERT INTO departments (id, organisation_id, name, kind) VALUES ($1, $2, '办公室', 'office')`, [`${ORG}-office`, ORG]);
  await gk.dataSource.query(`INSERT INTO users (id, name, department_id, roles) VALUES ($1, '年报测试员', $2, ARRAY['office'])`, [`${ORG}-clerk`, `${ORG}-office`]);
  officeToken = await signToken({ username: `${ORG}-clerk`, name: '年报测试员', departmentId: `${ORG}-office`, roles: ['office'] }, gk.secret, '1h');
  const seed: [string, string | null, string, string | null, string | null][] = [
    // [kind/category, receivedOn, status, issuedOn, outcome]
    ['np', '2197-12-15', 'closed', '2198-01-08', 'disclosed'], // carried in, handled
    ['research', '2197-12-28', 'registered', null, null], // carried in, carried out
    ['np', '2197-10-01', 'closed', '2197-10-20', 'disclosed'], // closed the year before: not counted
    ['np', '2198-02-03', 'closed', '2198-02-20', 'disclosed'],
    ['commercial', '2198-03-03', 'closed', '2198-03-25', 'partly_disclosed'],
    ['np', '2198-04-07', 'closed', '2198-05-06', 'refused.internal_affairs'],
    ['legal_services', '2198-05-11', 'closed', '2198-05-28', 'not_processed.repeat'],
    ['public_interest', '2198-06-01', 'closed', '2198-06-20', 'other.no_clarification'],
    ['np', '2198-12-22', 'replying', null, null], // carried out
    ['np', '2199-01-05', 'registered', null, null], // next year
  ];
  for (const [who, receivedOn, status, issuedOn, outcome] of seed) {
    await gk.dataSource.query(
      `INSERT INTO disclosure_requests (id, tracking_code, organisation_id, status, requester_kind, requester_category, requester_name,
         requester_contact, content, channel, received_on, issued_on, outcome)
       VALUES ($1, $2, $9, $3, $4, $5, '年报测试', '0000', '年报测试申请', 'in_person', $6, $7, $8)`,
      [randomUUID(), `SQ-TEST-${randomUUID().slice(0, 8)}`, status, who === 'np' ? 'natural_person' : 'legal_person', who === 'np' ? null : who, receivedOn, issuedOn, outcome, ORG],
    );
  }
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

describe('GET /reports/annual/:year/requests', () => {
  it('answers table 3 of a seeded year as computed by hand, with the cross-check', async () => {
    const res = await gk.request<Table3>('GET', '/reports/annual/2198/requests', { token: officeToken });
    expect(res.status).toBe(200);
    const row = (code: string) => res.body.rows.find((r) => r.code === code)!.values;
    expect(row('new')).toEqual({ natural_person: 3, commercial: 1, research: 0, public_interest: 1, legal_services: 1, other: 0, total: 6 });
    expect(row('carried_in')).toEqual({ natural_person: 1, commercial: 0, research: 1, public_interest: 0, legal_services: 0, other: 0, total: 2 });
    expect(row('disclosed')).toMatchObject({ natural_person: 2, total: 2 });
    expect(row('partly_disclosed')).toMatchObject({ commercial: 1, total: 1 });
    expect(row('refused.internal_affairs')).toMatchObject({ natural_person: 1, total: 1 });
    expect(row('not_processed.repeat')).toMatchObject({ legal_services: 1, total: 1 });
    expect(row('other.no_clarification')).toMatchObject({ public_interest: 1, total: 1 });
    expect(row('handled_total').total).toBe(6);
    expect(row('carried_out')).toEqual({ natural_person: 1, commercial: 0, research: 1, public_interest: 0, legal_services: 0, other: 0, total: 2 });
    expect(res.body.crossCheck).toEqual({ ok: true, detail: '一 + 二 = 三（七）+ 四：6 + 2 = 6 + 2' });
    expect(res.body.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['new', 'carried_in', 'handled_total', 'carried_out', 'refused.state_secret']));
  });

  it('answers the same numbers as an Excel workbook laid out like the official form', async () => {
    const json = (await gk.request<Table3>('GET', '/reports/annual/2198/requests', { token: officeToken })).body;
    const res = await fetch(`${gk.baseUrl}/reports/annual/2198/requests.xlsx`, { headers: { authorization: `Bearer ${officeToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="annual-report-2198-table3-requests\.xlsx"; filename\*=UTF-8''2198%E5%B9%B4/);
    const workbook = new Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];

    // The official header: the cross-check note over the label columns, 申请人情况 over 自然人 | 法人或其他组织 (five) | 总计.
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:J1', 'A2:C4', 'D2:J2', 'D3:D4', 'E3:I3', 'J3:J4']));
    expect(sheet.getCell('A2').text).toContain('本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和');
    expect(['D2', 'D3', 'E3', 'E4', 'F4', 'G4', 'H4', 'I4', 'J3'].map((a) => sheet.getCell(a).text)).toEqual([
      '申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计',
    ]);
    // The row labels indented as the form does: 一/二/三/四 in A, （一）…（七） in B, 1．2．… in C.
    expect(merges).toEqual(expect.arrayContaining(['A5:C5', 'A6:C6', 'A7:A28', 'B7:C7', 'B8:C8', 'B9:B16', 'B17:B19', 'B20:B24', 'B25:B27', 'B28:C28', 'A29:C29']));
    expect(sheet.getCell('A7').text).toBe('三、本年度办理结果');
    expect(sheet.getCell('B9').text).toBe('（三）不予公开');
    expect(sheet.getCell('C9').text).toBe('1．属于国家秘密');
    expect(sheet.getCell('A29').text).toBe('四、结转下年度继续办理');

    // Every number cell (rows 5–29, D–J) is the JSON answer's, row by row, and nothing else holds a number.
    const columns = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other', 'total'];
    expect(json.rows).toHaveLength(25);
    json.rows.forEach((row, i) => {
      const r = 5 + i;
      expect(row.label.endsWith(sheet.getCell(r, 3).text)).toBe(true);
      expect(columns.map((_c, k) => sheet.getCell(r, 4 + k).value)).toEqual(columns.map((c) => row.values[c]));
    });
    let numberCells = 0;
    sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'number' && numberCells++)));
    expect(numberCells).toBe(25 * 7);
    expect(sheet.getCell('J5').value).toBe(6);
  });

  it('is for the office and the leadership; a bad year is 400', async () => {
    expect((await gk.request('GET', '/reports/annual/2198/requests', { as: 'zhangwei' })).status).toBe(403);
    expect((await gk.request('GET', '/reports/annual/2198/requests')).status).toBe(401);
    expect((await gk.request<ErrorBody>('GET', '/reports/annual/abc/requests', { as: 'zhaomin' })).status).toBe(400);
    expect((await gk.request<ErrorBody>('GET', '/reports/annual/1999/requests', { as: 'wangqiang' })).status).toBe(400);
    expect((await gk.request('GET', '/reports/annual/2198/requests.xlsx', { as: 'zhangwei' })).status).toBe(403);
    expect((await gk.request('GET', '/reports/annual/2198/requests.xlsx')).status).toBe(401);
    expect((await gk.request<ErrorBody>('GET', '/reports/annual/abc/requests.xlsx', { as: 'zhaomin' })).status).toBe(400);
    const tooEarly = await gk.request<ErrorBody>('GET', '/reports/annual/1999/requests.xlsx', { as: 'chenjun' });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.message).toContain('年份');
  });
});

describe('organisations apart', () => {
  it("staff of another agency neither list nor read a request made to the demo agency (404, as for an unknown id)", async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const made = await gk.request<{ id: string }>('POST', '/requests', {
      as: 'zhaomin',
      body: { requester: { kind: 'natural_person', name: '隔离测试', contact: '13800000000' }, content: '申请公开隔离测试信息', channel: 'in_person', receivedOn: today },
    });
    expect(made.status).toBe(201);
    const id = made.body.id;
    expect((await gk.request('GET', `/requests/${id}`, { as: 'zhaomin' })).status).toBe(200);
    for (const [method, path, body] of [
      ['GET', `/requests/${id}`, undefined],
      ['GET', `/requests/${id}/deadline`, undefined],
      ['GET', `/requests/${id}/reply.pdf`, undefined],
      ['POST', `/requests/${id}/reply`, { outcome: 'disclosed', body: '予以公开' }],
    ] as const) {
      const res = await gk.request<ErrorBody>(method, path, { token: officeToken, body });
      expect([path, res.status]).toEqual([path, 404]);
    }
    const list = await gk.request<{ items: { id: string; trackingCode: string }[]; total: number }>('GET', '/requests?pageSize=100', { token: officeToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r) => r.id)).not.toContain(id);
    expect(list.body.items.every((r) => r.trackingCode.startsWith('SQ-TEST-'))).toBe(true);
  });
});
