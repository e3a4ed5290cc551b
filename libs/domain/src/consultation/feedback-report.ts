/**
 * The 意见采纳情况反馈 a consultation ends with, generated from the
 * dispositions: the counts by decision and every cluster summarised with its
 * reason — no names, no contacts, personal data in the comments' words masked.
 * The owner may edit the draft before it goes to review.
 */
import { DISPOSITION_LABELS, type DispositionDecision } from '@gongkai/contracts';
import { chineseDate, closingDate } from '.';
import { civilDateInShanghai } from '../calendar/civil-date';
import { maskPersonalDataIn } from '../screening/mask-text';

export interface FeedbackSource {
  title: string;
  opensAt: Date | string;
  closesAt: Date | string;
  commentCount: number;
  clusters: { size: number; text: string; decision: DispositionDecision; reason: string | null }[];
}

const ORDER: DispositionDecision[] = ['adopted', 'partly_adopted', 'not_adopted', 'not_applicable'];
/** A summary quotes at most this many characters of a comment. */
const QUOTE_LENGTH = 200;

export function feedbackReport(s: FeedbackSource): { title: string; body: string } {
  const subject = s.title.replace(/^关于/, '').replace(/(公开)?征求意见的公告$/, '');
  const title = `关于${subject}征求意见采纳情况的反馈`;
  const counts = ORDER.map((d) => ({ d, clusters: s.clusters.filter((c) => c.decision === d) }));
  const total = (d: DispositionDecision) => counts.find((c) => c.d === d)!.clusters.reduce((n, c) => n + c.size, 0);
  const lines = [
    `${chineseDate(civilDateInShanghai(new Date(s.opensAt)))}至${chineseDate(closingDate(s.closesAt))}，我单位就${subject}公开征求社会公众意见，共收到意见 ${s.commentCount} 条（内容相同的意见合并为 ${s.clusters.length} 项）。经认真研究，采纳 ${total('adopted')} 条，部分采纳 ${total('partly_adopted')} 条，不予采纳 ${total('not_adopted')} 条，不适用 ${total('not_applicable')} 条。具体情况如下：`,
  ];
  let n = 0;
  for (const { d, clusters } of counts) {
    if (clusters.length === 0) continue;
    lines.push('', `${['一', '二', '三', '四'][ORDER.indexOf(d)]}、${DISPOSITION_LABELS[d]}的意见`);
    for (const c of clusters) {
      n += 1;
      const words = maskPersonalDataIn(c.text.replace(/\s+/g, ' ').trim());
      const quote = words.length > QUOTE_LENGTH ? `${words.slice(0, QUOTE_LENGTH)}……` : words;
      lines.push(`${n}. 意见${c.size > 1 ? `（${c.size} 条相同意见）` : ''}：${quote}`);
      lines.push(`   处理：${DISPOSITION_LABELS[d]}${c.reason ? `。理由：${c.reason}` : '。'}`);
    }
  }
  lines.push('', '感谢社会各界对本项工作的关心和支持。');
  return { title, body: lines.join('\n') };
}
