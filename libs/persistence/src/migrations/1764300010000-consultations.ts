import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public consultation (征求意见, issue 12). `consultations` is the read model
 * the `consultation:<id>` workflow projects (newest sequence wins) plus the
 * window as the publish and close transactions write it: a comment is accepted
 * only inside a transaction that sees the row `open` and before `closes_at`
 * (FOR SHARE, so closing — FOR UPDATE — waits for comments in flight and no
 * comment lands after it). Comments are grouped into clusters by their
 * normalised text; one disposition answers a cluster, and every disposition
 * is kept in `consultation_dispositions` (who decided what, when). Contacts
 * and names are staff-only columns, never part of a public view.
 */
export class Consultations1764300010000 implements MigrationInterface {
  name = 'Consultations1764300010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consultations (
        id uuid PRIMARY KEY,
        notice_publication_id uuid NOT NULL UNIQUE REFERENCES publications (id),
        organisation_id text NOT NULL,
        department_id text NOT NULL,
        author_id text NOT NULL,
        author_name text NOT NULL,
        title text NOT NULL,
        draft_body text NOT NULL,
        explanation text NOT NULL,
        days integer NOT NULL CHECK (days BETWEEN 1 AND 365),
        short_reason text,
        contact text,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'open', 'closed', 'concluded', 'withdrawn')),
        opens_at timestamptz,
        closes_at timestamptz,
        closed_at timestamptz,
        extensions jsonb NOT NULL DEFAULT '[]',
        notice_index_number text,
        feedback_publication_id uuid REFERENCES publications (id),
        feedback_index_number text,
        feedback_due_at timestamptz,
        feedback_late boolean NOT NULL DEFAULT false,
        projected_seq integer NOT NULL DEFAULT 0,
        state jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX consultations_status_idx ON consultations (status, closes_at)');
    await q.query('CREATE INDEX consultations_department_idx ON consultations (department_id, created_at DESC)');
    await q.query(`
      CREATE TABLE consultation_clusters (
        id bigserial PRIMARY KEY,
        consultation_id uuid NOT NULL REFERENCES consultations (id),
        fingerprint text NOT NULL,
        size integer NOT NULL DEFAULT 0,
        sample_text text NOT NULL,
        decision text CHECK (decision IN ('adopted', 'partly_adopted', 'not_adopted', 'not_applicable')),
        reason text,
        decided_by text,
        decided_at timestamptz,
        UNIQUE (consultation_id, fingerprint)
      )`);
    await q.query(`
      CREATE TABLE consultation_comments (
        id bigserial PRIMARY KEY,
        consultation_id uuid NOT NULL REFERENCES consultations (id),
        cluster_id bigint NOT NULL REFERENCES consultation_clusters (id),
        receipt text NOT NULL UNIQUE,
        text text NOT NULL,
        name text,
        contact text,
        clause text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX consultation_comments_consultation_idx ON consultation_comments (consultation_id, id)');
    await q.query('CREATE INDEX consultation_comments_cluster_idx ON consultation_comments (cluster_id)');
    await q.query(`
      CREATE TABLE consultation_dispositions (
        id bigserial PRIMARY KEY,
        cluster_id bigint NOT NULL REFERENCES consultation_clusters (id),
        decision text NOT NULL,
        reason text,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX consultation_dispositions_cluster_idx ON consultation_dispositions (cluster_id, at)');
    // A notice and its feedback report link each other in the catalogue, as a policy and its interpretations do.
    await q.query('ALTER TABLE catalog_entry_links DROP CONSTRAINT catalog_entry_links_relation_check');
    await q.query(
      `ALTER TABLE catalog_entry_links ADD CONSTRAINT catalog_entry_links_relation_check
         CHECK (relation IN ('interpreted_by', 'interprets', 'feedback', 'feedback_on'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM catalog_entry_links WHERE relation IN ('feedback', 'feedback_on')`);
    await q.query('ALTER TABLE catalog_entry_links DROP CONSTRAINT catalog_entry_links_relation_check');
    await q.query(`ALTER TABLE catalog_entry_links ADD CONSTRAINT catalog_entry_links_relation_check CHECK (relation IN ('interpreted_by', 'interprets'))`);
    await q.query('DROP TABLE consultation_dispositions');
    await q.query('DROP TABLE consultation_comments');
    await q.query('DROP TABLE consultation_clusters');
    await q.query('DROP TABLE consultations');
  }
}
