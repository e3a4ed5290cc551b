import { Injectable, NotFoundException } from '@nestjs/common';
import { CatalogueRepository, type CatalogueEntry } from '@gongkai/persistence';
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

/**
 * The disclosure catalogue (公开目录): the public sees published 主动公开
 * items, withdrawn ones marked (metadata only), never deleted; staff see the
 * register of every catalogued item, metadata only.
 */
@Injectable()
export class CatalogService {
  constructor(private readonly catalogue: CatalogueRepository) {}

  async list(q: CatalogQueryDto): Promise<CatalogPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.catalogue.publicPage({ ...q, page, pageSize });
    return { items: rows.map(entryView), total, page, pageSize };
  }

  /** Staff only: every catalogued item whatever its attribute, with the attribute and its reason; never a body. */
  async register(q: CatalogRegisterQueryDto): Promise<CatalogRegisterPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.catalogue.registerPage({ ...q, page, pageSize });
    return {
      items: rows.map((r) => ({
        ...entryView(r),
        attribute: r.attribute,
        attributeReason: r.attributeReason ?? null,
        publicationId: r.publicationId,
      })) satisfies CatalogRegisterEntryDto[],
      total,
      page,
      pageSize,
    };
  }

  /** The 公开目录's two-level 主题分类, parents before their children. */
  categories(): Promise<CatalogCategoryDto[]> {
    return this.catalogue.categories();
  }

  /**
   * One public entry. An entry that is not 主动公开 answers exactly like one
   * that does not exist, so the public cannot even learn that it is catalogued.
   */
  async get(indexNumber: string): Promise<CatalogEntryDetailDto> {
    const row = await this.catalogue.publicEntry(indexNumber);
    if (!row) throw new NotFoundException(`目录中没有索引号为 ${indexNumber} 的公开信息`);
    const withdrawn = row.status !== 'published';
    const bodyFormat = row.bodyFormat ?? 'text';
    const attachments = withdrawn ? [] : (row.attachments ?? []);
    const related = (await this.catalogue.relatedEntries(row.indexNumber)).map((l) => ({
      relation: l.relation,
      indexNumber: l.indexNumber,
      ...(l.form ? { form: l.form } : {}),
      title: l.title,
    }));
    const credits = related.some((l) => l.relation === 'interprets') ? await this.catalogue.interpretationCredits(row.indexNumber) : undefined;
    return {
      ...entryView(row),
      related,
      ...(credits
        ? {
            interpretation: {
              interpretingBody: `${credits.organisationName}${credits.departmentName}`,
              interpreter: credits.interpreter,
              contact: credits.publicContact ? `咨询电话：${credits.publicContact}` : `咨询：${credits.organisationName}${credits.departmentName}`,
            },
          }
        : {}),
      // Withdrawn: metadata and the fact and date of withdrawal only (the column is already empty; this is the second lock).
      body: withdrawn || row.body == null ? null : servedBody(row.body, bodyFormat, attachments),
      bodyFormat,
      attachments,
    };
  }
}

function entryView(r: CatalogueEntry): CatalogEntryDto {
  return {
    indexNumber: r.indexNumber,
    title: r.title,
    organisationName: r.organisationName,
    departmentName: r.departmentName,
    category: r.category,
    categoryName: r.categoryName,
    parentCategoryName: r.parentCategoryName,
    documentNumber: r.documentNumber,
    writtenDate: r.writtenDate,
    publishedAt: r.publishedAt.toISOString(),
    validity: r.validity,
    disclosureMethod: r.disclosureMethod,
    scope: r.scope,
    status: r.status,
    withdrawnAt: r.withdrawnAt ? r.withdrawnAt.toISOString() : null,
    withdrawnReason: r.withdrawnReason,
    version: r.version,
  };
}
