/**
 * The text of a consultation's notice (征求意见公告) as drafted: what it is,
 * how long the window is (and why, when shorter than 30 days), how to comment,
 * then the draft and the explanation. The exact closing date is appended when
 * the notice is published (publish.ts), because it depends on that day.
 */
import { CONSULTATION_MIN_DAYS } from '@gongkai/contracts';

export function noticeText(c: { title: string; draftBody: string; explanation: string; days: number; shortReason: string | null }): string {
  const subject = c.title.replace(/^关于/, '').replace(/(公开)?征求意见的公告$/, '');
  const period =
    c.days < CONSULTATION_MIN_DAYS && c.shortReason
      ? `一、征求意见期为 ${c.days} 日（自公告发布次日起计算）。因${c.shortReason.replace(/[。.]$/, '')}，征求意见期少于 ${CONSULTATION_MIN_DAYS} 日。`
      : `一、征求意见期为 ${c.days} 日（自公告发布次日起计算）。`;
  return [
    `为提高决策的科学性和透明度，现将${subject}全文公布，公开征求社会公众意见。有关事项如下：`,
    period,
    '二、社会公众可通过本网站“征求意见”栏目在线提交意见，请尽量注明针对的条款。姓名和联系方式可不填写，填写的仅供工作人员联系核实，不予公开。',
    '三、征求意见结束后，我单位将对意见逐条研究处理，并公开意见采纳情况反馈。',
    '',
    '征求意见稿',
    c.draftBody.trim(),
    '',
    '起草说明',
    c.explanation.trim(),
  ].join('\n');
}
