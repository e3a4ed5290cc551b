/**
 * Table 3 of the annual report as an Excel workbook laid out like the official
 * form of 国办公开办函〔2021〕30号 (三、收到和处理政府信息公开申请情况): the
 * cross-check note over the label columns, 申请人情况 split into 自然人,
 * 法人或其他组织 (five sub-columns) and 总计, and the row labels in three
 * indented columns (一/二/三/四, then （一）…（七）, then 1．2．…), merged as
 * the form merges them. The numbers are the JSON answer's (ReportsService),
 * never counted again here.
 */
import { Workbook, type Borders, type Worksheet } from 'exceljs';
import { TABLE3_COLUMNS, TABLE3_LABELS, type Table3 } from '@gongkai/domain';

export const TABLE3_SHEET = '表三 收到和处理政府信息公开申请情况';
export const TABLE3_TITLE = '三、收到和处理政府信息公开申请情况';
export const TABLE3_CROSS_CHECK_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
/** The first row of numbers (rows 1–4: title and the three header rows). */
export const TABLE3_FIRST_DATA_ROW = 5;
/** Columns D–J, in TABLE3_COLUMNS order. */
const FIRST_NUMBER_COLUMN = 4;

/** 三（…）: the outcome groups of item 三, each a block of rows with its heading merged down column B. */
const GROUPS: { heading: string; codes: string[] }[] = [
  { heading: '（一）予以公开', codes: ['disclosed'] },
  { heading: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', codes: ['partly_disclosed'] },
  { heading: '（三）不予公开', codes: ['state_secret', 'prohibited_by_law', 'three_safeties', 'third_party_rights', 'internal_affairs', 'process_information', 'enforcement_file', 'administrative_query'].map((c) => `refused.${c}`) },
  { heading: '（四）无法提供', codes: ['not_held', 'needs_creation', 'unclear_after_clarification'].map((c) => `unavailable.${c}`) },
  { heading: '（五）不予处理', codes: ['petition', 'repeat', 'publication', 'excessive', 'confirmation'].map((c) => `not_processed.${c}`) },
  { heading: '（六）其他处理', codes: ['no_clarification', 'unpaid_fee', 'other'].map((c) => `other.${c}`) },
  { heading: '（七）总计', codes: ['handled_total'] },
];

/** The item label of a sub-row: "三（三）不予公开 1．属于国家秘密" → "1．属于国家秘密". */
const itemLabel = (code: string) => TABLE3_LABELS[code].slice(TABLE3_LABELS[code].indexOf(' ') + 1);

const THIN: Partial<Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

export async function renderRequestTableXlsx(table: Table3): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'gongkai';
  const sheet = workbook.addWorksheet(TABLE3_SHEET, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 1 } });
  sheet.columns = [{ width: 6 }, { width: 16 }, { width: 44 }, ...TABLE3_COLUMNS.map(() => ({ width: 11 }))];

  sheet.mergeCells('A1:J1');
  sheet.getCell('A1').value = `${TABLE3_TITLE}（${table.year}年度）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;

  header(sheet, 'A2:C4', TABLE3_CROSS_CHECK_NOTE);
  header(sheet, 'D2:J2', '申请人情况');
  header(sheet, 'D3:D4', '自然人');
  header(sheet, 'E3:I3', '法人或其他组织');
  ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].forEach((label, i) => header(sheet, `${String.fromCharCode(69 + i)}4`, label));
  header(sheet, 'J3:J4', '总计');

  const values = new Map(table.rows.map((r) => [r.code, r.values]));
  let row = TABLE3_FIRST_DATA_ROW;
  const numbers = (code: string) => {
    const v = values.get(code);
    if (!v) throw new Error(`table 3 has no row ${code}`);
    TABLE3_COLUMNS.forEach((column, i) => {
      const cell = sheet.getCell(row, FIRST_NUMBER_COLUMN + i);
      cell.value = v[column];
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
    });
  };

  const wholeRow = (code: string) => {
    label(sheet, `A${row}:C${row}`, TABLE3_LABELS[code]);
    numbers(code);
    row++;
  };
  wholeRow('new');
  wholeRow('carried_in');
  const itemThreeStart = row;
  for (const group of GROUPS) {
    if (group.codes.length === 1) {
      label(sheet, `B${row}:C${row}`, group.heading);
      numbers(group.codes[0]);
      row++;
      continue;
    }
    label(sheet, `B${row}:B${row + group.codes.length - 1}`, group.heading);
    for (const code of group.codes) {
      label(sheet, `C${row}`, itemLabel(code));
      numbers(code);
      row++;
    }
  }
  label(sheet, `A${itemThreeStart}:A${row - 1}`, '三、本年度办理结果');
  wholeRow('carried_out');

  for (let r = 2; r < row; r++) {
    for (let c = 1; c <= FIRST_NUMBER_COLUMN + TABLE3_COLUMNS.length - 1; c++) sheet.getCell(r, c).border = THIN;
  }
  sheet.views = [{ state: 'frozen', xSplit: 3, ySplit: TABLE3_FIRST_DATA_ROW - 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function header(sheet: Worksheet, range: string, text: string): void {
  if (range.includes(':')) sheet.mergeCells(range);
  const cell = sheet.getCell(range.split(':')[0]);
  cell.value = text;
  cell.font = { bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

function label(sheet: Worksheet, range: string, text: string): void {
  if (range.includes(':')) sheet.mergeCells(range);
  const cell = sheet.getCell(range.split(':')[0]);
  cell.value = text;
  cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
}
