/**
 * screenDraft with a policy package's bundle, against the real test Postgres:
 * the policy's draft and each bundled interpretation version are screened, a
 * finding in an interpretation names it (part: id, version, form, label), and
 * a missing interpretation version fails the activity for good. Writes in the
 * demo organisation under fresh ids (nothing is published).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createPublicationActivities } from '../../activities/publication';
import type { PublicationActivities } from '@gongkai/contracts';
import { PolicyPackageRepository } from '@gongkai/persistence';
import { seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource } from '../support/database';

let ds: DataSource;
let acts: PublicationActivities;

beforeAll(async () => {
  ds = await openTestDataSource();
  await seedDemoOrganisation(ds);
  acts = createPublicationActivities(ds, { portalWebhookUrl: undefined });
});
afterAll(async () => {
  await ds?.destroy();
});

/** A policy (version 1, `policyBody`) and a package whose interpretations are saved at the given versions. */
async function packageWith(policyBody: string, saved: { form: string; ownerId: string; ownerName: string; versions: { title?: string; body: string }[] }[]) {
  const policyId = randomUUID();
  const packageId = randomUUID();
  await ds.query(
    `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute, written_date, title, workflow_id)
     VALUES ($1, 'demo', 'jichu', 'zhangwei', '张伟', '规范性文件', 'proactive', '2026-03-02', '关于规范课外辅导收费的办法', $2)`,
    [policyId, `publication:${policyId}`],
  );
  await ds.query(
    `INSERT INTO publication_versions (publication_id, version, title, body, written_date, created_by)
     VALUES ($1, 1, '关于规范课外辅导收费的办法', $2, '2026-03-02', 'zhangwei')`,
    [policyId, policyBody],
  );
  const interpretations = saved.map((s) => ({ ...s, id: randomUUID() }));
  await new PolicyPackageRepository(ds).insert({
    id: packageId,
    policyPublicationId: policyId,
    organisationId: 'demo',
    departmentId: 'jichu',
    leadId: 'zhangwei',
    leadName: '张伟',
    deferralReason: null,
    interpretations: interpretations.map((i) => ({ id: i.id, form: i.form, ownerId: i.ownerId, ownerName: i.ownerName, ownerDepartmentId: 'jichu', title: null })),
  });
  for (const i of interpretations) {
    for (const [n, v] of i.versions.entries()) {
      await ds.query(
        `INSERT INTO policy_interpretation_versions (interpretation_id, version, title, body, author_id) VALUES ($1, $2, $3, $4, $5)`,
        [i.id, n + 1, v.title ?? null, v.body, i.ownerId],
      );
    }
  }
  return { policyId, packageId, ids: interpretations.map((i) => i.id) };
}

const CLEAN_POLICY = '第一条 为规范课外辅导收费，制定本办法。\n第二条 本办法自发布之日起施行。';

it('screens each bundled interpretation at its bundled version and names the part a finding is in', async () => {
  const p = await packageWith(CLEAN_POLICY, [
    { form: 'text', ownerId: 'zhangwei', ownerName: '张伟', versions: [{ title: '《办法》解读', body: '一、出台背景：规范收费。' }] },
    {
      form: 'qa',
      ownerId: 'sunli',
      ownerName: '孙丽',
      versions: [
        { body: '问：投诉如何处理？答：投诉人李某（身份证号 11010519491231002X）的问题已办结。' },
        { body: '问：投诉如何处理？答：已办结并书面答复。' },
      ],
    },
  ]);
  const [text, qa] = p.ids;
  const input = (qaVersion: number) => ({
    publicationId: p.policyId,
    version: 1,
    bundle: { packageId: p.packageId, interpretations: [{ id: text, version: 1 }, { id: qa, version: qaVersion }] },
  });

  const { findings } = await acts.screenDraft(input(1));
  expect(findings).toEqual([
    expect.objectContaining({
      kind: 'id_card',
      severity: 'block',
      text: '11010519491231002X',
      field: 'body',
      part: { interpretationId: qa, version: 1, form: 'qa', label: '政策问答（孙丽）' },
    }),
  ]);
  // The bundle's version decides: the fixed version 2 is clean.
  expect((await acts.screenDraft(input(2))).findings).toEqual([]);
  // Without a bundle only the policy is screened, as for any publication.
  expect((await acts.screenDraft({ publicationId: p.policyId, version: 1 })).findings).toEqual([]);
});

it('keeps the policy’s own findings without a part, beside an interpretation’s title finding', async () => {
  const p = await packageWith('第一条 本办法由联系人身份证号 11010519491231002X 负责解释。', [
    { form: 'text', ownerId: 'zhangwei', ownerName: '张伟', versions: [{ title: '机密★1年 《办法》解读', body: '一、出台背景：规范收费。' }] },
  ]);
  const { findings } = await acts.screenDraft({ publicationId: p.policyId, version: 1, bundle: { packageId: p.packageId, interpretations: [{ id: p.ids[0], version: 1 }] } });
  expect(findings.map((f) => [f.kind, f.field, f.part?.label])).toEqual([
    ['id_card', 'body', undefined],
    ['classification_mark', 'title', '文字解读（张伟）'],
  ]);
});

it('fails for good when a bundled interpretation version does not exist', async () => {
  const p = await packageWith(CLEAN_POLICY, [{ form: 'text', ownerId: 'zhangwei', ownerName: '张伟', versions: [{ body: '一、出台背景：规范收费。' }] }]);
  await expect(
    acts.screenDraft({ publicationId: p.policyId, version: 1, bundle: { packageId: p.packageId, interpretations: [{ id: p.ids[0], version: 7 }] } }),
  ).rejects.toMatchObject({ type: 'DraftVersionNotFound', nonRetryable: true });
});
