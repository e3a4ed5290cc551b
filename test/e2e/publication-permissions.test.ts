/**
 * Who may do what: every refusal of the review through HTTP — 401 without a
 * valid token, 400 for invalid input with field messages, 403 (recorded in the
 * timeline), 409 for a stale step or version, 422 for a business rule — and
 * two decisions racing on one step.
 */
import { SignJWT } from 'jose';
import { signToken } from '../../apps/api/src/auth/tokens';
import {
  createAndSubmit,
  draftOf,
  NOT_SECRET,
  startGongkaiApp,
  type ErrorBody,
  type PublicationBody,
  type RunningGongkai,
} from '../support/gongkai-app';

let gk: RunningGongkai;
beforeAll(async () => {
  gk = await startGongkaiApp();
}, 120_000);
afterAll(async () => {
  await gk?.stop();
});

interface TimelineEvent {
  kind: string;
  actorId: string | null;
  seq: number | null;
  version: number | null;
  detail: { action?: string; reason?: string } | null;
}

async function refusedEvents(id: string): Promise<TimelineEvent[]> {
  const timeline = await gk.request<TimelineEvent[]>('GET', `/publications/${id}/timeline`, { as: 'zhaomin' });
  expect(timeline.status).toBe(200);
  return timeline.body.filter((e) => e.kind === 'refused');
}

function expectError(res: { status: number; body: unknown }, status: number): ErrorBody {
  expect(res.status).toBe(status);
  const body = res.body as ErrorBody;
  expect(body).toEqual(expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.any(String) }));
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

describe('authentication', () => {
  it('answers 401 with a clear message without a token', async () => {
    const body = expectError(await gk.request('GET', '/publications'), 401);
    expect(body.message).toContain('未登录');
    expectError(await gk.request('POST', '/publications', { body: draftOf() }), 401);
    expectError(await gk.request('GET', '/tasks'), 401);
  });

  it('answers 401 for a token signed with another secret, a malformed one and an expired one', async () => {
    const user = { username: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author' as const] };
    const forged = await signToken(user, 'another-secret-that-is-long-enough-0000', '1h');
    expect(expectError(await gk.request('GET', '/tasks', { token: forged }), 401).message).toContain('签名无效');
    expectError(await gk.request('GET', '/tasks', { token: 'not-a-jwt' }), 401);
    const expired = await new SignJWT({ name: '张伟', dept: 'jichu', roles: ['author'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('zhangwei')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(gk.secret));
    expect(expectError(await gk.request('GET', '/tasks', { token: expired }), 401).message).toContain('过期');
  });

  it('serves the public catalogue, health checks and the web app page without a token', async () => {
    expect((await gk.request('GET', '/catalog')).status).toBe(200);
    expect((await gk.request('GET', '/healthz')).status).toBe(200);
    const page = await fetch(`${gk.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    await page.text();
  });
});

describe('invalid input', () => {
  it('answers 400 naming every bad field of a draft', async () => {
    const res = await gk.request('POST', '/publications', {
      as: 'zhangwei',
      body: draftOf({ title: '', attribute: 'on_request', documentNumber: '示教[26]05号', writtenDate: '2026-02-30', extra: 1 }),
    });
    const body = expectError(res, 400);
    const fields = Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.messages.join(' ')]));
    expect(Object.keys(fields).sort()).toEqual(['attributeReason', 'documentNumber', 'extra', 'title', 'writtenDate']);
    expect(fields.attributeReason).toContain('法定理由');
    expect(fields.documentNumber).toContain('六角括号');
    expect(fields.writtenDate).toContain('YYYY-MM-DD');
  });

  it('answers 400 for a category that is not in the catalogue', async () => {
    const body = expectError(await gk.request('POST', '/publications', { as: 'zhangwei', body: draftOf({ category: '不存在的分类' }) }), 400);
    expect(body.errors).toEqual([{ field: 'category', messages: [expect.stringContaining('不存在的分类')] }]);
  });

  it('answers 400 for a decision without a version', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const body = expectError(await gk.request('POST', `/publications/${item.id}/approve`, { as: 'lina', body: {} }), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(['version']);
  });

  it('answers 404 for an item that does not exist', async () => {
    expectError(await gk.request('GET', '/publications/00000000-0000-4000-8000-000000000000', { as: 'zhaomin' }), 404);
    expectError(await gk.request('GET', '/publications/nope', { as: 'zhaomin' }), 404);
    expectError(await gk.request('POST', '/publications/00000000-0000-4000-8000-000000000000/approve', { as: 'lina', body: { version: 1 } }), 404);
    expectError(await gk.request('GET', `/catalog/${encodeURIComponent('003012345/1999-99999')}`), 404);
  });
});

describe('refusals', () => {
  it('lets only authors draft', async () => {
    expect(expectError(await gk.request('POST', '/publications', { as: 'lina', body: draftOf() }), 403).message).toContain('撰稿人');
  });

  it('refuses a reviewer who is not the assignee with 403 and records the attempt', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    // 王强 is the next level, not this one, and may read the item: he is told who reviews it.
    const next = expectError(await gk.request('POST', `/publications/${item.id}/reject`, { as: 'wangqiang', body: { version: 1, reason: '不同意' } }), 403);
    expect(next.message).toContain('李娜');
    // 周涛 heads another section and may not read it: a message naming nobody, a counted row.
    const other = expectError(
      await gk.request('POST', `/publications/${item.id}/approve`, { as: 'zhoutao', body: { version: 1, confidentiality: NOT_SECRET } }),
      403,
    );
    expect(other.message).toBe('您无权处理该稿件');
    const refused = await refusedEvents(item.id);
    expect(refused).toEqual([
      expect.objectContaining({ actorId: 'wangqiang', seq: null, version: 1, detail: { action: 'reject', reason: next.message } }),
      expect.objectContaining({ actorId: 'zhoutao', seq: null, detail: expect.objectContaining({ action: 'approve', count: 1 }) }),
    ]);
    // The workflow is untouched.
    const after = await gk.request<PublicationBody>('GET', `/publications/${item.id}`, { as: 'zhangwei' });
    expect(after.body).toMatchObject({ status: 'in_review', stage: { level: 1, assignee: 'lina' }, decisions: [] });
  });

  it('refuses the author approving their own item with 403', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const body = expectError(
      await gk.request('POST', `/publications/${item.id}/approve`, { as: 'zhangwei', body: { version: 1, confidentiality: NOT_SECRET } }),
      403,
    );
    expect(body.message).toContain('作者');
    expect(await refusedEvents(item.id)).toContainEqual(expect.objectContaining({ actorId: 'zhangwei', detail: expect.objectContaining({ action: 'approve' }) }));
  });

  it('refuses someone other than the author submitting, revising or withdrawing with 403', async () => {
    const created = await gk.request<PublicationBody>('POST', '/publications', { as: 'zhangwei', body: draftOf() });
    const id = created.body.id;
    expectError(await gk.request('POST', `/publications/${id}/submit`, { as: 'liuyang', body: { version: 1 } }), 403);
    expectError(await gk.request('POST', `/publications/${id}/revise`, { as: 'liuyang', body: { ...revision(), version: 1 } }), 403);
    expectError(await gk.request('POST', `/publications/${id}/withdraw`, { as: 'liuyang', body: {} }), 403);
    expect((await refusedEvents(id)).map((e) => e.detail?.action)).toEqual(['submit', 'revise', 'withdraw']);
  });

  it('refuses a decision on another draft version with 409', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const body = expectError(
      await gk.request('POST', `/publications/${item.id}/approve`, { as: 'lina', body: { version: 2, confidentiality: NOT_SECRET } }),
      409,
    );
    expect(body.message).toContain('版');
  });

  it('refuses a level-1 approval without the 保密审查 conclusion with 422', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const body = expectError(await gk.request('POST', `/publications/${item.id}/approve`, { as: 'lina', body: { version: 1 } }), 422);
    expect(body.message).toContain('保密审查');
    expectError(await gk.request('POST', `/publications/${item.id}/reject`, { as: 'lina', body: { version: 1 } }), 422);
  });

  it('stops publication when the 保密审查 conclusion is secret', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const res = await gk.request<PublicationBody>('POST', `/publications/${item.id}/approve`, {
      as: 'lina',
      body: { version: 1, confidentiality: { conclusion: 'secret', note: '含工作秘密' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'returned', stage: null });
  });

  it('refuses reading another section’s item, but not for the leaders and the office', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    expectError(await gk.request('GET', `/publications/${item.id}`, { as: 'sunli' }), 403);
    for (const user of ['liuyang', 'lina', 'wangqiang', 'chenjun', 'zhaomin'] as const) {
      expect((await gk.request('GET', `/publications/${item.id}`, { as: user })).status).toBe(200);
    }
    const sunliList = await gk.request<{ items: { id: string }[] }>('GET', '/publications?pageSize=100', { as: 'sunli' });
    expect(sunliList.body.items.map((i) => i.id)).not.toContain(item.id);
  });
});

describe('two decisions on the same step at once', () => {
  it('takes the same decision sent twice at once exactly once, and answers both with the item (a repeat is safe)', async () => {
    const item = await createAndSubmit(gk, 'zhangwei');
    const approve = () =>
      gk.request<PublicationBody>('POST', `/publications/${item.id}/approve`, {
        as: 'lina',
        body: { version: 1, level: 1, confidentiality: NOT_SECRET },
      });
    const results = await Promise.all([approve(), approve()]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    // A third, later repeat (a retry after a timeout) answers the same way.
    expect((await approve()).status).toBe(200);
    const after = await gk.request<PublicationBody>('GET', `/publications/${item.id}`, { as: 'zhangwei' });
    expect(after.body.decisions).toHaveLength(1);
    expect(after.body.stage).toMatchObject({ level: 2 });
  });

  it('lets one of two reviewers racing at one level win, the other gets 409 (no level sent: the projection’s)', async () => {
    const item = await createAndSubmit(gk, 'sunli', { category: '规范性文件' });
    await gk.request('POST', `/publications/${item.id}/approve`, { as: 'zhoutao', body: { version: 1, confidentiality: NOT_SECRET } });
    await gk.request('POST', `/publications/${item.id}/approve`, { as: 'wangqiang', body: { version: 1 } });
    const results = await Promise.all([
      gk.request('POST', `/publications/${item.id}/approve`, { as: 'chenjun', body: { version: 1 } }),
      gk.request('POST', `/publications/${item.id}/reject`, { as: 'chenjun', body: { version: 1, reason: '再斟酌' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

function revision() {
  const { category: _c, attribute: _a, ...rest } = draftOf({ title: '修订稿' });
  return rest;
}
