/**
 * 索引号 (index number of a published item), e.g. 000014349/2018-00222 or
 * 11340300MB1234567X/2022-00185: organisation code / [category-] period - serial.
 * The pattern is per deployment; the serial itself is allocated in the database
 * (libs/persistence IndexNumberAllocator), never here.
 */
import { type CivilDate, parseCivilDate } from '../calendar/civil-date';

export interface IndexNumberPattern {
  /** 组织机构代码 (9 chars) or 统一社会信用代码 (18 chars). */
  organisationCode: string;
  /** Optional category code inserted before the period, e.g. A01. */
  categoryCode?: string;
  /** Serials restart every year (YYYY) or every month (YYYYMM). */
  period: 'YYYY' | 'YYYYMM';
  /** Digits of the zero-padded serial, 3–8. */
  serialWidth: number;
  /** Between organisation code and the rest; "/" by default. */
  separator?: string;
}

export class IndexNumberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexNumberError';
  }
}

export function validateIndexNumberPattern(p: IndexNumberPattern): void {
  if (!/^[0-9A-Z][0-9A-Z-]{0,31}$/.test(p.organisationCode)) {
    throw new IndexNumberError(`机构代码“${p.organisationCode}”无效：应为组织机构代码或统一社会信用代码（数字、大写字母）`);
  }
  if (p.categoryCode !== undefined && !/^[0-9A-Za-z]{1,10}$/.test(p.categoryCode)) {
    throw new IndexNumberError(`分类代码“${p.categoryCode}”无效：应为 1–10 位字母或数字`);
  }
  if (p.period !== 'YYYY' && p.period !== 'YYYYMM') throw new IndexNumberError(`周期必须是 YYYY 或 YYYYMM`);
  if (!Number.isInteger(p.serialWidth) || p.serialWidth < 3 || p.serialWidth > 8) {
    throw new IndexNumberError(`流水号位数必须是 3–8，实际为 ${p.serialWidth}`);
  }
  if (p.separator !== undefined && !/^[/\-_.]$/.test(p.separator)) {
    throw new IndexNumberError(`分隔符“${p.separator}”无效：可用 / - _ .`);
  }
}

/** The period an item dated `date` (Asia/Shanghai) belongs to: "2022" or "202203". */
export function indexNumberPeriod(p: IndexNumberPattern, date: CivilDate): string {
  parseCivilDate(date);
  return p.period === 'YYYY' ? date.slice(0, 4) : date.slice(0, 4) + date.slice(5, 7);
}

export function maxSerial(p: IndexNumberPattern): number {
  return 10 ** p.serialWidth - 1;
}

export function formatIndexNumber(p: IndexNumberPattern, period: string, serial: number): string {
  validateIndexNumberPattern(p);
  if (!Number.isInteger(serial) || serial < 1 || serial > maxSerial(p)) {
    throw new IndexNumberError(`流水号 ${serial} 超出 ${p.serialWidth} 位流水号的范围 1–${maxSerial(p)}`);
  }
  const category = p.categoryCode ? `${p.categoryCode}-` : '';
  return `${p.organisationCode}${p.separator ?? '/'}${category}${period}-${String(serial).padStart(p.serialWidth, '0')}`;
}
