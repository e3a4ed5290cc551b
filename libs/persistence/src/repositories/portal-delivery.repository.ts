/**
 * Deliveries to the portal webhook (`portal_deliveries`), one row per
 * `<publicationId>:<event>` key. `lock` holds the row for the caller's
 * transaction, so two concurrent attempts cannot both post.
 */
import type { PortalDeliveryRecord } from '../entities/publication.entities';
import type { Db } from './query-rows';

export type DeliveryKey = Pick<PortalDeliveryRecord, 'idempotencyKey' | 'publicationId' | 'event'>;

export class PortalDeliveryRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): PortalDeliveryRepository {
    return new PortalDeliveryRepository(m);
  }

  /** Records that nothing was sent, and why (kept if the key is already recorded). */
  async skip(d: DeliveryKey, why: string): Promise<void> {
    await this.db.query(
      `INSERT INTO portal_deliveries (idempotency_key, publication_id, event, status, last_error)
       VALUES ($1, $2, $3, 'skipped', $4) ON CONFLICT (idempotency_key) DO NOTHING`,
      [d.idempotencyKey, d.publicationId, d.event, why],
    );
  }

  /** The delivery's status, its row created if need be and locked until the transaction ends. */
  async lock(d: DeliveryKey, url: string): Promise<PortalDeliveryRecord['status']> {
    await this.db.query(
      `INSERT INTO portal_deliveries (idempotency_key, publication_id, event, status, url)
       VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (idempotency_key) DO NOTHING`,
      [d.idempotencyKey, d.publicationId, d.event, url],
    );
    const [row]: Pick<PortalDeliveryRecord, 'status'>[] = await this.db.query(
      'SELECT status FROM portal_deliveries WHERE idempotency_key = $1 FOR UPDATE',
      [d.idempotencyKey],
    );
    return row.status;
  }

  /** One attempt's outcome: delivered, or failed with the answer's status or the error. */
  async recordAttempt(key: string, url: string, outcome: { responseStatus: number | null; problem: string | null }): Promise<void> {
    await this.db.query(
      `UPDATE portal_deliveries SET
         status = $2, attempts = attempts + 1, url = $3, response_status = $4, last_error = $5,
         delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
       WHERE idempotency_key = $1`,
      [key, outcome.problem ? 'failed' : 'delivered', url, outcome.responseStatus, outcome.problem],
    );
  }
}
