import { blocks, type Finding } from './finding';
import { ContentScreening } from './content-screening';
import { SEED_DICTIONARY } from './dictionary';
import { parseScreeningConfig, ScreeningConfigError } from './screening-config';
import { CLEAN_NOTICE, LOOKALIKE_NUMBERS, REPLY_WITH_PERSONAL_DATA, SAMPLE_LEADERS } from './samples';

const screening = new ContentScreening({ leaders: SAMPLE_LEADERS });
const brief = (findings: Finding[]) => findings.map((f) => [f.kind, f.severity, f.text]);

describe('ContentScreening: a clean notice', () => {
  it('finds nothing in a notice that is fit to publish', () => {
    expect(screening.screen(CLEAN_NOTICE)).toEqual([]);
  });

  it('finds nothing in the same notice as editor HTML', () => {
    const html = CLEAN_NOTICE.split('\n')
      .map((line) => `<p style="text-indent:2em">${line.replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;')}</p>`)
      .join('');
    expect(screening.screen(html, 'html')).toEqual([]);
  });
});

describe('personal data (blocks)', () => {
  const findings = screening.screen(REPLY_WITH_PERSONAL_DATA);

  it('finds ID numbers, phone numbers, bank cards and e-mail addresses', () => {
    expect(brief(findings)).toEqual([
      ['id_card', 'block', '340104199003071235'],
      ['mobile_phone', 'block', '13912345678'],
      ['id_card', 'block', '341122198512120022'],
      ['mobile_phone', 'block', '+86 139-0551-2468'],
      ['email', 'block', 'liumou1988@163.com'],
      ['id_card', 'block', '340104900307123'],
      ['bank_card', 'block', '6222 0212 3456 7890 128'],
      ['bank_card', 'block', '6228480012345678903'],
      ['landline_phone', 'block', '0551-65432109'],
      ['landline_phone', 'warn', '0551-62999999'],
      ['email', 'warn', 'zwgk@hefei.gov.cn'],
    ]);
    expect(blocks(findings)).toBe(true);
  });

  it('reports positions in the submitted text and suggests a masked form', () => {
    const id = findings[0];
    expect(REPLY_WITH_PERSONAL_DATA.slice(id.start, id.end)).toBe('340104199003071235');
    expect(id.suggestion).toContain('3401**********1235');
    expect(findings[1].suggestion).toContain('139****5678');
  });

  it('does not flag index numbers, 文号, statistics, failed check digits or credit codes', () => {
    expect(screening.screen(LOOKALIKE_NUMBERS)).toEqual([]);
  });
});

describe('classification marks (blocks)', () => {
  it('flags marks in header position, with ★, after 密级, and bracketed', () => {
    const text = `秘密★1年\n\n关于某项目选址方案的请示\n（内部资料）\n密级：机密\n绝密\n本材料仅供领导参阅，不得外传。\n`;
    expect(brief(screening.screen(text))).toEqual([
      ['classification_mark', 'block', '秘密★1年'],
      ['classification_mark', 'block', '（内部资料）'],
      ['classification_mark', 'block', '密级：机密'],
      ['classification_mark', 'block', '绝密'],
      ['classification_mark', 'block', '不得外传'],
    ]);
  });

  it('flags a mark alone on a line inside HTML', () => {
    const html = '<p align="right">机密 1年</p><p>关于2025年度财政预算调整的报告</p>';
    const [mark] = screening.screen(html);
    expect(mark).toMatchObject({ kind: 'classification_mark', text: '机密 1年' });
    expect(html.slice(mark.start, mark.end)).toBe('机密 1年');
  });

  it('leaves 秘书长, 秘密性, 国家秘密, 商业秘密 and 机密 in running text alone', () => {
    const text =
      '市政府秘书长主持会议。会议强调，要增强保密意识，认清国家秘密的秘密性，依法保护商业秘密；对涉及机密事项的政府信息，按照内部文件管理规定处理。';
    expect(screening.screen(text)).toEqual([]);
  });
});

describe('sensitive words and typos (warn)', () => {
  it('flags misspellings and wrong official terms with the right form', () => {
    const text =
      '会议要求认真贯切落实市委市政府布署，持续优化营商坏境，深度融入一带一路战略，谋划好十四五规划收官工作，再接再励。';
    const findings = screening.screen(text);
    expect(brief(findings)).toEqual([
      ['typo', 'warn', '贯切落实'],
      ['typo', 'warn', '布署'],
      ['typo', 'warn', '营商坏境'],
      ['sensitive_word', 'warn', '一带一路战略'],
      ['sensitive_word', 'warn', '十四五规划'],
      ['typo', 'warn', '再接再励'],
    ]);
    expect(findings[3].suggestion).toBe('建议改为““一带一路”倡议”：规范表述为“一带一路”倡议');
    expect(blocks(findings)).toBe(false);
  });

  it('accepts a term in a context listed as allowed', () => {
    expect(screening.screen('该档案形成于中华民国时期。')).toEqual([]);
    expect(brief(screening.screen('不得使用中华民国称谓。'))).toEqual([['sensitive_word', 'warn', '中华民国']]);
  });

  it('uses a deployment dictionary instead of the seed when given one', () => {
    const custom = new ContentScreening({
      dictionary: [...SEED_DICTIONARY, { term: '合肥市政府办', category: 'typo', replacement: '合肥市人民政府办公室' }],
    });
    expect(brief(custom.screen('合肥市政府办关于布署工作的通知'))).toEqual([
      ['typo', 'warn', '合肥市政府办'],
      ['typo', 'warn', '布署'],
    ]);
  });
});

describe('leader titles (warn)', () => {
  it('catches a wrong title before or after a leader’s name', () => {
    const text = '副市长张明华出席会议并讲话，市委副书记李建国主持，王秀兰市长作总结。';
    const findings = screening.screen(text);
    expect(brief(findings)).toEqual([
      ['leader_title', 'warn', '副市长张明华'],
      ['leader_title', 'warn', '市委副书记李建国'],
      ['leader_title', 'warn', '王秀兰市长'],
    ]);
    expect(findings[0].suggestion).toBe('张明华现任市委副书记、市长，此处写作“副市长”，请核对职务');
  });

  it('accepts every title the leader holds, in full or short form after the name', () => {
    const text = '市委副书记、市长张明华，副市长李建国，王秀兰书记，张明华同志，市长张明华。';
    expect(screening.screen(text)).toEqual([]);
  });
});

describe('document numbers (warn)', () => {
  it('flags wrong brackets, short years, leading zeros and 第', () => {
    const text =
      '根据皖政办[2022]5号、合政(2023)12号、合政秘【2024】3号、皖政〔22〕8号、国办函〔2020〕009号和国发〔2019〕第7号文件精神。';
    const findings = screening.screen(text);
    expect(brief(findings).map(([, , t]) => t)).toEqual([
      '[2022]5号',
      '(2023)12号',
      '【2024】3号',
      '〔22〕8号',
      '〔2020〕009号',
      '〔2019〕第7号',
    ]);
    expect(findings.every((f) => f.kind === 'document_number' && f.severity === 'warn')).toBe(true);
    expect(findings[0].suggestion).toBe('年份应使用六角括号“〔〕”，不能使用“[]”。应写作“〔2022〕5号”');
    expect(findings[3].suggestion).toContain('（请核对年份）');
  });

  it('does not flag correct 文号 or court case numbers', () => {
    expect(screening.screen('依据国办函〔2020〕109号，参照（2022）皖01行初5号判决。')).toEqual([]);
  });
});

describe('screenDraft', () => {
  it('screens title and body and says where each finding is', () => {
    const body = '<p>联系人：<b>陈某某</b>，手机&nbsp;13912345678</p>';
    const findings = screening.screenDraft({ title: '关于布署2025年政务公开工作的通知', body, format: 'html' });
    expect(findings.map((f) => [f.field, f.kind, f.start, f.end])).toEqual([
      ['title', 'typo', 2, 4],
      ['body', 'mobile_phone', body.indexOf('139'), body.indexOf('</p>')],
    ]);
  });

  it('lets a deployment change a severity', () => {
    const lenient = new ContentScreening({ severity: { landline_phone: 'warn' } });
    expect(lenient.screen('家庭电话0551-65432109')[0].severity).toBe('warn');
  });
});

describe('the deployment dictionary file', () => {
  it('extends the seed with entries and leaders', () => {
    const options = parseScreeningConfig({
      entries: [{ term: '政务公开办公室', category: 'typo', replacement: '政务公开办' }],
      leaders: [{ name: '赵文博', titles: ['区长'] }],
    });
    const custom = new ContentScreening(options);
    expect(brief(custom.screen('副区长赵文博要求政务公开办公室做好布署'))).toEqual([
      ['leader_title', 'warn', '副区长赵文博'],
      ['typo', 'warn', '政务公开办公室'],
      ['typo', 'warn', '布署'],
    ]);
  });

  it('says what is wrong with a broken file', () => {
    expect(() => parseScreeningConfig({ entries: [{ term: '', category: 'x' }], leaders: [{ name: '赵' }] })).toThrow(
      ScreeningConfigError,
    );
  });
});
