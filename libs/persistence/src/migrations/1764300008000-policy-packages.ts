import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy interpretation (政策解读, issue 11): a policy package holds the policy
 * (a publication reviewed by the one 三审 workflow) and its interpretation
 * plan. The rows are the read model the `policy-package:<id>` workflow
 * projects into (newest sequence wins; versions and comments keyed so a
 * retried activity writes once). `catalog_entry_links` links a published
 * policy and its interpretations both ways.
 */
export class PolicyPackages1764300008000 implements MigrationInterface {
  name = 'PolicyPackages1764300008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_packages (
        id uuid PRIMARY KEY,
        policy_publication_id uuid NOT NULL UNIQUE REFERENCES publications (id),
        organisation_id text NOT NULL,
        department_id text NOT NULL,
        lead_id text NOT NULL,
        lead_name text NOT NULL,
        deferral_reason text,
        status text NOT NULL DEFAULT 'drafting',
        projected_seq integer NOT NULL DEFAULT 0,
        state jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE policy_interpretations (
        id uuid PRIMARY KEY,
        package_id uuid NOT NULL REFERENCES policy_packages (id),
        position integer NOT NULL,
        form text NOT NULL,
        owner_id text NOT NULL,
        owner_name text NOT NULL,
        owner_department_id text NOT NULL,
        status text NOT NULL DEFAULT 'drafting',
        version integer NOT NULL DEFAULT 0,
        title text,
        index_number text,
        published_at timestamptz,
        publication_id uuid REFERENCES publications (id)
      )`);
    await q.query('CREATE INDEX policy_interpretations_package_idx ON policy_interpretations (package_id)');
    await q.query('CREATE INDEX policy_interpretations_owner_idx ON policy_interpretations (owner_id, status)');
    await q.query(`
      CREATE TABLE policy_interpretation_versions (
        interpretation_id uuid NOT NULL REFERENCES policy_interpretations (id),
        version integer NOT NULL,
        title text,
        body text NOT NULL,
        author_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (interpretation_id, version)
      )`);
    await q.query(`
      CREATE TABLE policy_interpretation_comments (
        id bigserial PRIMARY KEY,
        interpretation_id uuid NOT NULL REFERENCES policy_interpretations (id),
        workflow_id text NOT NULL,
        seq integer NOT NULL,
        text text NOT NULL,
        quote text,
        author_id text NOT NULL,
        author_name text NOT NULL,
        at timestamptz NOT NULL,
        UNIQUE (workflow_id, seq)
      )`);
    await q.query('CREATE INDEX policy_interpretation_comments_interpretation_idx ON policy_interpretation_comments (interpretation_id, at)');
    await q.query(`
      CREATE TABLE catalog_entry_links (
        index_number text NOT NULL REFERENCES catalog_entries (index_number),
        related_index_number text NOT NULL REFERENCES catalog_entries (index_number),
        relation text NOT NULL CHECK (relation IN ('interpreted_by', 'interprets')),
        form text,
        PRIMARY KEY (index_number, related_index_number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE catalog_entry_links');
    await q.query('DROP TABLE policy_interpretation_comments');
    await q.query('DROP TABLE policy_interpretation_versions');
    await q.query('DROP TABLE policy_interpretations');
    await q.query('DROP TABLE policy_packages');
  }
}
