/**
 * Table 3 of the annual report on government information disclosure
 * (国办公开办函〔2021〕30号, 三、收到和处理政府信息公开申请情况), computed from the
 * year's requests: new (一), carried in (二), the outcomes of those handled in
 * the year (三, one row per outcome and the total 三(七)), and carried out (四),
 * by requester column. The cross-check every report must pass: 一 + 二 = 三(七) + 四.
 */
import { REQUEST_OUTCOMES, type LegalPersonCategory, type RequestOutcome, type RequesterKind } from '@gongkai/contracts';

export const TABLE3_COLUMNS = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other', 'total'] as const;
export type Table3Column = (typeof TABLE3_COLUMNS)[number];

export const TABLE3_LABELS: Record<string, string> = {
  new: '一、本年新收政府信息公开申请数量',
  carried_in: '二、上年结转政府信息公开申请数量',
  disclosed: '三（一）予以公开',
  partly_disclosed: '三（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  'refused.state_secret': '三（三）不予公开 1．属于国家秘密',
  'refused.prohibited_by_law': '三（三）不予公开 2．其他法律行政法规禁止公开',
  'refused.three_safeties': '三（三）不予公开 3．危及“三安全一稳定”',
  'refused.third_party_rights': '三（三）不予公开 4．保护第三方合法权益',
  'refused.internal_affairs': '三（三）不予公开 5．属于三类内部事务信息',
  'refused.process_information': '三（三）不予公开 6．属于四类过程性信息',
  'refused.enforcement_file': '三（三）不予公开 7．属于行政执法案卷',
  'refused.administrative_query': '三（三）不予公开 8．属于行政查询事项',
  'unavailable.not_held': '三（四）无法提供 1．本机关不掌握相关政府信息',
  'unavailable.needs_creation': '三（四）无法提供 2．没有现成信息需要另行制作',
  'unavailable.unclear_after_clarification': '三（四）无法提供 3．补正后申请内容仍不明确',
  'not_processed.petition': '三（五）不予处理 1．信访举报投诉类申请',
  'not_processed.repeat': '三（五）不予处理 2．重复申请',
  'not_processed.publication': '三（五）不予处理 3．要求提供公开出版物',
  'not_processed.excessive': '三（五）不予处理 4．无正当理由大量反复申请',
  'not_processed.confirmation': '三（五）不予处理 5．要求行政机关确认或重新出具已获取信息',
  'other.no_clarification': '三（六）其他处理 1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'other.unpaid_fee': '三（六）其他处理 2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  'other.other': '三（六）其他处理 3．其他',
  handled_total: '三（七）总计',
  carried_out: '四、结转下年度继续办理',
};

export const TABLE3_ROWS = ['new', 'carried_in', ...REQUEST_OUTCOMES, 'handled_total', 'carried_out'] as const;

/** One request as the table sees it: who asked, when it was received, and how and when it closed (if it did). */
export interface RequestFact {
  requesterKind: RequesterKind;
  requesterCategory: LegalPersonCategory | null;
  /** YYYY-MM-DD; a request not yet received (online, unconfirmed) is not counted anywhere. */
  receivedOn: string;
  closedOn: string | null;
  outcome: RequestOutcome | null;
}

export interface Table3 {
  year: number;
  rows: { code: string; label: string; values: Record<Table3Column, number> }[];
  crossCheck: { ok: boolean; detail: string };
}

const columnOf = (f: RequestFact): Exclude<Table3Column, 'total'> =>
  f.requesterKind === 'natural_person' ? 'natural_person' : (f.requesterCategory ?? 'other');

export function requestTable(year: number, facts: readonly RequestFact[]): Table3 {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const counts = new Map<string, Record<Table3Column, number>>(
    TABLE3_ROWS.map((code) => [code, Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, 0])) as Record<Table3Column, number>]),
  );
  const add = (code: string, f: RequestFact) => {
    const row = counts.get(code)!;
    row[columnOf(f)] += 1;
    row.total += 1;
  };
  for (const f of facts) {
    if (!f.receivedOn || f.receivedOn > end) continue;
    const closedBefore = f.closedOn !== null && f.closedOn < start;
    if (closedBefore) continue;
    if (f.receivedOn >= start) add('new', f);
    else add('carried_in', f);
    if (f.closedOn !== null && f.closedOn <= end && f.outcome) {
      add(f.outcome, f);
      add('handled_total', f);
    } else {
      add('carried_out', f);
    }
  }
  const rows = TABLE3_ROWS.map((code) => ({ code, label: TABLE3_LABELS[code], values: counts.get(code)! }));
  const value = (code: string, c: Table3Column) => counts.get(code)![c];
  const failures = TABLE3_COLUMNS.filter((c) => value('new', c) + value('carried_in', c) !== value('handled_total', c) + value('carried_out', c));
  return {
    year,
    rows,
    crossCheck: {
      ok: failures.length === 0,
      detail:
        failures.length === 0
          ? `一 + 二 = 三（七）+ 四：${value('new', 'total')} + ${value('carried_in', 'total')} = ${value('handled_total', 'total')} + ${value('carried_out', 'total')}`
          : `以下列不平衡：${failures.join('、')}`,
    },
  };
}
