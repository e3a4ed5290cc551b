import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password sign-in for the web app (issue 10) and the indexes the leaders'
 * dashboard reads with:
 *
 * - `users.password_hash`: Argon2id (PHC string); NULL means "no password
 *   sign-in" (the user still works with bearer tokens);
 * - `sessions`: one row per signed-in browser, keyed by the SHA-256 of the
 *   cookie value, so a copy of the table cannot be replayed as cookies;
 * - `sign_in_lockouts`: consecutive failures per normalised username, whether
 *   or not such a user exists (the answer never reveals existence);
 * - `sign_in_events`: the audit trail of every attempt.
 */
export class SignInAndDashboard1764300007000 implements MigrationInterface {
  name = 'SignInAndDashboard1764300007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN password_hash text');
    await q.query(`
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX sessions_user_idx ON sessions (user_id)');
    await q.query('CREATE INDEX sessions_expires_idx ON sessions (expires_at)');
    await q.query(`
      CREATE TABLE sign_in_lockouts (
        username text PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        last_failure_at timestamptz,
        locked_until timestamptz
      )`);
    await q.query(`
      CREATE TABLE sign_in_events (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        user_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'locked')),
        locked_until timestamptz,
        ip text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX sign_in_events_username_idx ON sign_in_events (username, at)');
    await q.query('CREATE INDEX sign_in_events_at_idx ON sign_in_events (at)');

    // The dashboard: items published in a date range, read index-only (department and 成文日期 included).
    await q.query(
      'CREATE INDEX publications_published_idx ON publications (published_at, department_id, written_date) WHERE published_at IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX publications_published_idx');
    await q.query('DROP TABLE sign_in_events');
    await q.query('DROP TABLE sign_in_lockouts');
    await q.query('DROP TABLE sessions');
    await q.query('ALTER TABLE users DROP COLUMN password_hash');
  }
}
