/**
 * Disclosure requests (依申请公开): the request as its workflow projects it,
 * and its events (each change of the clock, explained). The requester's
 * personal data is read only by staff queries; the public tracking query
 * selects the status and the due date and nothing else.
 */
import type { RequestOutcome, RequestTransition } from '@gongkai/contracts';
import { DisclosureRequestRecord } from '../entities/disclosure-request.entities';
import { columnsOf, managerOf, queryRows, type Db } from './query-rows';

export type NewDisclosureRequest = Pick<
  DisclosureRequestRecord,
  | 'id'
  | 'trackingCode'
  | 'organisationId'
  | 'status'
  | 'requesterKind'
  | 'requesterCategory'
  | 'requesterName'
  | 'requesterIdNumber'
  | 'requesterContact'
  | 'requesterAddress'
  | 'content'
  | 'purpose'
  | 'channel'
  | 'receivedOn'
  | 'registeredBy'
>;

const FIELDS = [
  'id', 'trackingCode', 'organisationId', 'status', 'requesterKind', 'requesterCategory', 'requesterName', 'requesterIdNumber',
  'requesterContact', 'requesterAddress', 'content', 'purpose', 'channel', 'receivedOn', 'dueOn', 'clockRunning', 'extended',
  'outcome', 'issuedOn', 'onTime', 'overdue', 'registeredBy', 'projectedSeq', 'state', 'createdAt',
] as const;
export type DisclosureRequestRow = Pick<DisclosureRequestRecord, (typeof FIELDS)[number]>;

export interface RequestEventRow {
  kind: string;
  actorName: string | null;
  note: string | null;
  dueOn: string | null;
  at: Date;
}

export interface RequestFactRow {
  requesterKind: DisclosureRequestRecord['requesterKind'];
  requesterCategory: DisclosureRequestRecord['requesterCategory'];
  receivedOn: string;
  closedOn: string | null;
  outcome: RequestOutcome | null;
}

export interface DisclosureRequestFilters {
  /** The caller's organisation: staff see only the requests made to their own agency. */
  organisationId?: string;
  status?: string;
  /** Open requests due on or before this civil date. */
  dueBefore?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

/** An open request as /tasks and the board need it: where it stands, its due date and whose move it is. */
export interface OpenRequestRow {
  id: string;
  trackingCode: string;
  organisationId: string;
  status: DisclosureRequestRecord['status'];
  requesterName: string;
  content: string;
  receivedOn: string | null;
  dueOn: string | null;
  clockRunning: boolean;
  extended: boolean;
  overdue: boolean;
  /** The reply's own stage (awaiting_approval, approved, returned) while one is drafted. */
  replyStatus: string | null;
  /** Working days still to count when the clock stopped (budget less counted), from the last reading. */
  remaining: number | null;
  createdAt: Date;
}

export class DisclosureRequestRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): DisclosureRequestRepository {
    return new DisclosureRequestRepository(m);
  }

  async insert(r: NewDisclosureRequest): Promise<void> {
    await this.db.query(
      `INSERT INTO disclosure_requests (id, tracking_code, organisation_id, status, requester_kind, requester_category, requester_name,
         requester_id_number, requester_contact, requester_address, content, purpose, channel, received_on, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        r.id, r.trackingCode, r.organisationId, r.status, r.requesterKind, r.requesterCategory, r.requesterName, r.requesterIdNumber,
        r.requesterContact, r.requesterAddress, r.content, r.purpose, r.channel, r.receivedOn, r.registeredBy,
      ],
    );
  }

  async find(id: string): Promise<DisclosureRequestRow | undefined> {
    const [row] = await queryRows<DisclosureRequestRow>(this.db, `SELECT ${columnsOf(this.db, DisclosureRequestRecord, 'r', FIELDS)} FROM disclosure_requests r WHERE r.id = $1`, [id]);
    return row;
  }

  /** The public tracking answer: status and due date only. */
  async tracking(trackingCode: string): Promise<Pick<DisclosureRequestRow, 'status' | 'receivedOn' | 'dueOn' | 'issuedOn'> | undefined> {
    const [row] = await queryRows<Pick<DisclosureRequestRow, 'status' | 'receivedOn' | 'dueOn' | 'issuedOn'>>(
      this.db,
      `SELECT status, received_on::text AS "receivedOn", due_on::text AS "dueOn", issued_on::text AS "issuedOn"
       FROM disclosure_requests WHERE tracking_code = $1`,
      [trackingCode],
    );
    return row;
  }

  async list(f: DisclosureRequestFilters): Promise<{ rows: DisclosureRequestRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (f.organisationId) {
      params.push(f.organisationId);
      where.push(`r.organisation_id = $${params.length}`);
    }
    if (f.status) {
      params.push(f.status);
      where.push(`r.status = $${params.length}`);
    }
    if (f.dueBefore) {
      params.push(f.dueBefore);
      where.push(`r.status <> 'closed' AND r.due_on <= $${params.length}::date`);
    }
    if (f.overdue !== undefined) {
      params.push(f.overdue);
      where.push(`r.overdue = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM disclosure_requests r ${clause}`, params);
    const rows = await queryRows<DisclosureRequestRow>(
      this.db,
      `SELECT ${columnsOf(this.db, DisclosureRequestRecord, 'r', FIELDS)} FROM disclosure_requests r ${clause}
       ORDER BY r.status = 'closed', r.due_on NULLS LAST, r.created_at DESC, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    );
    return { rows, total };
  }

  /**
   * The year's requests as table 3 counts them (libs/domain requestTable):
   * received by the end of the year and not closed before it starts. Online
   * filings not yet confirmed have no receipt date and are not counted.
   */
  annualFacts(organisationId: string, year: number): Promise<RequestFactRow[]> {
    return queryRows<RequestFactRow>(
      this.db,
      `SELECT requester_kind AS "requesterKind", requester_category AS "requesterCategory", received_on::text AS "receivedOn",
         CASE WHEN status = 'closed' THEN issued_on::text END AS "closedOn", CASE WHEN status = 'closed' THEN outcome END AS outcome
       FROM disclosure_requests
       WHERE organisation_id = $1 AND received_on IS NOT NULL AND received_on <= make_date($2, 12, 31)
         AND (status <> 'closed' OR issued_on >= make_date($2, 1, 1))`,
      [organisationId, year],
    );
  }

  /** Requests not yet closed, of one organisation or all, oldest first. */
  open(organisationId?: string): Promise<OpenRequestRow[]> {
    return queryRows<OpenRequestRow>(
      this.db,
      `SELECT id, tracking_code AS "trackingCode", organisation_id AS "organisationId", status, requester_name AS "requesterName", content,
         received_on::text AS "receivedOn", due_on::text AS "dueOn", clock_running AS "clockRunning", extended, overdue,
         state->'reply'->>'status' AS "replyStatus", (state->'reading'->>'remaining')::int AS remaining, created_at AS "createdAt"
       FROM disclosure_requests
       WHERE status <> 'closed' AND ($1::text IS NULL OR organisation_id = $1)
       ORDER BY created_at, id`,
      [organisationId ?? null],
    );
  }

  /** Requests closed with a reply date in `year`: how many on time and how many late. */
  async closedInYear(year: number): Promise<{ onTime: number; late: number }> {
    const [row] = await queryRows<{ onTime: number; late: number }>(
      this.db,
      `SELECT count(*) FILTER (WHERE on_time IS NOT FALSE)::int AS "onTime", count(*) FILTER (WHERE on_time IS FALSE)::int AS late
       FROM disclosure_requests
       WHERE status = 'closed' AND issued_on >= make_date($1, 1, 1) AND issued_on <= make_date($1, 12, 31)`,
      [year],
    );
    return row;
  }

  /** Requests not yet closed (their clocks are re-read after a calendar import). */
  async openIds(): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(this.db, `SELECT id FROM disclosure_requests WHERE status <> 'closed' ORDER BY id`);
    return rows.map((r) => r.id);
  }

  events(requestId: string): Promise<RequestEventRow[]> {
    return queryRows<RequestEventRow>(
      this.db,
      `SELECT kind, actor_name AS "actorName", note, due_on::text AS "dueOn", at FROM disclosure_request_events WHERE request_id = $1 ORDER BY at, seq`,
      [requestId],
    );
  }

  /** One transition, idempotent: the event once (workflow id + seq), the row only over an older projection. */
  async project(t: RequestTransition): Promise<void> {
    const s = t.state;
    await managerOf(this.db).transaction(async (m) => {
      await m.query(
        `INSERT INTO disclosure_request_events (request_id, workflow_id, seq, kind, actor_id, actor_name, note, due_on, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workflow_id, seq) DO NOTHING`,
        [s.requestId, t.workflowId, t.seq, t.kind, t.actorId ?? null, t.actorName ?? null, t.note ?? null, s.reading?.dueOn ?? null, t.at],
      );
      await m.query(
        `UPDATE disclosure_requests SET status = $3, received_on = $4, due_on = $5, clock_running = $6, extended = $7, outcome = $8,
           issued_on = $9, on_time = $10, overdue = $11, state = $12, projected_seq = $2, updated_at = now()
         WHERE id = $1 AND projected_seq < $2`,
        [
          s.requestId,
          t.seq,
          s.status,
          s.receivedOn ?? null,
          s.reading?.dueOn ?? null,
          s.reading?.running ?? false,
          s.extended,
          s.outcome ?? null,
          s.issuedOn ?? null,
          s.onTime ?? null,
          s.overdue,
          JSON.stringify(s),
        ],
      );
    });
  }
}
