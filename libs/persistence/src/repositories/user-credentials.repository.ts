import type { DataSource } from 'typeorm';
import type { UserRecord } from '../entities/publication.entities';

/** A user's stored credential: `users.id` and `users.password_hash`. */
export interface Credential {
  userId: UserRecord['id'];
  passwordHash: UserRecord['passwordHash'];
}

/** `users.password_hash`: only ever an Argon2id hash, never a password. */
export class UserCredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The active user whose id is `normalisedUsername` ignoring case. */
  async find(normalisedUsername: string): Promise<Credential | undefined> {
    const rows: { id: string; password_hash: string | null }[] = await this.dataSource.query(
      'SELECT id, password_hash FROM users WHERE lower(id) = $1 AND active ORDER BY id LIMIT 1',
      [normalisedUsername],
    );
    return rows[0] && { userId: rows[0].id, passwordHash: rows[0].password_hash };
  }

  /** Sets the hash; false when there is no such user. */
  async setPasswordHash(userId: string, hash: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, hash]);
    return affected > 0;
  }

  /** Sets the hash only where none is set yet; false when the user has one (or does not exist). */
  async setInitialPasswordHash(userId: string, hash: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      'UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash IS NULL',
      [userId, hash],
    );
    return affected > 0;
  }

  async usersWithoutPassword(ids: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM users WHERE id = ANY($1) AND password_hash IS NULL ORDER BY id', [ids]);
    return rows.map((r) => r.id);
  }
}
