/** Notifications to users (`notifications`), written once per (workflowId, seq). */
import type { NotificationRecord } from '../entities/publication.entities';
import type { Db } from './query-rows';

export type NewNotification = Pick<NotificationRecord, 'userId' | 'publicationId' | 'kind' | 'message' | 'createdAt'> & {
  workflowId: string;
  seq: number;
};

export class NotificationRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): NotificationRepository {
    return new NotificationRepository(m);
  }

  /** A retried activity inserts nothing the second time. */
  async notifyOnce(n: NewNotification): Promise<void> {
    await this.db.query(
      `INSERT INTO notifications (user_id, publication_id, kind, message, created_at, workflow_id, seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workflow_id, seq) DO NOTHING`,
      [n.userId, n.publicationId, n.kind, n.message, n.createdAt, n.workflowId, n.seq],
    );
  }
}
