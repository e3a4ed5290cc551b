/**
 * 同步发布 under SIGKILL (issue 11): a policy package's last approval starts the
 * publish activity, which publishes the policy and every interpretation in one
 * transaction. The engine or the worker process is killed at points of that
 * path and started again; afterwards everything must be published exactly
 * once — one catalogue entry each, consecutive serials, one publishedAt, links
 * both ways, the package reading `published`.
 *
 * Kill points:
 *  - the engine, just after the last approve was answered (the package's own
 *    workflow still has to learn the result and project it);
 *  - the worker, just after the last approve was answered (the same, with the
 *    worker that runs that projection gone);
 *  - the engine, and the worker, while the publish transaction is open: the
 *    test holds the package's interpretation rows (FOR UPDATE), so the
 *    transaction stops there with the policy's entry already written; the kill
 *    lands while it waits, then the rows are released. A killed worker's
 *    transaction rolls back and the activity is retried (its start-to-close
 *    timeout, 10 s); with the engine killed the transaction commits and the
 *    retried activity finds the work done.
 * No production hook: the pause is a row lock any other writer could hold.
 */
import type { QueryRunner } from 'typeorm';
import { PolicyPackageDriver, publishedWhole, type PackageView, type PolicyView } from '../../apps/launcher/src/policy-package-driver';
import { TODAY, startGongkaiApp, type RunningGongkai } from '../support/gongkai-app';
import { waitFor } from '../support/processes';

jest.setTimeout(240_000);

let gk: RunningGongkai;
let driver: PolicyPackageDriver;

beforeAll(async () => {
  gk = await startGongkaiApp({ inChildProcess: true, workerInChildProcess: true });
  driver = new PolicyPackageDriver(gk.baseUrl, (u) => gk.tokenOf(u as Parameters<RunningGongkai['tokenOf']>[0]));
}, 180_000);
afterAll(async () => {
  await gk?.stop();
});

const TEXT = [
  '一、背景依据：近年来家长对校外培训收费投诉较多，依据有关规定制定本办法。',
  '二、目标任务：规范收费行为，防止预收费过多带来的风险。',
  '三、主要内容：收费要公示，预收费有时限。',
  '四、适用范围：本市面向中小学生的校外培训机构。',
  '五、执行标准：一次最多预收三个月的费用。',
  '六、注意事项：缴费时请索要正式票据。',
  '七、新旧政策差异：与原暂行办法相比，新增了预收费时限。',
].join('\n');

/** A package with three interpretations (two departments), approved up to its last step. */
async function atLastStep(tag: string): Promise<{ pkg: PackageView; policy: PolicyView; titles: string[] }> {
  const titles = [`${tag}：文字解读`, `${tag}：政策问答`, `${tag}：图解`];
  const pkg = await driver.create('zhangwei', {
    title: `关于规范校外培训机构收费管理的办法（${tag}）`,
    body: '各区教育局：\n第一条 校外培训机构应当公示收费项目和标准。\n第二条 一次性收费时间跨度不得超过三个月。\n第三条 本办法自发布之日起施行。',
    category: '规范性文件',
    attribute: 'proactive',
    writtenDate: TODAY,
    interpretations: [
      { form: 'text', ownerId: 'zhangwei', title: titles[0] },
      { form: 'qa', ownerId: 'sunli', title: titles[1] },
      { form: 'graphic', ownerId: 'liuyang', title: titles[2] },
    ],
  });
  const bodies: Record<string, string> = {
    text: TEXT,
    qa: '问：收费标准在哪里看？\n答：在机构的显著位置和网站上都能看到。',
    graphic: '【图解】公示收费 → 预收不超过三个月 → 索要票据。',
  };
  await driver.draftAll(pkg, (i) => ({ body: bodies[i.form] }));
  const policy = await driver.approveAllButLast('zhangwei', await driver.submit('zhangwei', pkg));
  expect(policy.stage).toMatchObject({ level: policy.route.length, assignee: 'chenjun' });
  return { pkg, policy, titles };
}

/** The last approval, retried while the engine is away (5xx); a retry after a lost answer may meet the item published (409). */
async function lastApprove(policy: PolicyView): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await driver.call<PolicyView>('chenjun', 'POST', `/publications/${policy.id}/approve`, { version: policy.version, comment: '同意发布' });
    if (res.status === 200 || res.status === 409) return;
    if (res.status < 500 || Date.now() > deadline) throw new Error(`last approve: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Holds the package's interpretation rows, so the publish transaction stops at them (after the policy's entry). */
async function holdInterpretations(packageId: string): Promise<QueryRunner> {
  const runner = gk.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('SELECT id FROM policy_interpretations WHERE package_id = $1 FOR UPDATE', [packageId]);
  return runner;
}

/** Until some session waits for those rows: the publish transaction is open and stopped there. */
function publishWaiting(): Promise<true> {
  return waitFor(async () => {
    const rows: { n: number }[] = await gk.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND query LIKE '%FROM policy_interpretations i WHERE i.package_id = $1 ORDER BY i.position FOR UPDATE%'`,
    );
    return rows[0].n > 0 ? true : undefined;
  }, 60_000, 'the publish transaction to reach the interpretation rows');
}

/** The last approve, sent and left in flight: the kill comes while its publish runs, so its answer does not matter. */
function approveInFlight(policy: PolicyView): Promise<unknown> {
  return driver.call('chenjun', 'POST', `/publications/${policy.id}/approve`, { version: policy.version, comment: '同意发布' }).catch(() => undefined);
}

async function release(runner: QueryRunner): Promise<void> {
  await runner.rollbackTransaction();
  await runner.release();
}

/** Everything published exactly once, together, linked both ways. */
async function expectPublishedOnce(pkg: PackageView, titles: string[]): Promise<void> {
  const done = await driver.waitForPackage('zhangwei', pkg.id, publishedWhole, 90_000, 200);
  expect(done.interpretations).toHaveLength(3);

  const policyEntries: { index_number: string; published_at: Date }[] = await gk.dataSource.query(
    'SELECT index_number, published_at FROM catalog_entries WHERE publication_id = $1',
    [pkg.policyId],
  );
  expect(policyEntries).toHaveLength(1);
  const policyEntry = policyEntries[0];
  expect(done.indexNumber).toBe(policyEntry.index_number);

  const rows: { position: number; publication_id: string; index_number: string }[] = await gk.dataSource.query(
    'SELECT position, publication_id, index_number FROM policy_interpretations WHERE package_id = $1 ORDER BY position',
    [pkg.id],
  );
  // One catalogue entry per interpretation, and no stray entry from a repeated publish (a repeat would mint new rows).
  const byTitle: { index_number: string; publication_id: string; published_at: Date }[] = await gk.dataSource.query(
    'SELECT index_number, publication_id, published_at FROM catalog_entries WHERE title = ANY($1) ORDER BY index_number',
    [titles],
  );
  expect(byTitle).toHaveLength(3);
  expect(byTitle.map((e) => e.publication_id).sort()).toEqual(rows.map((r) => r.publication_id).sort());
  expect(byTitle.map((e) => e.index_number)).toEqual(rows.map((r) => r.index_number));
  const strays: { n: number }[] = await gk.dataSource.query(
    `SELECT count(*)::int AS n FROM publications WHERE category = '政策解读' AND title = ANY($1)`,
    [titles],
  );
  expect(strays[0].n).toBe(3);

  // The same publishedAt, consecutive serials (policy first, then the plan's order), no index number twice.
  for (const e of byTitle) expect(e.published_at.toISOString()).toBe(policyEntry.published_at.toISOString());
  const numbers = [policyEntry.index_number, ...rows.map((r) => r.index_number)];
  expect(new Set(numbers).size).toBe(4);
  const serials = numbers.map((n) => Number(n.split('-').pop()));
  expect(serials).toEqual([serials[0], serials[0] + 1, serials[0] + 2, serials[0] + 3]);
  const sameNumber: { n: number }[] = await gk.dataSource.query(
    'SELECT count(*)::int AS n FROM publications WHERE index_number = ANY($1)',
    [numbers],
  );
  expect(sameNumber[0].n).toBe(4);

  // Links both ways, nothing else.
  const links: { index_number: string; related_index_number: string; relation: string }[] = await gk.dataSource.query(
    'SELECT index_number, related_index_number, relation FROM catalog_entry_links WHERE index_number = ANY($1) OR related_index_number = ANY($1)',
    [numbers],
  );
  const policyNo = policyEntry.index_number;
  const expected = rows.flatMap((r) => [`${policyNo}>${r.index_number}:interpreted_by`, `${r.index_number}>${policyNo}:interprets`]);
  expect(links.map((l) => `${l.index_number}>${l.related_index_number}:${l.relation}`).sort()).toEqual(expected.sort());

  const publishedEvents: { n: number }[] = await gk.dataSource.query(
    `SELECT count(*)::int AS n FROM timeline_events WHERE publication_id = $1 AND kind = 'published'`,
    [pkg.policyId],
  );
  expect(publishedEvents[0].n).toBe(1);
}

describe('a policy package published across a SIGKILL', () => {
  it('engine killed just after the last approve was answered', async () => {
    const { pkg, policy, titles } = await atLastStep('引擎-批准后');
    await lastApprove(policy);
    await gk.temporal.crashAndRestart!();
    await expectPublishedOnce(pkg, titles);
  });

  it('worker killed just after the last approve was answered', async () => {
    const { pkg, policy, titles } = await atLastStep('进程-批准后');
    await lastApprove(policy);
    await gk.killWorker!();
    await gk.startWorker();
    await expectPublishedOnce(pkg, titles);
  });

  it('worker killed while the publish transaction is open', async () => {
    const { pkg, policy, titles } = await atLastStep('进程-发布中');
    const held = await holdInterpretations(pkg.id);
    const approving = approveInFlight(policy);
    try {
      await publishWaiting();
      await gk.killWorker!();
    } finally {
      await release(held);
    }
    // The killed transaction can never commit (its client is gone): nothing is published until a worker retries.
    const before: { n: number }[] = await gk.dataSource.query('SELECT count(*)::int AS n FROM catalog_entries WHERE publication_id = $1', [pkg.policyId]);
    expect(before[0].n).toBe(0);
    await gk.startWorker();
    await approving;
    await expectPublishedOnce(pkg, titles);
  });

  it('engine killed while the publish transaction is open', async () => {
    const { pkg, policy, titles } = await atLastStep('引擎-发布中');
    const held = await holdInterpretations(pkg.id);
    const approving = approveInFlight(policy);
    try {
      await publishWaiting();
      await gk.temporal.crashAndRestart!();
    } finally {
      await release(held);
    }
    await approving;
    await expectPublishedOnce(pkg, titles);
  });
});
