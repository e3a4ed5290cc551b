import type { DataSource } from 'typeorm';
import type { SessionRecord } from '../entities/sign-in.entities';

/** A session as the API checks it: the row without its id (the hash of the cookie). */
export type SessionUser = Pick<SessionRecord, 'userId' | 'csrfToken' | 'createdAt' | 'expiresAt' | 'lastSeenAt'>;

export interface NewSession {
  /** SHA-256 (hex) of the cookie value. */
  id: string;
  userId: string;
  csrfToken: string;
  maxHours: number;
}

/**
 * Web sessions (`sessions`). Times are the database's, so every API replica
 * agrees on when a session expires.
 */
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(s: NewSession): Promise<SessionUser> {
    const rows: RawSession[] = await this.dataSource.query(
      `INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))
       RETURNING ${COLUMNS}`,
      [s.id, s.userId, s.csrfToken, s.maxHours],
    );
    return fromRaw(rows[0]);
  }

  /**
   * The session `id` if it is neither past its absolute end nor idle for
   * `idleMinutes`; marks it seen (at most every 15 seconds, so a page's burst
   * of requests costs one write).
   */
  async use(id: string, idleMinutes: number): Promise<SessionUser | undefined> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [RawSession[], number] = await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now()
       WHERE id = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2)
         AND last_seen_at < now() - interval '15 seconds'
       RETURNING ${COLUMNS}`,
      [id, idleMinutes],
    );
    if (rows[0]) return fromRaw(rows[0]);
    const fresh: RawSession[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sessions WHERE id = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2)`,
      [id, idleMinutes],
    );
    return fresh[0] && fromRaw(fresh[0]);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  /** Drops sessions that can no longer be used (run now and then, e.g. at each sign-in). */
  async deleteExpired(idleMinutes: number): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1)',
      [idleMinutes],
    );
  }
}

const COLUMNS = 'user_id, csrf_token, created_at, expires_at, last_seen_at';

interface RawSession {
  user_id: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

function fromRaw(r: RawSession): SessionUser {
  return { userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at };
}
