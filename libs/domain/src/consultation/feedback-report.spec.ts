import { feedbackReport } from './feedback-report';

describe('feedbackReport', () => {
  const report = feedbackReport({
    title: '关于《示范市中小学校课后服务管理办法（征求意见稿）》公开征求意见的公告',
    opensAt: '2026-03-02T02:00:00Z',
    closesAt: '2026-04-01T15:59:59.999Z',
    commentCount: 5,
    clusters: [
      { size: 3, text: '建议延长课后服务时间到18点。', decision: 'adopted', reason: null },
      { size: 1, text: '我的电话13812345678，建议免收费用。', decision: 'not_adopted', reason: '课后服务成本需合理分担，收费标准已从低核定' },
      { size: 1, text: '建议增加体育活动。', decision: 'partly_adopted', reason: '已在第八条增加体育类服务内容' },
    ],
  });

  it('is titled after the consultation', () => {
    expect(report.title).toBe('关于《示范市中小学校课后服务管理办法（征求意见稿）》征求意见采纳情况的反馈');
  });

  it('counts comments by decision and states the window', () => {
    expect(report.body).toContain('2026年3月2日至2026年4月1日');
    expect(report.body).toContain('共收到意见 5 条（内容相同的意见合并为 3 项）');
    expect(report.body).toContain('采纳 3 条，部分采纳 1 条，不予采纳 1 条，不适用 0 条');
  });

  it('summarises every cluster with its decision and reason, duplicates counted', () => {
    expect(report.body).toContain('意见（3 条相同意见）：建议延长课后服务时间到18点。');
    expect(report.body).toContain('处理：不予采纳。理由：课后服务成本需合理分担');
    expect(report.body.indexOf('一、采纳的意见')).toBeLessThan(report.body.indexOf('二、部分采纳的意见'));
  });

  it('never prints personal data from the comments', () => {
    expect(report.body).not.toContain('13812345678');
    expect(report.body).toContain('138****5678');
  });
});
