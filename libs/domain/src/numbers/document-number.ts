/**
 * 发文字号 (文号) per GB/T 9704-2012 §7.2.4: 机关代字 + year in full inside
 * six-angle brackets 〔〕 + serial without leading zeros and without “第” + 号,
 * e.g. 国办函〔2020〕109号.
 */
export interface DocumentNumber {
  /** 机关代字, e.g. 皖政办. */
  agencyCode: string;
  year: number;
  serial: number;
}

export class DocumentNumberError extends Error {
  constructor(
    readonly input: string,
    readonly problems: string[],
  ) {
    super(`文号“${input}”不规范：${problems.join('；')}`);
    this.name = 'DocumentNumberError';
  }
}

const OPEN_BRACKETS = '〔\\[［(（【〖{｛﹝';
const CLOSE_BRACKETS = '〕\\]］)）】〗}｝﹞';

/** Loose shape, so that a wrong bracket or year can be named rather than just "no match". */
const LOOSE = new RegExp(
  `^([\\u4e00-\\u9fa5]+)\\s*([${OPEN_BRACKETS}])\\s*(\\d{1,4})\\s*([${CLOSE_BRACKETS}])\\s*(第\\s*)?(\\d+)\\s*号$`,
);

/** Finds 文号-like spans in running text: a Chinese agency code before the bracket is required. */
export const DOCUMENT_NUMBER_IN_TEXT = new RegExp(
  `(?<=[\\u4e00-\\u9fa5])([${OPEN_BRACKETS}])\\s*(\\d{1,4})\\s*([${CLOSE_BRACKETS}])\\s*(第\\s*)?(\\d+)\\s*号`,
  'g',
);

export function formatDocumentNumber(n: DocumentNumber): string {
  return `${n.agencyCode}〔${n.year}〕${n.serial}号`;
}

/** Problems with the year-and-serial part; `year` is the digits as written. */
export function documentNumberProblems(open: string, year: string, close: string, di: string | undefined, serial: string): string[] {
  const problems: string[] = [];
  if (open !== '〔' || close !== '〕') problems.push(`年份应使用六角括号“〔〕”，不能使用“${open}${close}”`);
  if (year.length !== 4) problems.push(`年份应标全称（四位数字），不能写作“${year}”`);
  if (di) problems.push('发文顺序号前不加“第”字');
  if (/^0\d/.test(serial)) problems.push(`发文顺序号不编虚位，“${serial}”应写作“${Number(serial)}”`);
  if (Number(serial) === 0) problems.push('发文顺序号应从 1 开始');
  return problems;
}

/** The year a written year stands for: a two-digit year is assumed to be 20YY (and flagged). */
export function fullYear(written: string): number {
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

/** Problems with a whole 文号; empty when it is in GB/T 9704 form. */
export function validateDocumentNumber(text: string): string[] {
  const m = LOOSE.exec(text.trim());
  if (!m) return ['不是“机关代字〔年份〕序号号”的形式，如“皖政办〔2022〕5号”'];
  return documentNumberProblems(m[2], m[3], m[4], m[5], m[6]);
}

/** Parses a 文号 in GB/T 9704 form; throws `DocumentNumberError` naming every problem otherwise. */
export function parseDocumentNumber(text: string): DocumentNumber {
  const problems = validateDocumentNumber(text);
  if (problems.length > 0) throw new DocumentNumberError(text, problems);
  const m = LOOSE.exec(text.trim())!;
  return { agencyCode: m[1], year: Number(m[3]), serial: Number(m[6]) };
}

/** The corrected form of a loose match, for suggestions: 皖政办[22]05号 → 皖政办〔2022〕5号. */
export function normaliseDocumentNumber(text: string): string | undefined {
  const m = LOOSE.exec(text.trim());
  if (!m) return undefined;
  return formatDocumentNumber({ agencyCode: m[1], year: fullYear(m[3]), serial: Number(m[6]) });
}
