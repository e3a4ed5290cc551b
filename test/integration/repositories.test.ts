/**
 * The repositories of libs/persistence against the real test Postgres, where
 * they hold logic of their own: the one timeline INSERT and its three kinds of
 * row, rows returned in the entities' shape, who may read an item, idempotency
 * keys, projections that only move forward, transactions a repository joins,
 * and what the public catalogue hides.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor, PublicationReviewState, TransitionRecord } from '@gongkai/contracts/publication';
import {
  CatalogueRepository,
  itemShowsReadAccess,
  PublicationRepository,
  TimelineRepository,
  type NewDraft,
} from '@gongkai/persistence/repositories';
import { seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource } from '../support/database';

const AUTHOR: Actor = { userId: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author'] };
const OTHER_SECTION: Actor = { userId: 'sunli', name: '孙丽', departmentId: 'zhengce', roles: ['author'] };
const OFFICE: Actor = { userId: 'zhaomin', name: '赵敏', departmentId: 'bangongshi', roles: ['office'] };

function draft(id: string, overrides: Partial<NewDraft> = {}): NewDraft {
  return {
    id,
    organisationId: 'demo',
    departmentId: 'jichu',
    authorId: AUTHOR.userId,
    authorName: AUTHOR.name,
    category: '通知公告',
    attribute: 'proactive',
    attributeReason: null,
    documentNumber: null,
    writtenDate: '2026-03-02',
    validity: '现行有效',
    title: `仓储测试 ${id.slice(0, 8)}`,
    body: '正文',
    bodyFormat: 'text',
    attachments: [],
    ...overrides,
  };
}

function transition(id: string, seq: number, state: Partial<PublicationReviewState>): TransitionRecord {
  return {
    workflowId: `publication:${id}`,
    publicationId: id,
    seq,
    kind: 'submitted',
    version: 1,
    at: new Date('2026-03-02T02:00:00Z').toISOString(),
    state: { publicationId: id, status: 'in_review', phase: 'review', version: 1, route: [], decisions: [], findings: [], warningsAcknowledged: false, ...state },
  } as TransitionRecord;
}

describe('repositories on PostgreSQL', () => {
  let ds: DataSource;
  let publications: PublicationRepository;
  let timeline: TimelineRepository;
  let catalogue: CatalogueRepository;

  beforeAll(async () => {
    ds = await openTestDataSource();
    await seedDemoOrganisation(ds);
    publications = new PublicationRepository(ds);
    timeline = new TimelineRepository(ds);
    catalogue = new CatalogueRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  async function newItem(overrides: Partial<NewDraft> = {}): Promise<string> {
    const id = randomUUID();
    await publications.insertDraft(draft(id, overrides));
    return id;
  }

  describe('TimelineRepository.append', () => {
    const base = (id: string) => ({ workflowId: `publication:${id}`, publicationId: id, actorId: AUTHOR.userId, actorName: AUTHOR.name, version: 1 });

    it('writes a workflow event once per (workflowId, seq), however often it is retried', async () => {
      const id = await newItem();
      const event = { ...base(id), seq: 1, kind: 'submitted', at: new Date('2026-03-02T02:00:00Z'), detail: { note: 'first' } };
      await timeline.append(event);
      await timeline.append({ ...event, detail: { note: 'retry' } });
      const events = await timeline.forPublication(id);
      expect(events).toEqual([
        { id: expect.any(String), seq: 1, kind: 'submitted', actorId: 'zhangwei', actorName: '张伟', version: 1, at: new Date('2026-03-02T02:00:00Z'), detail: { note: 'first' } },
      ]);
    });

    it('writes a row each time for an event without seq, dated by the database when no instant is given', async () => {
      const id = await newItem();
      const before = await ds.query('SELECT now() AS now');
      await timeline.append({ ...base(id), seq: null, kind: 'refused', detail: { action: 'approve', reason: 'r' } });
      await timeline.append({ ...base(id), seq: null, kind: 'refused', detail: { action: 'approve', reason: 'r' } });
      const events = await timeline.forPublication(id);
      expect(events.map((e) => [e.kind, e.seq])).toEqual([
        ['refused', null],
        ['refused', null],
      ]);
      expect(events[0].at.getTime()).toBeGreaterThanOrEqual((before[0].now as Date).getTime());
    });

    it('counts a repeated refusal on one row per action, user and hour, keeping the latest reason', async () => {
      const id = await newItem();
      const counted = (reason: string, action = 'approve') => ({
        ...base(id),
        seq: null,
        kind: 'refused',
        detail: { action, reason, count: 1 },
        countedAs: `refused:${action}`,
      });
      await Promise.all([timeline.append(counted('first')), timeline.append(counted('first'))]);
      await timeline.append(counted('second'));
      await timeline.append(counted('other', 'reject'));
      const rows: { detail: Record<string, unknown>; dedupe_key: string }[] = await ds.query(
        `SELECT detail, dedupe_key FROM timeline_events WHERE publication_id = $1 ORDER BY id`,
        [id],
      );
      expect(rows).toHaveLength(2);
      expect(rows[0].detail).toMatchObject({ action: 'approve', reason: 'second', count: 3, lastAt: expect.any(String) });
      expect(rows[0].dedupe_key).toMatch(/^refused:approve:\d{4}-\d{2}-\d{2}T\d{2}:zhangwei$/);
      expect(rows[1].detail).toEqual({ action: 'reject', reason: 'other', count: 1 });
    });
  });

  describe('PublicationRepository', () => {
    it('answers an item in the entity shape: camelCase, the civil date as text, the department name', async () => {
      const id = await newItem({ documentNumber: '教基〔2026〕1号' });
      const item = await publications.find(id);
      expect(item).toMatchObject({
        id,
        departmentId: 'jichu',
        departmentName: '基础教育科',
        writtenDate: '2026-03-02',
        documentNumber: '教基〔2026〕1号',
        status: 'draft',
        projectedSeq: 0,
        stageDeciders: [],
        state: null,
      });
      expect(item?.createdAt).toBeInstanceOf(Date);
      expect(await publications.version(id, 1)).toMatchObject({ version: 1, bodyFormat: 'text', attachments: [], writtenDate: '2026-03-02', createdBy: 'zhangwei' });
    });

    it('lets the department, the author and read-all roles read an item, and nobody else', async () => {
      const id = await newItem();
      const item = (await publications.find(id))!;
      expect(await publications.canRead(AUTHOR, id)).toBe(true);
      expect(await publications.canRead(OFFICE, id)).toBe(true);
      expect(await publications.canRead(OTHER_SECTION, id)).toBe(false);
      // The loaded item agrees with the SQL wherever it can tell.
      expect(itemShowsReadAccess(AUTHOR, item)).toBe(true);
      expect(itemShowsReadAccess(OFFICE, item)).toBe(true);
      expect(itemShowsReadAccess(OTHER_SECTION, item)).toBe(false);
    });

    it('claims an idempotency key once and tells a repeat whether it asked the same', async () => {
      const key = randomUUID();
      const first = randomUUID();
      await publications.transaction(async (tx) => {
        expect(await tx.claimIdempotencyKey('zhangwei', key, first, 'hash-a')).toBeUndefined();
        await tx.insertDraft(draft(first));
      });
      expect(await publications.claimIdempotencyKey('zhangwei', key, randomUUID(), 'hash-a')).toEqual({ publicationId: first, sameRequest: true });
      expect(await publications.claimIdempotencyKey('zhangwei', key, randomUUID(), 'hash-b')).toEqual({ publicationId: first, sameRequest: false });
    });

    it('rolls back everything written in its transaction', async () => {
      const id = randomUUID();
      await expect(
        publications.transaction(async (tx) => {
          await tx.insertDraft(draft(id));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await publications.find(id)).toBeUndefined();
    });

    it('projects a transition only over an older one', async () => {
      const id = await newItem();
      expect(await publications.projectTransition(transition(id, 2, { status: 'in_review' }))).toBe(true);
      expect(await publications.projectTransition(transition(id, 2, { status: 'in_review' }))).toBe(false);
      expect(await publications.projectTransition(transition(id, 1, { status: 'withdrawn', phase: 'withdrawn' }))).toBe(false);
      expect(await publications.find(id)).toMatchObject({ status: 'in_review', projectedSeq: 2 });
      expect(await publications.inReviewIds()).toContain(id);
    });
  });

  describe('CatalogueRepository', () => {
    async function catalogued(attribute: 'proactive' | 'on_request'): Promise<{ id: string; indexNumber: string }> {
      const id = await newItem({ attribute, attributeReason: attribute === 'proactive' ? null : '依申请' });
      const indexNumber = `TEST-${randomUUID()}`;
      await catalogue.insert({
        indexNumber,
        publicationId: id,
        organisationId: 'demo',
        organisationName: '示范市教育局',
        departmentName: '基础教育科',
        category: '通知公告',
        categoryName: '通知公告',
        parentCategoryName: '政务动态',
        title: '目录测试',
        body: attribute === 'proactive' ? '正文' : null,
        bodyFormat: 'text',
        attachments: [],
        documentNumber: null,
        writtenDate: '2026-03-02',
        publishedAt: new Date(),
        validity: '现行有效',
        disclosureMethod: attribute === 'proactive' ? '主动公开' : '依申请公开',
        scope: '面向社会',
        version: 1,
        attribute,
      });
      return { id, indexNumber };
    }

    it('shows the public only 主动公开 entries; the register shows every one with its reason', async () => {
      const open = await catalogued('proactive');
      const onRequest = await catalogued('on_request');
      expect(await catalogue.publicEntry(open.indexNumber)).toMatchObject({ indexNumber: open.indexNumber, body: '正文', writtenDate: '2026-03-02' });
      expect(await catalogue.publicEntry(onRequest.indexNumber)).toBeUndefined();
      const register = await catalogue.registerPage({ attribute: 'on_request', page: 1, pageSize: 100 });
      expect(register.rows.find((r) => r.indexNumber === onRequest.indexNumber)).toMatchObject({
        attribute: 'on_request',
        attributeReason: '依申请',
        publicationId: onRequest.id,
      });
      expect(register.total).toBeGreaterThanOrEqual(1);
      const publicPage = await catalogue.publicPage({ page: 1, pageSize: 100 });
      expect(publicPage.rows.some((r) => r.indexNumber === onRequest.indexNumber)).toBe(false);
      expect(publicPage.rows[0]).not.toHaveProperty('total');
    });

    it('withdraws an entry once: its text goes, the first record of when, why and by whom stays', async () => {
      const entry = await catalogued('proactive');
      expect(await catalogue.withdraw(entry.id, '2026-03-05T01:00:00Z', '第一次', 'chenjun')).toBe(true);
      expect(await catalogue.withdraw(entry.id, '2026-03-06T01:00:00Z', '第二次', 'zhaomin')).toBe(true);
      expect(await catalogue.publicEntry(entry.indexNumber)).toMatchObject({
        status: 'withdrawn',
        body: null,
        withdrawnReason: '第一次',
        withdrawnAt: new Date('2026-03-05T01:00:00Z'),
      });
      expect(await catalogue.withdraw(randomUUID(), new Date(), '无', 'chenjun')).toBe(false);
    });
  });
});
