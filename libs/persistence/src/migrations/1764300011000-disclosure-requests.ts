import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disclosure on request (依申请公开, issue 13): the request as its
 * `disclosure-request:<id>` workflow projects it (newest sequence wins), its
 * requester (staff-only: never in a public view — the public tracking answer
 * is the status and due date), and every event with its effect on the clock.
 * The office head (政务公开办负责人) is a role of its own: only they approve an
 * extension.
 */
export class DisclosureRequests1764300011000 implements MigrationInterface {
  name = 'DisclosureRequests1764300011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP CONSTRAINT users_roles_check');
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_roles_check
         CHECK (roles <@ ARRAY['author', 'section_head', 'leader', 'principal', 'office', 'office_head']::text[])`,
    );
    await q.query(`
      CREATE TABLE disclosure_requests (
        id uuid PRIMARY KEY,
        tracking_code text NOT NULL UNIQUE,
        organisation_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('awaiting_confirmation', 'registered', 'awaiting_clarification', 'third_party', 'replying', 'closed')),
        requester_kind text NOT NULL CHECK (requester_kind IN ('natural_person', 'legal_person')),
        requester_category text CHECK (requester_category IN ('commercial', 'research', 'public_interest', 'legal_services', 'other')),
        requester_name text NOT NULL,
        requester_id_number text,
        requester_contact text NOT NULL,
        requester_address text,
        content text NOT NULL,
        purpose text,
        channel text NOT NULL CHECK (channel IN ('in_person', 'registered_post', 'ordinary_post', 'online', 'fax', 'email')),
        received_on date,
        due_on date,
        clock_running boolean NOT NULL DEFAULT false,
        extended boolean NOT NULL DEFAULT false,
        outcome text,
        issued_on date,
        on_time boolean,
        overdue boolean NOT NULL DEFAULT false,
        registered_by text,
        projected_seq integer NOT NULL DEFAULT 0,
        state jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX disclosure_requests_status_due_idx ON disclosure_requests (status, due_on)');
    await q.query('CREATE INDEX disclosure_requests_received_idx ON disclosure_requests (received_on)');
    await q.query(`
      CREATE TABLE disclosure_request_events (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES disclosure_requests (id),
        workflow_id text NOT NULL,
        seq integer NOT NULL,
        kind text NOT NULL,
        actor_id text,
        actor_name text,
        note text,
        due_on date,
        at timestamptz NOT NULL,
        UNIQUE (workflow_id, seq)
      )`);
    await q.query('CREATE INDEX disclosure_request_events_request_idx ON disclosure_request_events (request_id, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE disclosure_request_events');
    await q.query('DROP TABLE disclosure_requests');
    await q.query(`UPDATE users SET roles = array_remove(roles, 'office_head')`);
    await q.query('ALTER TABLE users DROP CONSTRAINT users_roles_check');
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (roles <@ ARRAY['author', 'section_head', 'leader', 'principal', 'office']::text[])`);
  }
}
