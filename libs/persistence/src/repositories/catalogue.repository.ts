/**
 * The disclosure catalogue (公开目录): its two-level 主题分类 (`catalog_categories`)
 * and its entries (`catalog_entries`). Only 主动公开 entries are public (条例
 * Art. 19–20): every public read goes through PUBLIC_ONLY; the staff register
 * is the only read without it.
 */
import { CatalogCategoryRecord, CatalogEntryRecord, PublicationRecord, type IndexPatternJson } from '../entities/publication.entities';
import { columnsOf, queryRows, type Db } from './query-rows';

const ENTRY_FIELDS = [
  'indexNumber', 'title', 'organisationName', 'departmentName', 'category', 'categoryName', 'parentCategoryName',
  'documentNumber', 'writtenDate', 'publishedAt', 'validity', 'disclosureMethod', 'scope', 'status',
  'withdrawnAt', 'withdrawnReason', 'version',
] as const satisfies readonly (keyof CatalogEntryRecord)[];

/** An entry's metadata, as every list shows it. */
export type CatalogueEntry = Pick<CatalogEntryRecord, (typeof ENTRY_FIELDS)[number]>;

/** A public entry with its text. */
export type PublicCatalogueEntry = CatalogueEntry & Pick<CatalogEntryRecord, 'body' | 'bodyFormat' | 'attachments'>;

/** A register entry (staff): any attribute, with the item's reason for it. */
export type RegisterEntry = CatalogueEntry &
  Pick<CatalogEntryRecord, 'attribute' | 'publicationId'> &
  Pick<PublicationRecord, 'attributeReason'>;

export type CatalogueCategory = Pick<CatalogCategoryRecord, 'code' | 'name' | 'parentCode'>;

export interface CatalogueFilters {
  status?: string;
  category?: string;
  text?: string;
  page: number;
  pageSize: number;
}

/** A new entry; status is 'published'. */
export type NewCatalogueEntry = Omit<CatalogEntryRecord, 'status' | 'withdrawnAt' | 'withdrawnReason' | 'withdrawnBy' | 'titleGrams'>;

/** The names an entry records at publication (organisation, department, category and its parent). */
export interface PublishingNames extends Pick<CatalogEntryRecord, 'organisationName' | 'departmentName' | 'parentCategoryName'> {
  categoryName: string | null;
  indexPattern: IndexPatternJson;
}

const PUBLIC_ONLY = `c.attribute = 'proactive'`;

export interface InterpretationCredits {
  organisationName: string;
  departmentName: string;
  interpreter: string;
  publicContact: string | null;
}

/** An entry linked to another (a policy and its interpretations, catalog_entry_links). */
export interface CatalogueLink {
  relation: 'interpreted_by' | 'interprets' | 'feedback' | 'feedback_on';
  indexNumber: string;
  form: string | null;
  title: string;
}

export class CatalogueRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): CatalogueRepository {
    return new CatalogueRepository(m);
  }

  /** The two-level 主题分类, parents before their children. */
  categories(): Promise<CatalogueCategory[]> {
    return this.db.query(
      `SELECT c.code, c.name, c.parent_code AS "parentCode" FROM catalog_categories c
       LEFT JOIN catalog_categories parent ON parent.code = c.parent_code
       ORDER BY COALESCE(parent.sort, c.sort), c.parent_code IS NOT NULL, c.sort, c.code`,
    );
  }

  async categoryExists(code: string): Promise<boolean> {
    return this.db.getRepository(CatalogCategoryRecord).exists({ where: { code } });
  }

  /** Published and withdrawn 主动公开 entries, newest first, with the total. */
  publicPage(f: CatalogueFilters): Promise<{ rows: CatalogueEntry[]; total: number }> {
    return this.page(f, 'public');
  }

  /** Every catalogued item whatever its attribute (staff only), newest first, with the total. */
  registerPage(f: CatalogueFilters & { attribute?: string }): Promise<{ rows: RegisterEntry[]; total: number }> {
    return this.page(f, 'register', f.attribute) as Promise<{ rows: RegisterEntry[]; total: number }>;
  }

  /** Links two entries both ways (a consultation notice and its feedback report), once. */
  async link(indexNumber: string, relatedIndexNumber: string, relation: 'feedback', inverse: 'feedback_on'): Promise<void> {
    await this.db.query(
      `INSERT INTO catalog_entry_links (index_number, related_index_number, relation, form)
       VALUES ($1, $2, $3, NULL), ($2, $1, $4, NULL) ON CONFLICT DO NOTHING`,
      [indexNumber, relatedIndexNumber, relation, inverse],
    );
  }

  /** The public entries linked to an entry: a policy's interpretations, an interpretation's policy. */
  relatedEntries(indexNumber: string): Promise<CatalogueLink[]> {
    return queryRows<CatalogueLink>(
      this.db,
      `SELECT l.relation, l.related_index_number AS "indexNumber", l.form, c.title
       FROM catalog_entry_links l JOIN catalog_entries c ON c.index_number = l.related_index_number
       WHERE l.index_number = $1 AND ${PUBLIC_ONLY} ORDER BY l.related_index_number`,
      [indexNumber],
    );
  }

  /**
   * Who interpreted a published interpretation (解读机关、解读人、咨询电话):
   * the owner's organisation and department, the owner, and the
   * department's public enquiry line — an office number, never a person's.
   */
  interpretationCredits(indexNumber: string): Promise<InterpretationCredits | undefined> {
    return queryRows<InterpretationCredits>(
      this.db,
      `SELECT c.organisation_name AS "organisationName", d.name AS "departmentName", i.owner_name AS "interpreter",
         d.public_contact AS "publicContact"
       FROM policy_interpretations i JOIN catalog_entries c ON c.index_number = i.index_number
       JOIN departments d ON d.id = i.owner_department_id
       WHERE i.index_number = $1 AND ${PUBLIC_ONLY}`,
      [indexNumber],
    ).then(([row]) => row);
  }

  /** One 主动公开 entry with its text; any other is answered like one that does not exist. */
  async publicEntry(indexNumber: string): Promise<PublicCatalogueEntry | undefined> {
    const columns = columnsOf(this.db, CatalogEntryRecord, 'c', [...ENTRY_FIELDS, 'body', 'bodyFormat', 'attachments']);
    const [row]: PublicCatalogueEntry[] = await this.db.query(
      `SELECT ${columns} FROM catalog_entries c WHERE c.index_number = $1 AND ${PUBLIC_ONLY}`,
      [indexNumber],
    );
    return row;
  }

  private async page(
    f: CatalogueFilters,
    view: 'public' | 'register',
    attribute?: string,
  ): Promise<{ rows: (CatalogueEntry & Partial<RegisterEntry>)[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [view === 'public' ? PUBLIC_ONLY : 'TRUE'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (view === 'register' && attribute) add((p) => `c.attribute = ${p}`, attribute);
    if (f.status) add((p) => `c.status = ${p}`, f.status);
    // A first-level category lists its children's entries too.
    if (f.category) add((p) => `(c.category = ${p} OR c.category IN (SELECT code FROM catalog_categories WHERE parent_code = ${p}))`, f.category);
    if (f.text?.trim()) {
      add((p) => `c.title_grams @> gongkai_query_grams(${p})`, f.text.trim());
      add((p) => `c.title ILIKE ${p}`, `%${f.text.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    }
    params.push(f.pageSize, (f.page - 1) * f.pageSize);
    const registerColumns =
      view === 'register'
        ? `, ${columnsOf(this.db, CatalogEntryRecord, 'c', ['attribute', 'publicationId'])}, ${columnsOf(this.db, PublicationRecord, 'p', ['attributeReason'])}`
        : '';
    const join = view === 'register' ? 'JOIN publications p ON p.id = c.publication_id' : '';
    const rows: (CatalogueEntry & Partial<RegisterEntry> & { total: string })[] = await this.db.query(
      `SELECT ${columnsOf(this.db, CatalogEntryRecord, 'c', ENTRY_FIELDS)}${registerColumns}, count(*) OVER () AS total FROM catalog_entries c ${join}
       WHERE ${where.join(' AND ')}
       ORDER BY c.published_at DESC, c.index_number DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : 0;
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  /** The names an entry of this organisation, department and category records; undefined when the organisation is unknown. */
  async publishingNames(organisationId: string, departmentId: string, category: string): Promise<PublishingNames | undefined> {
    const [names]: PublishingNames[] = await this.db.query(
      `SELECT o.name AS "organisationName", o.index_pattern AS "indexPattern", d.name AS "departmentName",
              c.name AS "categoryName", parent.name AS "parentCategoryName"
         FROM organisations o
         JOIN departments d ON d.id = $2
         LEFT JOIN catalog_categories c ON c.code = $3
         LEFT JOIN catalog_categories parent ON parent.code = c.parent_code
        WHERE o.id = $1`,
      [organisationId, departmentId, category],
    );
    return names;
  }

  async insert(e: NewCatalogueEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO catalog_entries (
         index_number, publication_id, organisation_id, organisation_name, department_name,
         category, category_name, parent_category_name, title, body, body_format, attachments,
         document_number, written_date, published_at, validity, disclosure_method, scope, status, version, attribute)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'published', $19, $20)`,
      [
        e.indexNumber,
        e.publicationId,
        e.organisationId,
        e.organisationName,
        e.departmentName,
        e.category,
        e.categoryName,
        e.parentCategoryName,
        e.title,
        e.body,
        e.bodyFormat,
        JSON.stringify(e.attachments),
        e.documentNumber,
        e.writtenDate,
        e.publishedAt,
        e.validity,
        e.disclosureMethod,
        e.scope,
        e.version,
        e.attribute,
      ],
    );
  }

  /**
   * 撤回: the entry stays, marked withdrawn with when, why and by whom, and
   * loses its text and attachments; repeating keeps the first record. False
   * when the item is not in the catalogue.
   */
  async withdraw(publicationId: string, at: Date | string, reason: string, by: string): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `UPDATE catalog_entries SET status = 'withdrawn', body = NULL, attachments = '[]',
              withdrawn_at = coalesce(withdrawn_at, $2), withdrawn_reason = coalesce(withdrawn_reason, $3),
              withdrawn_by = coalesce(withdrawn_by, $4)
        WHERE publication_id = $1
        RETURNING index_number`,
      [publicationId, at, reason, by],
    );
    return rows.length > 0;
  }

  /** The entry of an item as the portal receives it (camelCase JSON), or undefined. */
  async portalEntry(publicationId: string): Promise<Record<string, unknown> | undefined> {
    const columns = columnsOf(this.db, CatalogEntryRecord, 'c', [
      'indexNumber', 'title', 'body', 'bodyFormat', 'organisationName', 'departmentName', 'category', 'categoryName',
      'parentCategoryName', 'documentNumber', 'writtenDate', 'publishedAt', 'validity', 'disclosureMethod', 'scope', 'status',
      'withdrawnAt', 'withdrawnReason', 'attachments',
    ] as const);
    const [entry]: Record<string, unknown>[] = await this.db.query(`SELECT ${columns} FROM catalog_entries c WHERE c.publication_id = $1`, [
      publicationId,
    ]);
    return entry;
  }
}
