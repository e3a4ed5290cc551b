import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttachmentDto } from '../publications/publication.dto';
import type {
  CatalogCategoryDto,
  CatalogEntryDetailDto,
  CatalogEntryDto,
  CatalogPageDto,
  CatalogQueryDto,
  CatalogRegisterEntryDto,
  CatalogRegisterPageDto,
  CatalogRegisterQueryDto,
} from './catalog.dto';
import { servedBody } from './served-body';

interface CatalogRow {
  index_number: string;
  title: string;
  organisation_name: string;
  department_name: string;
  category: string;
  category_name: string;
  parent_category_name: string | null;
  document_number: string | null;
  written_date: string | null;
  published_at: Date;
  validity: string;
  disclosure_method: string;
  scope: string;
  status: string;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  version: number;
  body?: string | null;
  body_format?: string;
  attachments?: AttachmentDto[];
  attribute?: string;
  attribute_reason?: string | null;
  publication_id?: string;
  total?: string;
}

const COLUMNS = `c.index_number, c.title, c.organisation_name, c.department_name, c.category, c.category_name, c.parent_category_name,
  c.document_number, c.written_date::text AS written_date, c.published_at, c.validity, c.disclosure_method, c.scope, c.status,
  c.withdrawn_at, c.withdrawn_reason, c.version`;

/**
 * Only 主动公开 entries are public (条例 Art. 19–20). Every public read goes
 * through this predicate; the staff register is the only read without it.
 */
const PUBLIC_ONLY = `c.attribute = 'proactive'`;

/**
 * The disclosure catalogue (公开目录): the public sees published 主动公开
 * items, withdrawn ones marked (metadata only), never deleted; staff see the
 * register of every catalogued item, metadata only.
 */
@Injectable()
export class CatalogService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: CatalogQueryDto): Promise<CatalogPageDto> {
    const { rows, page, pageSize } = await this.page(q, 'public');
    return { items: rows.map(entryView), total: totalOf(rows), page, pageSize };
  }

  /** Staff only: every catalogued item whatever its attribute, with the attribute and its reason; never a body. */
  async register(q: CatalogRegisterQueryDto): Promise<CatalogRegisterPageDto> {
    const { rows, page, pageSize } = await this.page(q, 'register', q.attribute);
    return {
      items: rows.map((r) => ({
        ...entryView(r),
        attribute: r.attribute!,
        attributeReason: r.attribute_reason ?? null,
        publicationId: r.publication_id!,
      })) satisfies CatalogRegisterEntryDto[],
      total: totalOf(rows),
      page,
      pageSize,
    };
  }

  /** The 公开目录's two-level 主题分类, parents before their children. */
  async categories(): Promise<CatalogCategoryDto[]> {
    const rows: { code: string; name: string; parent_code: string | null }[] = await this.dataSource.query(
      `SELECT c.code, c.name, c.parent_code FROM catalog_categories c
       LEFT JOIN catalog_categories parent ON parent.code = c.parent_code
       ORDER BY COALESCE(parent.sort, c.sort), c.parent_code IS NOT NULL, c.sort, c.code`,
    );
    return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code }));
  }

  /**
   * One public entry. An entry that is not 主动公开 answers exactly like one
   * that does not exist, so the public cannot even learn that it is catalogued.
   */
  async get(indexNumber: string): Promise<CatalogEntryDetailDto> {
    const rows: CatalogRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, c.body, c.body_format, c.attachments FROM catalog_entries c WHERE c.index_number = $1 AND ${PUBLIC_ONLY}`,
      [indexNumber],
    );
    if (!rows[0]) throw new NotFoundException(`目录中没有索引号为 ${indexNumber} 的公开信息`);
    const row = rows[0];
    const withdrawn = row.status !== 'published';
    const bodyFormat = row.body_format ?? 'text';
    const attachments = withdrawn ? [] : (row.attachments ?? []);
    return {
      ...entryView(row),
      // Withdrawn: metadata and the fact and date of withdrawal only (the column is already empty; this is the second lock).
      body: withdrawn || row.body == null ? null : servedBody(row.body, bodyFormat, attachments),
      bodyFormat,
      attachments,
    };
  }

  private async page(
    q: CatalogQueryDto,
    view: 'public' | 'register',
    attribute?: string,
  ): Promise<{ rows: CatalogRow[]; page: number; pageSize: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [];
    const where: string[] = [view === 'public' ? PUBLIC_ONLY : 'TRUE'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (view === 'register' && attribute) add((p) => `c.attribute = ${p}`, attribute);
    if (q.status) add((p) => `c.status = ${p}`, q.status);
    // A first-level category lists its children's entries too.
    if (q.category) add((p) => `(c.category = ${p} OR c.category IN (SELECT code FROM catalog_categories WHERE parent_code = ${p}))`, q.category);
    if (q.text?.trim()) {
      add((p) => `c.title_grams @> gongkai_query_grams(${p})`, q.text.trim());
      add((p) => `c.title ILIKE ${p}`, `%${q.text.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    }
    params.push(pageSize, (page - 1) * pageSize);
    const registerColumns = view === 'register' ? ', c.attribute, c.publication_id, p.attribute_reason' : '';
    const join = view === 'register' ? 'JOIN publications p ON p.id = c.publication_id' : '';
    const rows: CatalogRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}${registerColumns}, count(*) OVER () AS total FROM catalog_entries c ${join}
       WHERE ${where.join(' AND ')}
       ORDER BY c.published_at DESC, c.index_number DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { rows, page, pageSize };
  }
}

function totalOf(rows: CatalogRow[]): number {
  return rows.length ? Number(rows[0].total) : 0;
}

function entryView(r: CatalogRow): CatalogEntryDto {
  return {
    indexNumber: r.index_number,
    title: r.title,
    organisationName: r.organisation_name,
    departmentName: r.department_name,
    category: r.category,
    categoryName: r.category_name,
    parentCategoryName: r.parent_category_name,
    documentNumber: r.document_number,
    writtenDate: r.written_date,
    publishedAt: r.published_at.toISOString(),
    validity: r.validity,
    disclosureMethod: r.disclosure_method,
    scope: r.scope,
    status: r.status,
    withdrawnAt: r.withdrawn_at ? r.withdrawn_at.toISOString() : null,
    withdrawnReason: r.withdrawn_reason,
    version: r.version,
  };
}
