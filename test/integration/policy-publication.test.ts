/**
 * 同步发布 against the real test Postgres: the policy's `publish` with a
 * package bundle publishes the policy and its bundled interpretations in one
 * transaction (same publishedAt, consecutive 索引号, links both ways, 主动公开
 * entries with their text), a repeat publishes nothing more, and a failure
 * halfway leaves nothing published. Runs in an organisation of its own.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPublicationActivities } from '../../activities/publication';
import { createPolicyPackageActivities } from '../../activities/policy';
import type { PublicationActivities } from '@gongkai/contracts';
import { PolicyPackageRepository } from '@gongkai/persistence';
import { seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource } from '../support/database';

const pinned = new Date('2025-11-20T04:00:00.000Z');
let ds: DataSource;
let publisher: PublicationActivities;
let org: { id: string; code: string; dept: string; otherDept: string; author: string; owner: string };

beforeAll(async () => {
  ds = await openTestDataSource();
  // The 主题分类 (规范性文件, 政策解读) come with the demo organisation's seed (idempotent).
  await seedDemoOrganisation(ds);
  publisher = createPublicationActivities(ds, { now: () => pinned, portalWebhookUrl: undefined });
  const p = `p${randomUUID().slice(0, 8)}`;
  const code = `8${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  org = { id: p, code, dept: `${p}-ji`, otherDept: `${p}-zheng`, author: `${p}-author`, owner: `${p}-owner` };
  await ds.query('INSERT INTO organisations (id, name, code, index_pattern) VALUES ($1, $2, $3, $4)', [
    p,
    '测试市测试局',
    code,
    JSON.stringify({ organisationCode: code, period: 'YYYY', serialWidth: 5, separator: '/' }),
  ]);
  await ds.query(`INSERT INTO departments (id, organisation_id, name, kind) VALUES ($1, $3, '测试一科', 'section'), ($2, $3, '测试二科', 'section')`, [
    org.dept,
    org.otherDept,
    p,
  ]);
  await ds.query(`INSERT INTO users (id, name, department_id, roles) VALUES ($1, '作者甲', $3, '{author}'), ($2, '起草乙', $4, '{author}')`, [
    org.author,
    org.owner,
    org.dept,
    org.otherDept,
  ]);
});
afterAll(async () => {
  await ds?.destroy();
});

/** A policy (publication, version 1) with a package of two interpretations, each saved at version 1. */
async function policyWithPackage(): Promise<{ policyId: string; packageId: string; text: string; qa: string }> {
  const policyId = randomUUID();
  const packageId = randomUUID();
  const [text, qa] = [randomUUID(), randomUUID()];
  await ds.query(
    `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute, written_date, title, workflow_id)
     VALUES ($1, $2, $3, $4, '作者甲', '规范性文件', 'proactive', '2025-11-10', '关于规范校外培训收费的办法', $5)`,
    [policyId, org.id, org.dept, org.author, `publication:${policyId}`],
  );
  await ds.query(
    `INSERT INTO publication_versions (publication_id, version, title, body, written_date, created_by)
     VALUES ($1, 1, '关于规范校外培训收费的办法', '第一条 为规范校外培训收费，制定本办法。', '2025-11-10', $2)`,
    [policyId, org.author],
  );
  const packages = new PolicyPackageRepository(ds);
  await packages.insert({
    id: packageId,
    policyPublicationId: policyId,
    organisationId: org.id,
    departmentId: org.dept,
    leadId: org.author,
    leadName: '作者甲',
    deferralReason: null,
    interpretations: [
      { id: text, form: 'text', ownerId: org.author, ownerName: '作者甲', ownerDepartmentId: org.dept, title: null },
      { id: qa, form: 'qa', ownerId: org.owner, ownerName: '起草乙', ownerDepartmentId: org.otherDept, title: '收费政策问答' },
    ],
  });
  const versions = createPolicyPackageActivities(ds);
  const state = {
    packageId,
    policyId,
    leadId: org.author,
    status: 'drafting' as const,
    locked: false,
    interpretations: [],
  };
  await versions.projectPackage({
    workflowId: `policy-package:${packageId}`,
    seq: 1,
    kind: 'interpretation_saved',
    at: pinned.toISOString(),
    state,
    version: { interpretationId: text, version: 1, title: '《关于规范校外培训收费的办法》解读', body: '一、出台背景：……', authorId: org.author },
  });
  await versions.projectPackage({
    workflowId: `policy-package:${packageId}`,
    seq: 2,
    kind: 'interpretation_saved',
    at: pinned.toISOString(),
    state,
    version: { interpretationId: qa, version: 1, body: '问：收费标准在哪里公示？答：在办学场所公示。', authorId: org.owner },
  });
  return { policyId, packageId, text, qa };
}

const publishInput = (p: { policyId: string; packageId: string; text: string; qa: string }) => ({
  workflowId: `publication:${p.policyId}`,
  publicationId: p.policyId,
  version: 1,
  writtenDate: '2025-11-10',
  bundle: { packageId: p.packageId, interpretations: [{ id: p.text, version: 1 }, { id: p.qa, version: 1 }] },
});

const entriesOf = (ids: string[]) =>
  ds.query(
    `SELECT c.index_number, c.category, c.title, c.body IS NOT NULL AS has_body, c.published_at, c.attribute
       FROM catalog_entries c JOIN publications p ON p.id = c.publication_id
      WHERE p.id = ANY ($1) OR p.workflow_id = ANY ($2) ORDER BY c.index_number`,
    [ids, ids.map((id) => `policy-package:${id}`)],
  );

it('publishes the policy and its interpretations together, linked both ways, and a repeat publishes nothing more', async () => {
  const p = await policyWithPackage();
  const first = await publisher.publish(publishInput(p));
  const again = await publisher.publish(publishInput(p));
  expect(again).toEqual(first);

  const entries: { index_number: string; category: string; title: string; has_body: boolean; published_at: Date; attribute: string }[] = await entriesOf([
    p.policyId,
    p.packageId,
  ]);
  expect(entries.map((e) => [e.category, e.title, e.has_body, e.attribute])).toEqual([
    ['规范性文件', '关于规范校外培训收费的办法', true, 'proactive'],
    ['政策解读', '《关于规范校外培训收费的办法》解读', true, 'proactive'],
    ['政策解读', '收费政策问答', true, 'proactive'],
  ]);
  expect(entries.every((e) => e.published_at.getTime() === pinned.getTime())).toBe(true);
  const serials = entries.map((e) => Number(e.index_number.split('-').pop()));
  expect(serials).toEqual([serials[0], serials[0] + 1, serials[0] + 2]);
  expect(entries[0].index_number).toBe(first.indexNumber);

  const links = await ds.query(
    'SELECT index_number, related_index_number, relation, form FROM catalog_entry_links WHERE index_number = ANY ($1) ORDER BY relation, index_number, related_index_number',
    [entries.map((e) => e.index_number)],
  );
  expect(links).toEqual([
    { index_number: entries[0].index_number, related_index_number: entries[1].index_number, relation: 'interpreted_by', form: 'text' },
    { index_number: entries[0].index_number, related_index_number: entries[2].index_number, relation: 'interpreted_by', form: 'qa' },
    { index_number: entries[1].index_number, related_index_number: entries[0].index_number, relation: 'interprets', form: null },
    { index_number: entries[2].index_number, related_index_number: entries[0].index_number, relation: 'interprets', form: null },
  ]);
  const published = await createPolicyPackageActivities(ds).publishedInterpretations({ packageId: p.packageId });
  expect(published.map((i) => [i.id, i.indexNumber, i.publishedAt])).toEqual([
    [p.text, entries[1].index_number, pinned.toISOString()],
    [p.qa, entries[2].index_number, pinned.toISOString()],
  ]);
});

it('publishes nothing when an interpretation cannot be published (all or nothing)', async () => {
  const p = await policyWithPackage();
  const broken = { ...publishInput(p), bundle: { packageId: p.packageId, interpretations: [{ id: p.text, version: 1 }, { id: p.qa, version: 9 }] } };
  await expect(publisher.publish(broken)).rejects.toThrow('第 9 版不存在');
  expect(await entriesOf([p.policyId, p.packageId])).toEqual([]);
  const [policy] = await ds.query('SELECT index_number FROM publications WHERE id = $1', [p.policyId]);
  expect(policy.index_number).toBeNull();
});
