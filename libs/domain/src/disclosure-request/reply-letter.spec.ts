import { REQUEST_OUTCOMES, type RequestOutcome } from '@gongkai/contracts';
import { DEFAULT_REVIEW_BODY, REPLY_LETTER_TITLE, remedies, replyLetter, type ReplyLetterFacts } from './reply-letter';

const facts = (outcome: RequestOutcome, more: Partial<ReplyLetterFacts> = {}): ReplyLetterFacts => ({
  outcome,
  agencyName: '示范市教育局',
  requesterName: '李明',
  trackingCode: 'SQ-2026-ABCDEFGH',
  receivedOn: '2026-11-02',
  content: '申请公开2026年本市义务教育阶段学校招生计划',
  body: '该信息已在示范市教育局门户网站“法定主动公开内容”栏目公开。',
  issuedOn: '2026-11-20',
  draft: false,
  ...more,
});

/** The article (and item) each outcome must cite, and a phrase of its ground. */
const EXPECTED: Record<RequestOutcome, [article: string, phrase: string]> = {
  disclosed: ['第三十六条第（一）项', '予以公开'],
  partly_disclosed: ['第三十七条', '区分处理'],
  'refused.state_secret': ['第十四条', '国家秘密'],
  'refused.prohibited_by_law': ['第十四条', '法律、行政法规禁止公开'],
  'refused.three_safeties': ['第十四条', '国家安全、公共安全、经济安全、社会稳定'],
  'refused.third_party_rights': ['第十五条', '第三方合法权益'],
  'refused.internal_affairs': ['第十六条第一款', '内部事务信息'],
  'refused.process_information': ['第十六条第二款', '过程性信息'],
  'refused.enforcement_file': ['第十六条第二款', '行政执法案卷'],
  'refused.administrative_query': ['第三十六条第（七）项', '行政查询事项'],
  'unavailable.not_held': ['第三十六条第（四）项', '不存在'],
  'unavailable.needs_creation': ['第三十八条', '加工、分析'],
  'unavailable.unclear_after_clarification': ['第三十条', '补正后的申请内容仍不明确'],
  'not_processed.petition': ['第三十九条第一款', '信访、投诉、举报'],
  'not_processed.repeat': ['第三十六条第（六）项', '不予重复处理'],
  'not_processed.publication': ['第三十九条第二款', '公开出版物'],
  'not_processed.excessive': ['第三十五条', '明显超过合理范围'],
  'not_processed.confirmation': ['第二条', '确认或者重新出具'],
  'other.no_clarification': ['第三十条', '视为放弃申请'],
  'other.unpaid_fee': ['第四十二条', '信息处理费'],
  'other.other': ['第三十六条', '作如下处理'],
};

describe('replyLetter', () => {
  it.each(REQUEST_OUTCOMES.map((o) => [o]))('%s: cites its article, names the requester, and ends with the remedies', (outcome) => {
    const letter = replyLetter(facts(outcome));
    const text = letter.paragraphs.join('\n');
    const [article, phrase] = EXPECTED[outcome];
    expect(letter.title).toBe(REPLY_LETTER_TITLE);
    expect(letter.fileNumber).toBe('SQ-2026-ABCDEFGH');
    expect(letter.salutation).toBe('李明：');
    expect(letter.articles).toContain(article);
    expect(text).toContain(`《条例》${article}`);
    expect(text).toContain(phrase);
    expect(text).toContain('《中华人民共和国政府信息公开条例》');
    expect(text).toContain('2026年11月2日收到');
    expect(text).toContain('该信息已在示范市教育局门户网站');
    expect(letter.paragraphs.at(-2)).toBe(remedies());
    expect(letter.paragraphs.at(-2)).toContain('60日内向本级人民政府申请行政复议');
    expect(letter.paragraphs.at(-2)).toContain('6个月内向人民法院提起行政诉讼');
    expect(letter.signature).toEqual({ agency: '示范市教育局', date: '2026年11月20日' });
    expect(letter.draft).toBe(false);
  });

  it('names the responsible agency when the information is not this agency’s (Art. 36(5))', () => {
    const text = replyLetter(facts('unavailable.not_held', { responsibleAgency: '示范市人力资源和社会保障局' })).paragraphs.join('');
    expect(text).toContain('《条例》第三十六条第（五）项');
    expect(text).toContain('负责公开该政府信息的行政机关为示范市人力资源和社会保障局');
    expect(text).not.toContain('不存在');
  });

  it('tells where a petition belongs when the office names it (Art. 39)', () => {
    expect(replyLetter(facts('not_processed.petition', { responsibleAgency: '示范市信访局' })).paragraphs.join('')).toContain('示范市信访局');
  });

  it('dates the 补正 notice when it is known', () => {
    const text = replyLetter(facts('other.no_clarification', { body: undefined, clarification: { sentOn: '2026-11-05', replyBy: '2026-11-19' } })).paragraphs.join('');
    expect(text).toContain('已于2026年11月5日一次性告知您补正申请，补正期限至2026年11月19日');
  });

  it('marks a reply not yet issued as a draft, without a date', () => {
    const letter = replyLetter(facts('disclosed', { draft: true, issuedOn: undefined }));
    expect(letter.draft).toBe(true);
    expect(letter.signature.date).toContain('草稿');
    expect(replyLetter(facts('disclosed')).signature.date).not.toContain('草稿');
  });

  it('summarises a long request and takes a named review body', () => {
    const letter = replyLetter(facts('disclosed', { content: '信'.repeat(200), reviewBody: '示范市人民政府' }));
    expect(letter.paragraphs[0]).toContain(`“${'信'.repeat(80)}……”`);
    expect(letter.paragraphs.join('')).toContain('60日内向示范市人民政府申请行政复议');
    expect(DEFAULT_REVIEW_BODY).toBe('本级人民政府');
  });
});
