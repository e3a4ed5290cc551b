/**
 * The publication review activities against the real test Postgres: routes,
 * assignment (delegation, never the author), deadlines from the calendar,
 * idempotent projection, publishing with 索引号, the portal webhook, retraction.
 *
 * Other test files use the demo organisation at the same time, so anything that
 * writes (delegations, index-number series) happens in an organisation of this
 * file's own, named with a random prefix.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { createPublicationActivities } from '../../activities/publication';
import type {
  PublicationActivities,
  PublicationReviewState,
  RouteLevel,
  StageState,
  TransitionRecord,
} from '@gongkai/contracts/publication';
import { entities } from '@gongkai/persistence/entities';
import { DEMO_USERS, seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource } from '../support/database';

const SECTION: RouteLevel = { level: 1, role: 'section_head', label: '科室负责人' };
const LEADER: RouteLevel = { level: 2, role: 'leader', label: '分管领导' };
const PRINCIPAL: RouteLevel = { level: 3, role: 'principal', label: '主要负责人' };

/** An organisation of this test file's own: two sections, a leader, a principal, a deputy. */
interface TestOrg {
  id: string;
  code: string;
  dept: string;
  otherDept: string;
  author: string;
  head: string;
  leader: string;
  principal: string;
  deputy: string;
}

async function createTestOrg(ds: DataSource): Promise<TestOrg> {
  const p = `t${randomUUID().slice(0, 8)}`;
  const code = `9${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  const org: TestOrg = {
    id: p,
    code,
    dept: `${p}-ji`,
    otherDept: `${p}-zheng`,
    author: `${p}-author`,
    head: `${p}-head`,
    leader: `${p}-leader`,
    principal: `${p}-principal`,
    deputy: `${p}-deputy`,
  };
  await ds.query('INSERT INTO organisations (id, name, code, index_pattern) VALUES ($1, $2, $3, $4)', [
    p,
    '测试市测试局',
    code,
    JSON.stringify({ organisationCode: code, period: 'YYYY', serialWidth: 5, separator: '/' }),
  ]);
  await ds.query(
    `INSERT INTO departments (id, organisation_id, name, kind) VALUES
       ($1, $4, '测试一科', 'section'), ($2, $4, '测试二科', 'section'), ($3, $4, '局领导', 'leadership')`,
    [org.dept, org.otherDept, `${p}-lead`, p],
  );
  await ds.query(
    `INSERT INTO users (id, name, department_id, roles) VALUES
       ($1, '作者甲', $6, '{author}'), ($2, '科长乙', $6, '{section_head}'), ($3, '分管丙', $7, '{leader}'),
       ($4, '局长丁', $7, '{principal}'), ($5, '副职戊', $7, '{leader}')`,
    [org.author, org.head, org.leader, org.principal, org.deputy, org.dept, `${p}-lead`],
  );
  await ds.query('INSERT INTO leader_departments (leader_id, department_id) VALUES ($1, $2), ($1, $3)', [
    org.leader,
    org.dept,
    org.otherDept,
  ]);
  return org;
}

interface DraftInput {
  category?: string;
  attribute?: string;
  writtenDate?: string;
  title?: string;
  body?: string;
  authorId?: string;
}

async function createDraft(ds: DataSource, org: TestOrg, input: DraftInput = {}): Promise<string> {
  const id = randomUUID();
  const title = input.title ?? '关于开展2025年秋季学期安全检查的通知';
  await ds.query(
    `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute,
                               written_date, title, workflow_id, document_number)
     VALUES ($1, $2, $3, $4, '作者甲', $5, $6, $7, $8, $9, '测教〔2025〕3号')`,
    [
      id,
      org.id,
      org.dept,
      input.authorId ?? org.author,
      input.category ?? '工作动态',
      input.attribute ?? 'proactive',
      input.writtenDate ?? '2025-09-01',
      title,
      `publication:${id}`,
    ],
  );
  await ds.query(
    `INSERT INTO publication_versions (publication_id, version, title, body, body_format, attachments, written_date, created_by)
     VALUES ($1, 1, $2, $3, 'text', $4, $5, $6)`,
    [
      id,
      title,
      input.body ?? '各学校：请于十月底前完成安全检查。',
      JSON.stringify([{ name: '检查表.pdf', size: 1024, sha256: 'a'.repeat(64) }]),
      input.writtenDate ?? '2025-09-01',
      input.authorId ?? org.author,
    ],
  );
  return id;
}

function stage(level: RouteLevel, assigneeId: string, since: string, extra: Partial<StageState> = {}): StageState {
  return {
    ...level,
    assigneeId,
    assigneeName: assigneeId,
    deciders: [assigneeId],
    since,
    remindAt: '2025-10-10T15:59:59.999Z',
    escalateAt: '2025-10-14T15:59:59.999Z',
    escalated: false,
    reminded: false,
    ...extra,
  };
}

function transition(publicationId: string, seq: number, kind: string, state: Partial<PublicationReviewState>, at: string): TransitionRecord {
  return {
    workflowId: `publication:${publicationId}`,
    publicationId,
    seq,
    kind,
    actorId: 'someone',
    actorName: '某人',
    version: state.version ?? 1,
    at,
    state: {
      publicationId,
      status: 'in_review',
      phase: 'in_review',
      version: 1,
      route: [SECTION, LEADER],
      decisions: [],
      findings: [],
      warningsAcknowledged: true,
      ...state,
    },
  };
}

describe('publication review activities on PostgreSQL', () => {
  let ds: DataSource;
  let org: TestOrg;
  let acts: PublicationActivities;
  const warnings: string[] = [];

  beforeAll(async () => {
    ds = await openTestDataSource();
    await seedDemoOrganisation(ds);
    org = await createTestOrg(ds);
    acts = createPublicationActivities(ds, {
      portalWebhookUrl: undefined,
      logger: { warn: (m) => warnings.push(m) },
    });
  });
  afterAll(async () => {
    await ds.destroy();
  });

  describe('demo organisation seed', () => {
    it('is idempotent and holds exactly the demo users with their departments and roles', async () => {
      await seedDemoOrganisation(ds);
      await Promise.all([seedDemoOrganisation(ds), seedDemoOrganisation(ds)]);
      const [o] = await ds.query(`SELECT name, code, index_pattern FROM organisations WHERE id = 'demo'`);
      expect(o).toEqual({
        name: '示范市教育局',
        code: '003012345',
        index_pattern: { organisationCode: '003012345', period: 'YYYY', serialWidth: 5, separator: '/' },
      });
      const users: { id: string; name: string; department: string; roles: string[] }[] = await ds.query(
        `SELECT u.id, u.name, d.name AS department, u.roles FROM users u JOIN departments d ON d.id = u.department_id
          WHERE d.organisation_id = 'demo' ORDER BY u.id`,
      );
      expect(users).toEqual(
        DEMO_USERS.map((u) => ({ id: u.id, name: u.name, department: u.departmentName, roles: u.roles })).sort((a, b) =>
          a.id < b.id ? -1 : 1,
        ),
      );
      expect(users.find((u) => u.id === 'lina')).toEqual({ id: 'lina', name: '李娜', department: '基础教育科', roles: ['section_head'] });
      const led = await ds.query(`SELECT department_id FROM leader_departments WHERE leader_id = 'wangqiang' ORDER BY 1`);
      expect(led).toEqual([{ department_id: 'jichu' }, { department_id: 'zhengce' }]);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM review_routes WHERE category = '*' AND attribute = '*'`);
      expect(n).toBe(1);
    });

    it('assigns the demo reviewers: 李娜 for 基础教育科, 王强 as leader, 陈军 as principal', async () => {
      const since = '2025-11-03T02:00:00.000Z';
      const input = { publicationId: randomUUID(), departmentId: 'jichu', since, authorId: 'zhangwei' };
      expect((await acts.assignStage({ ...input, level: SECTION })).assigneeId).toBe('lina');
      expect((await acts.assignStage({ ...input, level: LEADER })).assigneeName).toBe('王强');
      expect((await acts.assignStage({ ...input, level: PRINCIPAL })).assigneeId).toBe('chenjun');
      expect((await acts.assignStage({ ...input, departmentId: 'zhengce', level: SECTION })).assigneeId).toBe('zhoutao');
    });
  });

  describe('resolveRoute', () => {
    it('gives routine news two levels and normative documents, policies and non-proactive items three', async () => {
      const roles = async (category: string, attribute: 'proactive' | 'on_request' | 'not_disclosed') =>
        (await acts.resolveRoute({ category, attribute })).map((l) => l.role);
      expect(await acts.resolveRoute({ category: '工作动态', attribute: 'proactive' })).toEqual([
        { level: 1, role: 'section_head', label: '科室负责人' },
        { level: 2, role: 'leader', label: '分管领导' },
      ]);
      expect(await acts.resolveRoute({ category: '规范性文件', attribute: 'proactive' })).toEqual([
        { level: 1, role: 'section_head', label: '科室负责人' },
        { level: 2, role: 'leader', label: '分管领导' },
        { level: 3, role: 'principal', label: '主要负责人' },
      ]);
      expect(await roles('政策文件', 'proactive')).toHaveLength(3);
      // A child of 政策文件 inherits its parent's route.
      expect(await roles('政策解读', 'proactive')).toHaveLength(3);
      expect(await roles('工作动态', 'on_request')).toHaveLength(3);
      expect(await roles('通知公告', 'not_disclosed')).toHaveLength(3);
      expect(await roles('通知公告', 'proactive')).toEqual(['section_head', 'leader']);
      expect(await roles('没有这个分类', 'proactive')).toEqual(['section_head', 'leader']);
    });
  });

  describe('assignStage and escalationTarget', () => {
    const since = '2025-11-03T02:00:00.000Z'; // Monday 10:00 in Shanghai
    const req = (level: RouteLevel, authorId?: string) => ({
      publicationId: randomUUID(),
      departmentId: org.dept,
      level,
      since,
      authorId: authorId ?? org.author,
    });

    it('assigns the section head, the responsible leader and the principal', async () => {
      const a = await acts.assignStage(req(SECTION));
      expect(a).toMatchObject({ assigneeId: org.head, assigneeName: '科长乙', deciders: [org.head] });
      expect(a.delegateOf).toBeUndefined();
      expect((await acts.assignStage(req(LEADER))).assigneeId).toBe(org.leader);
      expect((await acts.assignStage(req(PRINCIPAL))).assigneeId).toBe(org.principal);
    });

    it('never assigns the author: the next person up takes the step, or it fails clearly', async () => {
      expect((await acts.assignStage(req(SECTION, org.head))).assigneeId).toBe(org.leader);
      expect((await acts.assignStage(req(LEADER, org.leader))).assigneeId).toBe(org.principal);
      const failure = await acts.assignStage(req(PRINCIPAL, org.principal)).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'NoEligibleReviewer', nonRetryable: true });
    });

    it('hands the step to an active delegate, recorded, with both allowed to decide', async () => {
      const [{ id }] = await ds.query(
        `INSERT INTO delegations (holder_id, delegate_id, starts_at, ends_at, reason)
         VALUES ($1, $2, '2025-11-01T00:00:00Z', '2025-11-10T00:00:00Z', '出差') RETURNING id`,
        [org.leader, org.deputy],
      );
      try {
        const a = await acts.assignStage(req(LEADER));
        expect(a).toMatchObject({
          assigneeId: org.deputy,
          assigneeName: '副职戊',
          delegateOf: { userId: org.leader, name: '分管丙' },
          deciders: [org.deputy, org.leader],
        });
        // Outside the window the holder decides himself.
        const later = await acts.assignStage({ ...req(LEADER), since: '2025-11-20T02:00:00.000Z' });
        expect(later.assigneeId).toBe(org.leader);
        // A delegate who wrote the item cannot review it: the holder keeps the step.
        expect((await acts.assignStage(req(LEADER, org.deputy))).assigneeId).toBe(org.leader);
      } finally {
        await ds.query('DELETE FROM delegations WHERE id = $1', [id]);
      }
    });

    it('counts reminder and escalation deadlines in working days, skipping National Day', async () => {
      // Tuesday 30 September 2025, 10:00 Shanghai; 1–8 October are off, Saturday 11 October is a make-up workday.
      const a = await acts.assignStage({ ...req(SECTION), since: '2025-09-30T02:00:00.000Z' });
      expect(a.remindAt).toBe('2025-10-10T15:59:59.999Z'); // 9 Oct = 1, 10 Oct = 2
      expect(a.escalateAt).toBe('2025-10-14T15:59:59.999Z'); // 11 Oct (调休) = 3, 13 = 4, 14 = 5
    });

    it('takes the periods from the configuration when given, and never crashes on a year without calendar data', async () => {
      const configured = createPublicationActivities(ds, {
        reminderWorkingDays: 1,
        escalationWorkingDays: 3,
        logger: { warn: (m) => warnings.push(m) },
      });
      const a = await configured.assignStage({ ...req(SECTION), since: '2025-09-30T02:00:00.000Z' });
      expect(a.remindAt).toBe('2025-10-09T15:59:59.999Z');
      expect(a.escalateAt).toBe('2025-10-11T15:59:59.999Z');

      warnings.length = 0;
      const far = await acts.assignStage({ ...req(SECTION), since: '2090-03-06T02:00:00.000Z' }); // a Monday
      expect(far.remindAt).toBe('2090-03-08T15:59:59.999Z');
      expect(warnings.join('\n')).toMatch(/2090/);
    });

    it('escalates to the next level’s holder, and the principal to himself, with fresh deadlines', async () => {
      const escalatedAt = '2025-11-10T01:00:00.000Z';
      const up = await acts.escalationTarget({ ...req(SECTION), since: escalatedAt });
      expect(up.assigneeId).toBe(org.leader);
      expect(up.remindAt).toBe('2025-11-12T15:59:59.999Z');
      expect((await acts.escalationTarget({ ...req(LEADER), since: escalatedAt })).assigneeId).toBe(org.principal);
      expect((await acts.escalationTarget({ ...req(PRINCIPAL), since: escalatedAt })).assigneeId).toBe(org.principal);
    });
  });

  describe('screenDraft', () => {
    it('blocks an ID-card number in the stored body and passes a clean draft', async () => {
      const clean = await createDraft(ds, org);
      expect((await acts.screenDraft({ publicationId: clean, version: 1 })).findings).toEqual([]);
      const leaky = await createDraft(ds, org, { body: '联系人身份证号 11010519491231002X，请核对。' });
      const { findings } = await acts.screenDraft({ publicationId: leaky, version: 1 });
      expect(findings).toEqual([expect.objectContaining({ kind: 'id_card', severity: 'block', field: 'body' })]);
      await expect(acts.screenDraft({ publicationId: leaky, version: 9 })).rejects.toMatchObject({
        type: 'DraftVersionNotFound',
      });
    });
  });

  describe('recordTransition', () => {
    const counts = async (id: string) => {
      const [row] = await ds.query(
        `SELECT (SELECT count(*)::int FROM timeline_events WHERE publication_id = $1) AS events,
                (SELECT count(*)::int FROM review_tasks WHERE publication_id = $1) AS tasks,
                (SELECT count(*)::int FROM review_tasks WHERE publication_id = $1 AND status = 'open') AS open`,
        [id],
      );
      return row as { events: number; tasks: number; open: number };
    };

    it('projects a transition once: the same record twice leaves one timeline row and one task', async () => {
      const id = await createDraft(ds, org);
      const submitted = transition(
        id,
        1,
        'assigned',
        { stage: stage(SECTION, org.head, '2025-11-03T02:00:00.000Z') },
        '2025-11-03T02:00:00.000Z',
      );
      await acts.recordTransition(submitted);
      await acts.recordTransition(submitted);
      await Promise.all([acts.recordTransition(submitted), acts.recordTransition(submitted)]);
      expect(await counts(id)).toEqual({ events: 1, tasks: 1, open: 1 });
      const [item] = await ds.query(
        `SELECT status, phase, stage_level, assignee_id, projected_seq, stage_due, state->>'status' AS state_status
           FROM publications WHERE id = $1`,
        [id],
      );
      expect(item).toMatchObject({
        status: 'in_review',
        phase: 'in_review',
        stage_level: 1,
        assignee_id: org.head,
        projected_seq: 1,
        state_status: 'in_review',
      });
      expect(item.stage_due.toISOString()).toBe('2025-10-14T15:59:59.999Z');
      const [task] = await ds.query(
        'SELECT assignee_id, level, status, created_at, due_at FROM review_tasks WHERE publication_id = $1',
        [id],
      );
      expect(task).toMatchObject({ assignee_id: org.head, level: 1, status: 'open' });
      expect(task.created_at.toISOString()).toBe('2025-11-03T02:00:00.000Z');
    });

    it('ignores an older transition that arrives after a newer one, but keeps it on the timeline', async () => {
      const id = await createDraft(ds, org);
      const t0 = '2025-11-03T02:00:00.000Z';
      const t1 = '2025-11-04T03:00:00.000Z';
      const first = transition(id, 1, 'assigned', { stage: stage(SECTION, org.head, t0) }, t0);
      const second = transition(id, 2, 'approved', { stage: stage(LEADER, org.leader, t1) }, t1);
      await acts.recordTransition(second);
      await acts.recordTransition(first);
      const [item] = await ds.query('SELECT stage_level, assignee_id, projected_seq FROM publications WHERE id = $1', [id]);
      expect(item).toEqual({ stage_level: 2, assignee_id: org.leader, projected_seq: 2 });
      const events = await ds.query('SELECT seq, kind FROM timeline_events WHERE publication_id = $1 ORDER BY seq', [id]);
      expect(events).toEqual([
        { seq: 1, kind: 'assigned' },
        { seq: 2, kind: 'approved' },
      ]);
      // Only the current step has a task; the late record did not reopen level 1.
      const tasks = await ds.query('SELECT level, assignee_id, status FROM review_tasks WHERE publication_id = $1', [id]);
      expect(tasks).toEqual([{ level: 2, assignee_id: org.leader, status: 'open' }]);
    });

    it('closes the step’s task as done on approval, escalated on escalation, cancelled on withdrawal', async () => {
      const id = await createDraft(ds, org);
      const at = (h: number) => `2025-11-0${h}T02:00:00.000Z`;
      await acts.recordTransition(transition(id, 1, 'assigned', { stage: stage(SECTION, org.head, at(3)) }, at(3)));
      await acts.recordTransition(transition(id, 2, 'approved', { stage: stage(LEADER, org.leader, at(4)) }, at(4)));
      // Escalation keeps the level and its `since`, moving the step to the principal.
      await acts.recordTransition(
        transition(id, 3, 'escalated', { stage: stage(LEADER, org.principal, at(4), { escalated: true }) }, at(5)),
      );
      await acts.recordTransition(
        transition(id, 4, 'withdrawn', { status: 'withdrawn', phase: 'withdrawn', closingReason: '不再需要' }, at(6)),
      );
      const tasks = await ds.query(
        'SELECT level, assignee_id, status, closed_at FROM review_tasks WHERE publication_id = $1 ORDER BY id',
        [id],
      );
      expect(tasks.map((t: { level: number; assignee_id: string; status: string }) => [t.level, t.assignee_id, t.status])).toEqual([
        [1, org.head, 'done'],
        [2, org.leader, 'escalated'],
        [2, org.principal, 'cancelled'],
      ]);
      const [item] = await ds.query('SELECT status, stage_level, assignee_id FROM publications WHERE id = $1', [id]);
      expect(item).toEqual({ status: 'withdrawn', stage_level: null, assignee_id: null });
      expect((await counts(id)).events).toBe(4);
    });
  });

  describe('sendReminder', () => {
    it('notifies the assignee once and records it on the timeline, however often it is retried', async () => {
      const id = await createDraft(ds, org);
      const workflowId = `publication:${id}`;
      await acts.recordTransition(
        transition(id, 1, 'assigned', { stage: stage(SECTION, org.head, '2025-11-03T02:00:00.000Z') }, '2025-11-03T02:00:00.000Z'),
      );
      const reminder = { workflowId, publicationId: id, seq: 2, assigneeId: org.head, level: 1 };
      await acts.sendReminder(reminder);
      await acts.sendReminder(reminder);
      const notes = await ds.query('SELECT user_id, kind, message FROM notifications WHERE publication_id = $1', [id]);
      expect(notes).toEqual([{ user_id: org.head, kind: 'reminder', message: expect.stringContaining('第 1 级审核') }]);
      const events = await ds.query(`SELECT seq FROM timeline_events WHERE publication_id = $1 AND kind = 'reminded'`, [id]);
      expect(events).toEqual([{ seq: 2 }]);
      const [task] = await ds.query('SELECT reminded_at FROM review_tasks WHERE publication_id = $1', [id]);
      expect(task.reminded_at).toBeInstanceOf(Date);
    });
  });

  describe('publish', () => {
    const pinned = new Date('2025-11-20T04:00:00.000Z');
    let publisher: PublicationActivities;
    let publishOrg: TestOrg;

    beforeAll(async () => {
      // A fresh organisation code, so its 2025 series starts at 1.
      publishOrg = await createTestOrg(ds);
      publisher = createPublicationActivities(ds, { now: () => pinned, portalWebhookUrl: undefined });
    });

    it('hands 50 concurrent publications 50 distinct serials without a gap, and a repeat returns the same number', async () => {
      const ids = await Promise.all(Array.from({ length: 50 }, () => createDraft(ds, publishOrg)));
      const results = await Promise.all(
        ids.map((id) => publisher.publish({ workflowId: `publication:${id}`, publicationId: id, version: 1, writtenDate: '2025-11-18' })),
      );
      const serials = results.map((r) => Number(r.indexNumber.split('-').pop())).sort((a, b) => a - b);
      expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(results[0].indexNumber).toMatch(new RegExp(`^${publishOrg.code}/2025-\\d{5}$`));

      const again = await publisher.publish({ workflowId: `publication:${ids[7]}`, publicationId: ids[7], version: 1, writtenDate: '2025-11-18' });
      expect(again).toEqual(results[7]);
      const [{ n }] = await ds.query(
        'SELECT count(*)::int AS n FROM catalog_entries WHERE organisation_id = $1',
        [publishOrg.id],
      );
      expect(n).toBe(50);
    });

    it('writes the catalogue entry with the item’s metadata and flags late publication as overdue', async () => {
      const late = await createDraft(ds, publishOrg, { writtenDate: '2025-09-01', category: '规范性文件' });
      const result = await publisher.publish({ workflowId: `publication:${late}`, publicationId: late, version: 1, writtenDate: '2025-09-01' });
      expect(result).toMatchObject({ overdue: true, publishedAt: pinned.toISOString() });
      const [entry] = await ds.query(
        `SELECT organisation_name, department_name, category_name, parent_category_name, title, document_number,
                written_date::text AS written_date, validity, disclosure_method, scope, status, version, attachments
           FROM catalog_entries WHERE publication_id = $1`,
        [late],
      );
      expect(entry).toEqual({
        organisation_name: '测试市测试局',
        department_name: '测试一科',
        category_name: '规范性文件',
        parent_category_name: '政策文件',
        title: '关于开展2025年秋季学期安全检查的通知',
        document_number: '测教〔2025〕3号',
        written_date: '2025-09-01',
        validity: '现行有效',
        disclosure_method: '主动公开',
        scope: '面向社会',
        status: 'published',
        version: 1,
        attachments: [{ name: '检查表.pdf', size: 1024, sha256: 'a'.repeat(64) }],
      });
      const [item] = await ds.query('SELECT index_number, published_at, overdue FROM publications WHERE id = $1', [late]);
      expect(item).toEqual({ index_number: result.indexNumber, published_at: pinned, overdue: true });

      // Written 2025-10-24: 20 working days end on 2025-11-21, after the pinned 20 November.
      const onTime = await createDraft(ds, publishOrg, { writtenDate: '2025-10-24' });
      expect((await publisher.publish({ workflowId: `publication:${onTime}`, publicationId: onTime, version: 1, writtenDate: '2025-10-24' })).overdue).toBe(false);
    });

    it('dates the publication by the workflow’s clock when the review passes it (local activity, drill clock), and refuses a malformed one', async () => {
      const id = await createDraft(ds, publishOrg, { writtenDate: '2025-10-24' });
      const at = '2025-12-01T02:00:00.000Z';
      const result = await publisher.publish({ workflowId: `publication:${id}`, publicationId: id, version: 1, writtenDate: '2025-10-24', at });
      // 1 December is past the 20 working days from 24 October; the pinned clock (20 November) would say on time.
      expect(result).toMatchObject({ publishedAt: at, overdue: true });
      const other = await createDraft(ds, publishOrg);
      await expect(
        publisher.publish({ workflowId: `publication:${other}`, publicationId: other, version: 1, writtenDate: '2025-11-18', at: 'yesterday' }),
      ).rejects.toMatchObject({ type: 'InvalidPublishRequest', nonRetryable: true });
    });

    it('retracts by marking the catalogue entry withdrawn, never deleting it', async () => {
      const id = await createDraft(ds, publishOrg);
      const { indexNumber } = await publisher.publish({ workflowId: `publication:${id}`, publicationId: id, version: 1, writtenDate: '2025-11-18' });
      const retract = { publicationId: id, reason: '政策已调整', actorId: publishOrg.principal, at: '2025-11-25T02:00:00.000Z' };
      await publisher.retractFromCatalog(retract);
      await publisher.retractFromCatalog({ ...retract, reason: '重复调用', at: '2025-11-26T02:00:00.000Z' });
      const [entry] = await ds.query(
        'SELECT index_number, status, withdrawn_at, withdrawn_reason, withdrawn_by FROM catalog_entries WHERE publication_id = $1',
        [id],
      );
      expect(entry).toEqual({
        index_number: indexNumber,
        status: 'withdrawn',
        withdrawn_at: new Date(retract.at),
        withdrawn_reason: '政策已调整',
        withdrawn_by: publishOrg.principal,
      });
      const unpublished = await createDraft(ds, publishOrg);
      await expect(publisher.retractFromCatalog({ ...retract, publicationId: unpublished })).rejects.toMatchObject({
        type: 'NotInCatalog',
      });
    });
  });

  describe('notifyPortal', () => {
    let server: http.Server;
    let url: string;
    const received: { key: string | undefined; body: { event: string; indexNumber: string; entry: { title: string } | null } }[] = [];
    let answer = 200;

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let data = '';
        req.on('data', (c: Buffer) => (data += c.toString()));
        req.on('end', () => {
          received.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(data) });
          res.statusCode = answer;
          res.end(answer < 300 ? '{"ok":true}' : 'boom');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    beforeEach(() => {
      received.length = 0;
      answer = 200;
    });

    const published = async (portal: PublicationActivities) => {
      const id = await createDraft(ds, org);
      const { indexNumber } = await portal.publish({ workflowId: `publication:${id}`, publicationId: id, version: 1, writtenDate: '2025-11-18' });
      return { id, indexNumber };
    };

    it('delivers once with an idempotency key, even when the activity runs twice', async () => {
      const portal = createPublicationActivities(ds, { portalWebhookUrl: url });
      const { id, indexNumber } = await published(portal);
      await portal.notifyPortal({ publicationId: id, indexNumber, event: 'published' });
      await portal.notifyPortal({ publicationId: id, indexNumber, event: 'published' });
      expect(received).toHaveLength(1);
      expect(received[0].key).toBe(`${id}:published`);
      expect(received[0].body).toMatchObject({ event: 'published', indexNumber, entry: { title: '关于开展2025年秋季学期安全检查的通知' } });
      const [row] = await ds.query('SELECT status, attempts FROM portal_deliveries WHERE idempotency_key = $1', [`${id}:published`]);
      expect(row).toEqual({ status: 'delivered', attempts: 1 });
    });

    it('delivers once when two attempts race (a retry overlapping a slow first attempt)', async () => {
      const portal = createPublicationActivities(ds, { portalWebhookUrl: url });
      const { id, indexNumber } = await published(portal);
      const call = () => portal.notifyPortal({ publicationId: id, indexNumber, event: 'published' });
      await Promise.all([call(), call(), call()]);
      expect(received.map((r) => r.key)).toEqual([`${id}:published`]);
    });

    it('throws on a non-2xx answer so Temporal retries, and delivers on the retry', async () => {
      const portal = createPublicationActivities(ds, { portalWebhookUrl: url });
      const { id, indexNumber } = await published(portal);
      answer = 500;
      const failure = await portal.notifyPortal({ publicationId: id, indexNumber, event: 'published' }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'PortalDeliveryFailed', nonRetryable: false });
      const [failed] = await ds.query('SELECT status, attempts, response_status FROM portal_deliveries WHERE idempotency_key = $1', [
        `${id}:published`,
      ]);
      expect(failed).toEqual({ status: 'failed', attempts: 1, response_status: 500 });
      answer = 200;
      await portal.notifyPortal({ publicationId: id, indexNumber, event: 'published' });
      await portal.notifyPortal({ publicationId: id, indexNumber, event: 'published' });
      expect(received.map((r) => r.key)).toEqual([`${id}:published`, `${id}:published`]);
    });

    it('records a skipped delivery when no portal is configured', async () => {
      const { id, indexNumber } = await published(acts);
      await acts.notifyPortal({ publicationId: id, indexNumber, event: 'published' });
      const [row] = await ds.query('SELECT status FROM portal_deliveries WHERE idempotency_key = $1', [`${id}:published`]);
      expect(row).toEqual({ status: 'skipped' });
      expect(received).toHaveLength(0);
    });
  });

  describe('wiring', () => {
    it('createActivities({ dataSource }) registers every activity of every workflow family', () => {
      const all = createActivities({ dataSource: ds });
      expect(Object.keys(all).sort()).toEqual(
        [
          'assignStage',
          'confirmActorKey',
          'escalationTarget',
          'notifyPortal',
          'projectPackage',
          'publish',
          'publishedInterpretations',
          'recordTransition',
          'resolveRoute',
          'retractFromCatalog',
          'screenDraft',
          'sendReminder',
          'stageDeadlines',
          // 政策解读's deferred interpretations
          'deferredSchedule',
          'prepareRelease',
          'notifyDeferred',
          // 征求意见
          'projectConsultation',
          'closeWindow',
          'moveClosing',
          'feedbackSchedule',
          'notifyFeedback',
          // 依申请公开
          'readRequestClock',
          'workingDaysAfter',
          'projectRequest',
          'notifyRequest',
        ].sort(),
      );
    });

    it('every entity column exists in the migrated schema', async () => {
      const columns: { table_name: string; column_name: string }[] = await ds.query(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
      );
      const have = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
      const missing = entities.flatMap((e) => {
        const meta = ds.getMetadata(e);
        return meta.columns.map((c) => `${meta.tableName}.${c.databaseName}`).filter((k) => !have.has(k));
      });
      expect(missing).toEqual([]);
    });
  });
});
