/**
 * Policy packages (政策解读): the package and its interpretations as the
 * `policy-package:<id>` workflow projects them, their versions and comments,
 * the bundle's publication (in the policy's publish transaction) and the
 * catalogue links between a policy and its interpretations.
 */
import type { PackageTransition, PolicyPackageState, PublishedInterpretation } from '@gongkai/contracts';
import { likePattern, READ_ALL_ROLES, type Reader } from './publication.repository';
import { managerOf, queryRows, type Db } from './query-rows';
import type { EntityManager } from 'typeorm';

export interface NewPolicyPackage {
  id: string;
  policyPublicationId: string;
  organisationId: string;
  departmentId: string;
  leadId: string;
  leadName: string;
  deferralReason: string | null;
  interpretations: { id: string; form: string; ownerId: string; ownerName: string; ownerDepartmentId: string; title: string | null }[];
}

export interface PolicyInterpretationRow {
  id: string;
  packageId: string;
  position: number;
  form: string;
  ownerId: string;
  ownerName: string;
  ownerDepartmentId: string;
  status: string;
  version: number;
  title: string | null;
  indexNumber: string | null;
  publishedAt: Date | null;
  publicationId: string | null;
  dueAt: Date | null;
  late: boolean;
}

export interface PolicyPackageRow {
  id: string;
  policyPublicationId: string;
  organisationId: string;
  departmentId: string;
  leadId: string;
  leadName: string;
  deferralReason: string | null;
  status: string;
  projectedSeq: number;
  state: PolicyPackageState | null;
  createdAt: Date;
  updatedAt: Date;
  policyTitle: string;
  policyStatus: string;
  policyVersion: number;
  policyIndexNumber: string | null;
  policyPublishedAt: Date | null;
  interpretations: PolicyInterpretationRow[];
}

export interface InterpretationComment {
  id: string;
  text: string;
  quote: string | null;
  authorId: string;
  authorName: string;
  at: Date;
}

export interface InterpretationVersion {
  version: number;
  title: string | null;
  body: string;
  authorId: string;
  createdAt: Date;
}

/** An interpretation someone has to draft (the /tasks list). */
export interface InterpretationTask {
  packageId: string;
  interpretationId: string;
  policyId: string;
  policyTitle: string;
  category: string;
  leadName: string;
  form: string;
  title: string | null;
  departmentId: string;
  departmentName: string;
  version: number;
  since: Date;
  /** A deferred interpretation's due instant (after the policy's publication); null while co-drafting. */
  dueAt: Date | null;
  late: boolean;
}

/** What a deferred interpretation's release needs to become a publication of its own. */
export interface ReleaseSource {
  organisationId: string;
  ownerId: string;
  ownerName: string;
  ownerDepartmentId: string;
  form: string;
  plannedTitle: string | null;
  policyTitle: string;
  policyWrittenDate: string | null;
  version: { title: string | null; body: string } | undefined;
}

/** Who hears about a deferred interpretation: its owner, the lead and the owner's section heads. */
export interface DeferredParties {
  policyPublicationId: string;
  policyTitle: string;
  form: string;
  ownerId: string;
  leadId: string;
  sectionHeadIds: string[];
  dueAt: Date | null;
}

const PACKAGE_COLUMNS = `k.id, k.policy_publication_id AS "policyPublicationId", k.organisation_id AS "organisationId",
  k.department_id AS "departmentId", k.lead_id AS "leadId", k.lead_name AS "leadName", k.deferral_reason AS "deferralReason",
  k.status, k.projected_seq AS "projectedSeq", k.state, k.created_at AS "createdAt", k.updated_at AS "updatedAt",
  p.title AS "policyTitle", p.status AS "policyStatus", p.version AS "policyVersion",
  p.index_number AS "policyIndexNumber", p.published_at AS "policyPublishedAt"`;

const INTERPRETATION_COLUMNS = `i.id, i.package_id AS "packageId", i.position, i.form, i.owner_id AS "ownerId", i.owner_name AS "ownerName",
  i.owner_department_id AS "ownerDepartmentId", i.status, i.version, i.title, i.index_number AS "indexNumber",
  i.published_at AS "publishedAt", i.publication_id AS "publicationId", i.due_at AS "dueAt", i.late`;

export interface PolicyPackageFilters {
  /** The status a package reads (packageView): an `in_review` package whose policy was returned reads `returned`, published `published`. */
  status?: string;
  /** Contained in the policy's title (case-insensitive). */
  text?: string;
  departmentId?: string;
  leadId?: string;
  /** Packages with an interpretation this user owns. */
  ownerId?: string;
  /** The policy's 主题分类. */
  category?: string;
  /** Created in [createdFrom, createdUntil). */
  createdFrom?: Date;
  createdUntil?: Date;
  /** The policy published in [publishedFrom, publishedUntil). */
  publishedFrom?: Date;
  publishedUntil?: Date;
  /** The package of this policy publication (the manuscript page finds its package). */
  policyId?: string;
  page: number;
  pageSize: number;
}

/**
 * Each status as SQL on the package `k` and its policy `p`: the package's own
 * status, except while in review, where the policy's outcome shows before the
 * package has projected it (as packageView reads it).
 */
const PACKAGE_STATUS_SQL: Readonly<Record<string, string>> = {
  in_review: `k.status = 'in_review' AND p.status NOT IN ('returned', 'published')`,
  returned: `(k.status = 'returned' OR (k.status = 'in_review' AND p.status = 'returned'))`,
  published: `(k.status = 'published' OR (k.status = 'in_review' AND p.status = 'published'))`,
};


export class PolicyPackageRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): PolicyPackageRepository {
    return new PolicyPackageRepository(m);
  }

  transaction<T>(work: (tx: PolicyPackageRepository, m: EntityManager) => Promise<T>): Promise<T> {
    return managerOf(this.db).transaction((m) => work(this.in(m), m));
  }

  /** The package and its planned interpretations (the policy's publication row exists already). */
  async insert(p: NewPolicyPackage): Promise<void> {
    await this.db.query(
      `INSERT INTO policy_packages (id, policy_publication_id, organisation_id, department_id, lead_id, lead_name, deferral_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [p.id, p.policyPublicationId, p.organisationId, p.departmentId, p.leadId, p.leadName, p.deferralReason],
    );
    let position = 0;
    for (const i of p.interpretations) {
      await this.db.query(
        `INSERT INTO policy_interpretations (id, package_id, position, form, owner_id, owner_name, owner_department_id, title)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [i.id, p.id, position++, i.form, i.ownerId, i.ownerName, i.ownerDepartmentId, i.title],
      );
    }
  }

  async find(id: string): Promise<PolicyPackageRow | undefined> {
    const [row] = await queryRows<PolicyPackageRow>(
      this.db,
      `SELECT ${PACKAGE_COLUMNS} FROM policy_packages k JOIN publications p ON p.id = k.policy_publication_id WHERE k.id = $1`,
      [id],
    );
    if (!row) return undefined;
    row.interpretations = await queryRows<PolicyInterpretationRow>(
      this.db,
      `SELECT ${INTERPRETATION_COLUMNS} FROM policy_interpretations i WHERE i.package_id = $1 ORDER BY i.position`,
      [id],
    );
    return row;
  }

  /**
   * Packages the reader may see, newest first: all for READ_ALL roles;
   * otherwise those of their department, those they lead, and those with an
   * interpretation they own.
   */
  async list(reader: Reader, f: PolicyPackageFilters): Promise<{ rows: PolicyPackageRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (!reader.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r))) {
      params.push(reader.departmentId, reader.userId);
      where.push(`(k.department_id = $1 OR k.lead_id = $2 OR EXISTS (SELECT 1 FROM policy_interpretations o WHERE o.package_id = k.id AND o.owner_id = $2))`);
    }
    if (f.status) {
      if (PACKAGE_STATUS_SQL[f.status]) where.push(PACKAGE_STATUS_SQL[f.status]);
      else add((p) => `k.status = ${p}`, f.status);
    }
    if (f.text?.trim()) add((p) => `p.title ILIKE ${p}`, likePattern(f.text.trim()));
    if (f.departmentId) add((p) => `k.department_id = ${p}`, f.departmentId);
    if (f.leadId) add((p) => `k.lead_id = ${p}`, f.leadId);
    if (f.ownerId) add((p) => `EXISTS (SELECT 1 FROM policy_interpretations w WHERE w.package_id = k.id AND w.owner_id = ${p})`, f.ownerId);
    if (f.category) add((p) => `p.category = ${p}`, f.category);
    if (f.createdFrom) add((p) => `k.created_at >= ${p}`, f.createdFrom);
    if (f.createdUntil) add((p) => `k.created_at < ${p}`, f.createdUntil);
    if (f.publishedFrom) add((p) => `p.published_at >= ${p}`, f.publishedFrom);
    if (f.publishedUntil) add((p) => `p.published_at < ${p}`, f.publishedUntil);
    if (f.policyId) {
      params.push(f.policyId);
      where.push(`k.policy_publication_id = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM policy_packages k JOIN publications p ON p.id = k.policy_publication_id';
    const [{ total }] = await queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total ${from} ${clause}`, params);
    const rows = await queryRows<PolicyPackageRow>(
      this.db,
      `SELECT ${PACKAGE_COLUMNS} ${from} ${clause}
       ORDER BY k.created_at DESC, k.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    );
    const ids = rows.map((r) => r.id);
    const interpretations = ids.length
      ? await queryRows<PolicyInterpretationRow>(
          this.db,
          `SELECT ${INTERPRETATION_COLUMNS} FROM policy_interpretations i WHERE i.package_id = ANY ($1) ORDER BY i.position`,
          [ids],
        )
      : [];
    for (const r of rows) r.interpretations = interpretations.filter((i) => i.packageId === r.id);
    return { rows, total };
  }

  async comments(interpretationId: string): Promise<InterpretationComment[]> {
    return queryRows<InterpretationComment>(
      this.db,
      `SELECT id::text, text, quote, author_id AS "authorId", author_name AS "authorName", at
       FROM policy_interpretation_comments WHERE interpretation_id = $1 ORDER BY at, id`,
      [interpretationId],
    );
  }

  /** The newest projected text of an interpretation (the projection may trail the live workflow by a moment). */
  async latestVersion(interpretationId: string): Promise<InterpretationVersion | undefined> {
    const [row] = await queryRows<InterpretationVersion>(
      this.db,
      `SELECT version, title, body, author_id AS "authorId", created_at AS "createdAt"
       FROM policy_interpretation_versions WHERE interpretation_id = $1 ORDER BY version DESC LIMIT 1`,
      [interpretationId],
    );
    return row;
  }

  async version(interpretationId: string, version: number): Promise<InterpretationVersion | undefined> {
    const [row] = await queryRows<InterpretationVersion>(
      this.db,
      `SELECT version, title, body, author_id AS "authorId", created_at AS "createdAt"
       FROM policy_interpretation_versions WHERE interpretation_id = $1 AND version = $2`,
      [interpretationId, version],
    );
    return row;
  }

  /**
   * One package transition, idempotent: the package and its interpretations
   * move only over an older projection (projected_seq < seq); a version or a
   * comment is written once (its key), whatever the order of retries.
   */
  async project(t: PackageTransition): Promise<void> {
    await managerOf(this.db).transaction(async (m) => {
      if (t.version) {
        await m.query(
          `INSERT INTO policy_interpretation_versions (interpretation_id, version, title, body, author_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (interpretation_id, version) DO NOTHING`,
          [t.version.interpretationId, t.version.version, t.version.title ?? null, t.version.body, t.version.authorId, t.at],
        );
      }
      if (t.comment) {
        await m.query(
          `INSERT INTO policy_interpretation_comments (interpretation_id, workflow_id, seq, text, quote, author_id, author_name, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (workflow_id, seq) DO NOTHING`,
          [t.comment.interpretationId, t.workflowId, t.seq, t.comment.text, t.comment.quote ?? null, t.comment.authorId, t.comment.authorName, t.at],
        );
      }
      const s = t.state;
      const moved = await queryRows(
        m,
        `UPDATE policy_packages SET status = $3, state = $4, projected_seq = $2, updated_at = now()
         WHERE id = $1 AND projected_seq < $2 RETURNING id`,
        [s.packageId, t.seq, s.status, JSON.stringify(s)],
      );
      if (moved.length === 0) return;
      for (const i of s.interpretations) {
        // Index numbers are written by the publish transaction; a projection never clears them.
        // A retraction's status is written by the retraction's transaction too; publication_id by publish or prepareRelease.
        await m.query(
          `UPDATE policy_interpretations SET status = CASE WHEN index_number IS NOT NULL OR status = 'retracted' THEN status ELSE $2 END,
             version = $3, title = $4, due_at = $5, late = $6
           WHERE id = $1`,
          [i.id, i.status, i.version, i.title ?? null, i.dueAt ?? null, i.late === true],
        );
      }
    });
  }

  async publishedInterpretations(packageId: string): Promise<PublishedInterpretation[]> {
    const rows = await queryRows<{ id: string; indexNumber: string; publishedAt: Date; publicationId: string }>(
      this.db,
      `SELECT id, index_number AS "indexNumber", published_at AS "publishedAt", publication_id AS "publicationId"
       FROM policy_interpretations WHERE package_id = $1 AND index_number IS NOT NULL ORDER BY position`,
      [packageId],
    );
    return rows.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt).toISOString() }));
  }

  // ------------------------------------------------------------ the bundle's publication (inside publish's transaction)

  /** The interpretations to publish, their rows locked until the transaction ends. */
  async lockForPublishing(packageId: string): Promise<PolicyInterpretationRow[]> {
    return queryRows<PolicyInterpretationRow>(
      this.db,
      `SELECT ${INTERPRETATION_COLUMNS} FROM policy_interpretations i WHERE i.package_id = $1 ORDER BY i.position FOR UPDATE`,
      [packageId],
    );
  }

  /**
   * An interpretation becomes its own publication row (status published,
   * category 政策解读), so its catalogue entry has the item it belongs to.
   */
  async insertInterpretationPublication(p: {
    publicationId: string;
    organisationId: string;
    departmentId: string;
    authorId: string;
    authorName: string;
    category: string;
    title: string;
    body: string;
    writtenDate: string | null;
    indexNumber: string;
    publishedAt: Date;
    packageWorkflowId: string;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO publications (id, organisation_id, department_id, author_id, author_name, category, attribute, title, written_date,
         status, phase, version, workflow_id, index_number, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'proactive', $7, $8, 'published', 'published', 1, $9, $10, $11)`,
      [p.publicationId, p.organisationId, p.departmentId, p.authorId, p.authorName, p.category, p.title, p.writtenDate, p.packageWorkflowId, p.indexNumber, p.publishedAt],
    );
    await this.db.query(
      `INSERT INTO publication_versions (publication_id, version, title, body, body_format, written_date, created_by)
       VALUES ($1, 1, $2, $3, 'text', $4, $5)`,
      [p.publicationId, p.title, p.body, p.writtenDate, p.authorId],
    );
  }

  async markInterpretationPublished(id: string, indexNumber: string, publishedAt: Date, publicationId: string): Promise<void> {
    await this.db.query(
      `UPDATE policy_interpretations SET status = 'published', index_number = $2, published_at = $3, publication_id = $4 WHERE id = $1`,
      [id, indexNumber, publishedAt, publicationId],
    );
  }

  /** Links a policy's entry and an interpretation's both ways. */
  async link(policyIndexNumber: string, interpretationIndexNumber: string, form: string): Promise<void> {
    await this.db.query(
      `INSERT INTO catalog_entry_links (index_number, related_index_number, relation, form)
       VALUES ($1, $2, 'interpreted_by', $3), ($2, $1, 'interprets', NULL) ON CONFLICT DO NOTHING`,
      [policyIndexNumber, interpretationIndexNumber, form],
    );
  }

  /** Interpretations in drafting owned by the user, in packages still drafting (the /tasks list), oldest first. */
  async draftingTasks(userId: string): Promise<InterpretationTask[]> {
    return queryRows<InterpretationTask>(
      this.db,
      `SELECT k.id AS "packageId", i.id AS "interpretationId", k.policy_publication_id AS "policyId", p.title AS "policyTitle",
         p.category, k.lead_name AS "leadName", i.form, i.title, i.owner_department_id AS "departmentId", d.name AS "departmentName",
         i.version, k.created_at AS since, i.due_at AS "dueAt", i.late
       FROM policy_interpretations i
       JOIN policy_packages k ON k.id = i.package_id
       JOIN publications p ON p.id = k.policy_publication_id
       JOIN departments d ON d.id = i.owner_department_id
       WHERE i.owner_id = $1 AND i.status = 'drafting'
         AND (k.status IN ('drafting', 'returned') OR (k.status = 'published' AND i.due_at IS NOT NULL AND i.index_number IS NULL))
       ORDER BY i.due_at NULLS LAST, k.created_at, i.position`,
      [userId],
    );
  }

  // ------------------------------------------------------------ deferred interpretations (暂缓解读)

  /** The interpretation, its package's policy and the version being released. */
  async releaseSource(interpretationId: string, version: number): Promise<ReleaseSource | undefined> {
    const [row] = await queryRows<Omit<ReleaseSource, 'version'>>(
      this.db,
      `SELECT k.organisation_id AS "organisationId", i.owner_id AS "ownerId", i.owner_name AS "ownerName",
         i.owner_department_id AS "ownerDepartmentId", i.form, i.title AS "plannedTitle", p.title AS "policyTitle",
         p.written_date::text AS "policyWrittenDate"
       FROM policy_interpretations i JOIN policy_packages k ON k.id = i.package_id JOIN publications p ON p.id = k.policy_publication_id
       WHERE i.id = $1`,
      [interpretationId],
    );
    if (!row) return undefined;
    const v = await this.version(interpretationId, version);
    return { ...row, version: v ? { title: v.title, body: v.body } : undefined };
  }

  /** Records the release's publication on the interpretation (before its review starts). */
  async markReleased(interpretationId: string, publicationId: string): Promise<void> {
    await this.db.query(`UPDATE policy_interpretations SET publication_id = $2 WHERE id = $1 AND index_number IS NULL`, [interpretationId, publicationId]);
  }

  /** The policy's entry a released interpretation is linked to, and its form (inside its publish transaction). */
  async policyEntryOf(interpretationId: string): Promise<{ policyIndexNumber: string | null; form: string; status: string } | undefined> {
    const [row] = await queryRows<{ policyIndexNumber: string | null; form: string; status: string }>(
      this.db,
      `SELECT p.index_number AS "policyIndexNumber", i.form, i.status
       FROM policy_interpretations i JOIN policy_packages k ON k.id = i.package_id JOIN publications p ON p.id = k.policy_publication_id
       WHERE i.id = $1 FOR UPDATE OF i`,
      [interpretationId],
    );
    return row;
  }

  async deferredParties(interpretationId: string): Promise<DeferredParties | undefined> {
    const [row] = await queryRows<DeferredParties>(
      this.db,
      `SELECT k.policy_publication_id AS "policyPublicationId", p.title AS "policyTitle", i.form, i.owner_id AS "ownerId",
         k.lead_id AS "leadId", i.due_at AS "dueAt",
         coalesce((SELECT array_agg(u.id ORDER BY u.id) FROM users u
                    WHERE u.department_id = i.owner_department_id AND 'section_head' = ANY (u.roles) AND u.active), '{}') AS "sectionHeadIds"
       FROM policy_interpretations i JOIN policy_packages k ON k.id = i.package_id JOIN publications p ON p.id = k.policy_publication_id
       WHERE i.id = $1`,
      [interpretationId],
    );
    return row;
  }

  /**
   * 撤回 of a policy takes its package with it (inside the retraction's
   * transaction): every published interpretation's publication id (whose
   * catalogue entries the caller withdraws), the interpretations and the
   * package marked retracted. Undefined when the item is not a package's policy.
   */
  async retractBundle(
    policyPublicationId: string,
  ): Promise<{ packageId: string; published: { publicationId: string; indexNumber: string }[] } | undefined> {
    const [pkg] = await queryRows<{ id: string }>(this.db, `SELECT id FROM policy_packages WHERE policy_publication_id = $1 FOR UPDATE`, [
      policyPublicationId,
    ]);
    if (!pkg) return undefined;
    const retracted = await queryRows<{ publicationId: string | null; indexNumber: string | null }>(
      this.db,
      `UPDATE policy_interpretations SET status = 'retracted'
       WHERE package_id = $1 AND (index_number IS NOT NULL OR publication_id IS NULL)
       RETURNING publication_id AS "publicationId", index_number AS "indexNumber"`,
      [pkg.id],
    );
    await this.db.query(`UPDATE policy_packages SET status = 'retracted', updated_at = now() WHERE id = $1`, [pkg.id]);
    const published = retracted.filter((r): r is { publicationId: string; indexNumber: string } => !!r.publicationId && !!r.indexNumber);
    return { packageId: pkg.id, published };
  }

  /** A deferred interpretation released but not yet published (its review is running): a policy retraction waits for it. */
  async releaseInReview(policyPublicationId: string): Promise<{ publicationId: string; form: string; ownerName: string } | undefined> {
    const [row] = await queryRows<{ publicationId: string; form: string; ownerName: string }>(
      this.db,
      `SELECT i.publication_id AS "publicationId", i.form, i.owner_name AS "ownerName"
       FROM policy_interpretations i JOIN policy_packages k ON k.id = i.package_id
       WHERE k.policy_publication_id = $1 AND i.publication_id IS NOT NULL AND i.index_number IS NULL LIMIT 1`,
      [policyPublicationId],
    );
    return row;
  }

  /** The policy an interpretation's publication belongs to (an interpretation is retracted only with its policy). */
  async policyOfInterpretationPublication(publicationId: string): Promise<{ policyId: string; policyTitle: string; form: string } | undefined> {
    const [row] = await queryRows<{ policyId: string; policyTitle: string; form: string }>(
      this.db,
      `SELECT k.policy_publication_id AS "policyId", p.title AS "policyTitle", i.form
       FROM policy_interpretations i JOIN policy_packages k ON k.id = i.package_id JOIN publications p ON p.id = k.policy_publication_id
       WHERE i.publication_id = $1`,
      [publicationId],
    );
    return row;
  }
}
