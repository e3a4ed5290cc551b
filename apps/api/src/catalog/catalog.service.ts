import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttachmentDto } from '../publications/publication.dto';
import type { CatalogCategoryDto, CatalogEntryDetailDto, CatalogEntryDto, CatalogPageDto, CatalogQueryDto } from './catalog.dto';

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
  body?: string;
  body_format?: string;
  attachments?: AttachmentDto[];
  total?: string;
}

const COLUMNS = `index_number, title, organisation_name, department_name, category, category_name, parent_category_name,
  document_number, written_date::text AS written_date, published_at, validity, disclosure_method, scope, status,
  withdrawn_at, withdrawn_reason, version`;

/** The public disclosure catalogue (公开目录): published items, withdrawn ones marked, never deleted. */
@Injectable()
export class CatalogService {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: CatalogQueryDto): Promise<CatalogPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [];
    const where: string[] = ['TRUE'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.status) add((p) => `status = ${p}`, q.status);
    // A first-level category lists its children's entries too.
    if (q.category) add((p) => `(category = ${p} OR category IN (SELECT code FROM catalog_categories WHERE parent_code = ${p}))`, q.category);
    if (q.text?.trim()) {
      add((p) => `title_grams @> gongkai_query_grams(${p})`, q.text.trim());
      add((p) => `title ILIKE ${p}`, `%${q.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    params.push(pageSize, (page - 1) * pageSize);
    const rows: CatalogRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM catalog_entries
       WHERE ${where.join(' AND ')}
       ORDER BY published_at DESC, index_number DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(entryView), total: rows.length ? Number(rows[0].total) : 0, page, pageSize };
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

  async get(indexNumber: string): Promise<CatalogEntryDetailDto> {
    const rows: CatalogRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, body, body_format, attachments FROM catalog_entries WHERE index_number = $1`,
      [indexNumber],
    );
    if (!rows[0]) throw new NotFoundException(`目录中没有索引号为 ${indexNumber} 的信息`);
    const row = rows[0];
    return { ...entryView(row), body: row.body ?? '', bodyFormat: row.body_format ?? 'text', attachments: row.attachments ?? [] };
  }
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
