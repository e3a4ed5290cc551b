/**
 * The audit timeline of a publication (`timeline_events`). Every row enters
 * through `append`, the one INSERT into the table:
 *  - a workflow transition or reminder carries (workflowId, seq): a replay inserts nothing;
 *  - a refusal the API writes itself has no seq (NULLs never conflict): one row each;
 *  - a counted refusal carries `countedAs`: one row per (item, key, user, clock hour)
 *    whose detail counts the attempts. The upsert takes the row's lock, so concurrent
 *    attempts each add one; the hour is the database's, so every replica agrees on it.
 */
import { TimelineEventRecord } from '../entities/publication.entities';
import type { Db } from './query-rows';

export type TimelineEvent = Pick<TimelineEventRecord, 'id' | 'seq' | 'kind' | 'actorId' | 'actorName' | 'version' | 'at' | 'detail'>;

export type TimelineEntry = Pick<TimelineEventRecord, 'workflowId' | 'seq' | 'publicationId' | 'kind' | 'actorId' | 'actorName' | 'version' | 'detail'> & {
  /** Default: the database's now(). */
  at?: Date | string;
  /** The dedupe key's prefix (e.g. `refused:approve`); the hour and the actor complete it. */
  countedAs?: string;
};

const INSERT = `INSERT INTO timeline_events (workflow_id, seq, publication_id, kind, actor_id, actor_name, version, at, detail, dedupe_key)
  VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()), $9,
          CASE WHEN $10::text IS NULL THEN NULL
               ELSE concat_ws(':', $10::text, to_char(date_trunc('hour', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24'), $5::text) END)`;

const ONCE_PER_SEQ = 'ON CONFLICT (workflow_id, seq) DO NOTHING';

const COUNTED = `ON CONFLICT (publication_id, dedupe_key) WHERE dedupe_key IS NOT NULL
  DO UPDATE SET version = EXCLUDED.version,
    detail = timeline_events.detail || jsonb_build_object('reason', EXCLUDED.detail->'reason', 'count', (timeline_events.detail->>'count')::int + 1, 'lastAt', now())`;

export class TimelineRepository {
  constructor(private readonly db: Db) {}

  /** A repository on the caller's transaction. */
  in(m: Db): TimelineRepository {
    return new TimelineRepository(m);
  }

  async append(e: TimelineEntry): Promise<void> {
    await this.db.query(`${INSERT} ${e.countedAs === undefined ? ONCE_PER_SEQ : COUNTED}`, [
      e.workflowId,
      e.seq,
      e.publicationId,
      e.kind,
      e.actorId,
      e.actorName,
      e.version,
      e.at ?? null,
      e.detail === null ? null : JSON.stringify(e.detail),
      e.countedAs ?? null,
    ]);
  }

  /** The item's events, oldest first. */
  forPublication(publicationId: string): Promise<TimelineEvent[]> {
    return this.db.getRepository(TimelineEventRecord).find({
      select: { id: true, seq: true, kind: true, actorId: true, actorName: true, version: true, at: true, detail: true },
      where: { publicationId },
      order: { at: 'ASC', id: 'ASC' },
    });
  }
}
