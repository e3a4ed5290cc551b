import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publication review (三审): the organisation chart, the 公开目录, review routes
 * and settings, and the read model the review workflow projects into (items,
 * versions, tasks, timeline, catalogue, notifications, portal deliveries).
 * Described for readers of the SQL in docs/publication-data.md.
 */
export class Publication1764300002000 implements MigrationInterface {
  name = 'Publication1764300002000';

  async up(q: QueryRunner): Promise<void> {
    // ------------------------------------------------------------ org chart
    await q.query(`
      CREATE TABLE organisations (
        id text PRIMARY KEY,
        name text NOT NULL,
        code text NOT NULL UNIQUE,
        index_pattern jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE departments (
        id text PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES organisations (id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('section', 'office', 'leadership')),
        UNIQUE (organisation_id, name)
      )`);
    await q.query(`
      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL,
        department_id text NOT NULL REFERENCES departments (id),
        roles text[] NOT NULL DEFAULT '{}'
          CHECK (roles <@ ARRAY['author', 'section_head', 'leader', 'principal', 'office']::text[]),
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query('CREATE INDEX users_department_idx ON users (department_id)');
    await q.query(`
      CREATE TABLE leader_departments (
        leader_id text NOT NULL REFERENCES users (id),
        department_id text NOT NULL REFERENCES departments (id),
        PRIMARY KEY (leader_id, department_id)
      )`);
    await q.query('CREATE INDEX leader_departments_department_idx ON leader_departments (department_id)');
    await q.query(`
      CREATE TABLE delegations (
        id bigserial PRIMARY KEY,
        holder_id text NOT NULL REFERENCES users (id),
        delegate_id text NOT NULL REFERENCES users (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (holder_id <> delegate_id)
      )`);
    await q.query('CREATE INDEX delegations_holder_idx ON delegations (holder_id, starts_at)');

    // ------------------------------------------------- catalogue and routes
    await q.query(`
      CREATE TABLE catalog_categories (
        code text PRIMARY KEY,
        name text NOT NULL,
        parent_code text REFERENCES catalog_categories (code),
        sort integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE review_routes (
        id serial PRIMARY KEY,
        category text NOT NULL DEFAULT '*',
        attribute text NOT NULL DEFAULT '*'
          CHECK (attribute IN ('*', 'proactive', 'on_request', 'not_disclosed')),
        levels text[] NOT NULL
          CHECK (cardinality(levels) BETWEEN 1 AND 3 AND levels <@ ARRAY['section_head', 'leader', 'principal']::text[]),
        priority integer NOT NULL DEFAULT 0,
        UNIQUE (category, attribute)
      )`);
    await q.query(`
      CREATE TABLE review_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // ---------------------------------------------------------- text search
    // pg_trgm is useless here: under the embedded cluster's C locale it drops
    // every CJK character. Character 1- and 2-grams in a GIN-indexed array work
    // on any Postgres and locale: `title_grams @> gongkai_query_grams($q)`
    // narrows through the index, `title ILIKE '%q%'` confirms.
    await q.query(`
      CREATE FUNCTION gongkai_search_grams(t text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
          SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, char_length(t)) AS i
          UNION ALL
          SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
        ) grams WHERE g !~ '^\\s+$'
      $$`);
    await q.query(`
      CREATE FUNCTION gongkai_query_grams(q text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN char_length(q) <= 1 THEN gongkai_search_grams(q) ELSE (
          SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
            SELECT substr(lower(q), i, 2) AS g FROM generate_series(1, char_length(q) - 1) AS i
          ) grams WHERE g !~ '\\s'
        ) END
      $$`);

    // ------------------------------------------------------------ read model
    await q.query(`
      CREATE TABLE publications (
        id uuid PRIMARY KEY,
        organisation_id text NOT NULL REFERENCES organisations (id),
        department_id text NOT NULL REFERENCES departments (id),
        author_id text NOT NULL,
        author_name text NOT NULL,
        category text NOT NULL REFERENCES catalog_categories (code),
        attribute text NOT NULL CHECK (attribute IN ('proactive', 'on_request', 'not_disclosed')),
        attribute_reason text,
        document_number text,
        written_date date,
        validity text NOT NULL DEFAULT '现行有效' CHECK (validity IN ('现行有效', '已废止')),
        title text NOT NULL,
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'returned', 'in_review', 'published', 'withdrawn', 'retracted')),
        phase text NOT NULL DEFAULT 'draft',
        version integer NOT NULL DEFAULT 1,
        workflow_id text,
        stage_level integer,
        stage_role text,
        assignee_id text,
        assignee_name text,
        delegate_of text,
        stage_deciders text[] NOT NULL DEFAULT '{}',
        stage_since timestamptz,
        stage_remind_at timestamptz,
        stage_due timestamptz,
        index_number text UNIQUE,
        published_at timestamptz,
        overdue boolean NOT NULL DEFAULT false,
        projected_seq integer NOT NULL DEFAULT 0,
        state jsonb,
        title_grams text[] GENERATED ALWAYS AS (gongkai_search_grams(title)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Lists are newest first, filtered by at most a few equality filters.
    await q.query('CREATE INDEX publications_created_idx ON publications (created_at DESC, id DESC)');
    await q.query('CREATE INDEX publications_status_idx ON publications (status, created_at DESC)');
    await q.query('CREATE INDEX publications_phase_idx ON publications (phase, created_at DESC)');
    await q.query('CREATE INDEX publications_department_idx ON publications (department_id, created_at DESC)');
    await q.query('CREATE INDEX publications_category_idx ON publications (category, created_at DESC)');
    await q.query('CREATE INDEX publications_overdue_idx ON publications (created_at DESC) WHERE overdue');
    await q.query('CREATE INDEX publications_author_idx ON publications (author_id, created_at DESC)');
    await q.query('CREATE INDEX publications_title_grams_idx ON publications USING gin (title_grams)');

    await q.query(`
      CREATE TABLE publication_versions (
        publication_id uuid NOT NULL REFERENCES publications (id),
        version integer NOT NULL CHECK (version > 0),
        title text NOT NULL,
        body text NOT NULL,
        body_format text NOT NULL DEFAULT 'text' CHECK (body_format IN ('text', 'html')),
        attachments jsonb NOT NULL DEFAULT '[]',
        document_number text,
        written_date date,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (publication_id, version)
      )`);

    await q.query(`
      CREATE TABLE review_tasks (
        id bigserial PRIMARY KEY,
        publication_id uuid NOT NULL REFERENCES publications (id),
        workflow_id text NOT NULL,
        level integer NOT NULL,
        role text NOT NULL,
        version integer NOT NULL,
        assignee_id text NOT NULL,
        assignee_name text NOT NULL,
        delegate_of text,
        deciders text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'escalated', 'cancelled')),
        created_at timestamptz NOT NULL,
        remind_at timestamptz,
        due_at timestamptz,
        reminded_at timestamptz,
        closed_at timestamptz,
        UNIQUE (publication_id, level, created_at)
      )`);
    await q.query('CREATE INDEX review_tasks_inbox_idx ON review_tasks (assignee_id, status, created_at)');
    // A holder away on delegation still sees what the delegate handles for them.
    await q.query(
      `CREATE INDEX review_tasks_delegated_idx ON review_tasks (delegate_of, created_at) WHERE status = 'open' AND delegate_of IS NOT NULL`,
    );
    await q.query(`CREATE INDEX review_tasks_publication_idx ON review_tasks (publication_id) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE timeline_events (
        id bigserial PRIMARY KEY,
        workflow_id text,
        seq integer,
        publication_id uuid NOT NULL REFERENCES publications (id),
        kind text NOT NULL,
        actor_id text,
        actor_name text,
        version integer,
        at timestamptz NOT NULL DEFAULT now(),
        detail jsonb,
        UNIQUE (workflow_id, seq)
      )`);
    await q.query('CREATE INDEX timeline_events_publication_idx ON timeline_events (publication_id, at, id)');

    await q.query(`
      CREATE TABLE catalog_entries (
        index_number text PRIMARY KEY,
        publication_id uuid NOT NULL UNIQUE REFERENCES publications (id),
        organisation_id text NOT NULL REFERENCES organisations (id),
        organisation_name text NOT NULL,
        department_name text NOT NULL,
        category text NOT NULL,
        category_name text NOT NULL,
        parent_category_name text,
        title text NOT NULL,
        body text NOT NULL,
        body_format text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        document_number text,
        written_date date,
        published_at timestamptz NOT NULL,
        validity text NOT NULL DEFAULT '现行有效',
        disclosure_method text NOT NULL DEFAULT '主动公开',
        scope text NOT NULL DEFAULT '面向社会',
        status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'withdrawn')),
        withdrawn_at timestamptz,
        withdrawn_reason text,
        withdrawn_by text,
        version integer NOT NULL,
        title_grams text[] GENERATED ALWAYS AS (gongkai_search_grams(title)) STORED
      )`);
    await q.query('CREATE INDEX catalog_entries_published_idx ON catalog_entries (status, published_at DESC)');
    await q.query('CREATE INDEX catalog_entries_category_idx ON catalog_entries (category, published_at DESC)');
    await q.query('CREATE INDEX catalog_entries_title_grams_idx ON catalog_entries USING gin (title_grams)');

    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        user_id text NOT NULL,
        publication_id uuid REFERENCES publications (id),
        kind text NOT NULL,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        workflow_id text,
        seq integer,
        UNIQUE (workflow_id, seq)
      )`);
    await q.query('CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)');

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id text NOT NULL,
        key text NOT NULL,
        publication_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);

    await q.query(`
      CREATE TABLE portal_deliveries (
        idempotency_key text PRIMARY KEY,
        publication_id uuid NOT NULL,
        event text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        url text,
        response_status integer,
        last_error text,
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'portal_deliveries',
      'idempotency_keys',
      'notifications',
      'catalog_entries',
      'timeline_events',
      'review_tasks',
      'publication_versions',
      'publications',
      'review_settings',
      'review_routes',
      'catalog_categories',
      'delegations',
      'leader_departments',
      'users',
      'departments',
      'organisations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION gongkai_query_grams(text)');
    await q.query('DROP FUNCTION gongkai_search_grams(text)');
  }
}
