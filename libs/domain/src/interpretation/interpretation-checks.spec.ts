import { copiedShare, interpretationWarnings, missingElements, sentences } from './index';

const POLICY = `关于进一步规范校外培训机构收费管理的办法
第一条 为规范校外培训机构收费行为，保障学生和家长合法权益，根据《中华人民共和国民办教育促进法》等法律法规，结合本市实际，制定本办法。
第二条 本办法适用于本市行政区域内面向中小学生开展学科类和非学科类培训的校外培训机构。
第三条 校外培训机构应当在办学场所显著位置和网络平台公示收费项目、收费标准和退费办法。
第四条 校外培训机构不得一次性收取或以充值、次卡等形式变相收取时间跨度超过三个月的费用。
第五条 本办法自2026年3月1日起施行。原《校外培训机构收费管理暂行办法》同时废止。`;

const COMPLETE = `一、出台背景和依据：近年来，部分校外培训机构预收费过多、“退费难”问题突出，群众反映强烈。依据民办教育促进法，我们制定了本办法。
二、目标任务：到2026年底，全市校外培训收费全部纳入监管，预收费风险得到有效防范。
三、主要内容：办法共五条，重点明确了收费公示和预收费时限两项要求。
四、适用范围：全市面向中小学生的学科类和非学科类校外培训机构均须遵守。
五、执行标准：每次收费的时间跨度不超过三个月，收费项目须提前公示。
六、注意事项：家长缴费时请通过监管平台支付，并索取正式票据。
七、新旧政策差异：与原暂行办法相比，预收费时限由六个月缩短为三个月。`;

const COPIED = `为规范校外培训机构收费行为，保障学生和家长合法权益，根据《中华人民共和国民办教育促进法》等法律法规，结合本市实际，制定本办法。
本办法适用于本市行政区域内面向中小学生开展学科类和非学科类培训的校外培训机构。
校外培训机构应当在办学场所显著位置和网络平台公示收费项目、收费标准和退费办法。
办法的出台将更好地保护家长的权益。`;

describe('the standard elements of a 文字解读', () => {
  it('finds every element in a complete interpretation', () => {
    expect(missingElements(COMPLETE)).toEqual([]);
  });

  it('names the elements a thin interpretation lacks', () => {
    expect(missingElements('本办法的主要内容是规范收费公示。')).toEqual(['背景依据', '目标任务', '适用范围', '执行标准', '注意事项', '新旧政策差异']);
  });

  it('takes a configured list', () => {
    expect(missingElements('政策出台背景如下。', [{ name: '背景依据', cues: ['背景'] }, { name: '解读机关', cues: ['解读机关'] }])).toEqual(['解读机关']);
  });
});

describe('sentences copied from the policy (文件摘抄式解读)', () => {
  it('splits at Chinese sentence ends and drops list markers', () => {
    expect(sentences('一、出台背景和依据：近年来问题突出。二、目标任务：全部纳入监管！')).toEqual(['出台背景和依据：近年来问题突出', '目标任务：全部纳入监管']);
  });

  it('measures the share of copied sentences', () => {
    expect(copiedShare(COPIED, POLICY)).toBe(0.75);
    expect(copiedShare(COMPLETE, POLICY)).toBe(0);
  });

  it('warns above the threshold, not below it', () => {
    expect(interpretationWarnings('qa', COPIED, POLICY).map((w) => w.kind)).toEqual(['copied_from_policy']);
    expect(interpretationWarnings('qa', COPIED, POLICY, { copyThreshold: 0.8 })).toEqual([]);
    expect(interpretationWarnings('text', COMPLETE, POLICY)).toEqual([]);
  });

  it('checks elements on 文字解读 only', () => {
    const thin = '问：收费标准在哪里公示？答：在办学场所显著位置公示。';
    expect(interpretationWarnings('qa', thin, POLICY)).toEqual([]);
    expect(interpretationWarnings('text', thin, POLICY)[0]).toMatchObject({ kind: 'missing_elements', message: expect.stringContaining('背景依据') });
  });
});

/** A second real-looking pair: a housing-fund notice and interpretations of it, written as departments write them. */
const HOUSING_POLICY = `关于调整住房公积金个人住房贷款政策的通知
各区住房公积金管理部、各受托银行：
为更好支持缴存职工刚性和改善性住房需求，根据《住房公积金管理条例》和省住房城乡建设厅有关要求，经市住房公积金管理委员会审议通过，现就调整住房公积金个人住房贷款政策通知如下。
一、缴存职工家庭购买首套自住住房的，住房公积金贷款最高额度由60万元提高至80万元。
二、多子女家庭购买自住住房的，贷款最高额度在上述标准基础上上浮20%。
三、借款人申请贷款时，应当连续足额缴存住房公积金6个月以上。
四、本通知自2026年1月1日起施行。此前已受理的贷款申请，按原政策执行。`;

const HOUSING_TEXT = `《关于调整住房公积金个人住房贷款政策的通知》政策解读
一、出台背景
近年来我市房价和职工购房需求发生了较大变化，原定的60万元贷款额度已难以满足职工需要。依据《住房公积金管理条例》，市公积金管委会审议通过了本次调整。
二、目标任务
减轻缴存职工购房负担，重点支持首套和多子女家庭购房。
三、主要内容
一是提高首套房贷款额度；二是对多子女家庭再上浮两成；三是明确申请贷款的缴存时间要求。
四、适用范围
在本市正常缴存住房公积金、购买自住住房的职工家庭。
五、执行标准
首套自住住房最高可贷80万元，多子女家庭最高可贷96万元；申请前须连续足额缴存满6个月。
六、注意事项
2026年1月1日前已受理的申请仍按原政策办理，职工无需重新提交材料。
七、新旧政策对比
与原政策相比，首套房最高额度提高了20万元，并新增多子女家庭上浮规定。`;

/** 文件摘抄式解读: the notice's own sentences strung together under an interpretation's heading. */
const HOUSING_COPIED = `关于调整住房公积金个人住房贷款政策的解读
为更好支持缴存职工刚性和改善性住房需求，根据《住房公积金管理条例》和省住房城乡建设厅有关要求，经市住房公积金管理委员会审议通过，现就调整住房公积金个人住房贷款政策通知如下。
一、缴存职工家庭购买首套自住住房的，住房公积金贷款最高额度由60万元提高至80万元。
二、多子女家庭购买自住住房的，贷款最高额度在上述标准基础上上浮20%。
三、借款人申请贷款时，应当连续足额缴存住房公积金6个月以上。
总之，这次调整是一项惠民举措。`;

describe('content checks on a housing-fund notice', () => {
  it('passes an original 文字解读 that covers every element', () => {
    expect(missingElements(HOUSING_TEXT)).toEqual([]);
    expect(copiedShare(HOUSING_TEXT, HOUSING_POLICY)).toBe(0);
    expect(interpretationWarnings('text', HOUSING_TEXT, HOUSING_POLICY)).toEqual([]);
  });

  it('names exactly the elements a 文字解读 leaves out', () => {
    const withoutScopeAndNotes = HOUSING_TEXT.replace(/四、适用范围\n[^\n]+\n/, '').replace(/六、注意事项\n[^\n]+\n/, '');
    expect(missingElements(withoutScopeAndNotes)).toEqual(['适用范围', '注意事项']);
    const [warning] = interpretationWarnings('text', withoutScopeAndNotes, HOUSING_POLICY);
    expect(warning).toEqual({ kind: 'missing_elements', missing: ['适用范围', '注意事项'], message: '文字解读缺少以下要素：适用范围、注意事项' });
  });

  it('flags the notice copied out sentence by sentence, with the share in the message', () => {
    // Four of its six sentences (of at least 8 characters) are the notice's; the heading and the closing line are not.
    const share = copiedShare(HOUSING_COPIED, HOUSING_POLICY);
    expect(share).toBeCloseTo(4 / 6);
    const copied = interpretationWarnings('qa', HOUSING_COPIED, HOUSING_POLICY).find((w) => w.kind === 'copied_from_policy');
    expect(copied?.message).toBe('解读中 67% 的句子照抄政策原文（超过 50%），属“文件摘抄式解读”，请用通俗语言解读');
  });

  it('ignores whitespace and line breaks the copier changed', () => {
    const reflowed = '借款人申请贷款时，应当连续足额\n缴存住房公积金6个月以上。多子女家庭购买自住住房的，贷款最高额度 在上述标准基础上上浮20%。';
    // Line breaks split sentences, so the first is two fragments; each fragment is still found in the notice.
    expect(copiedShare(reflowed, HOUSING_POLICY)).toBe(1);
  });

  it('follows a configured threshold at its boundary: the warning is for shares above it', () => {
    const share = copiedShare(HOUSING_COPIED, HOUSING_POLICY);
    expect(interpretationWarnings('qa', HOUSING_COPIED, HOUSING_POLICY, { copyThreshold: share })).toEqual([]);
    expect(interpretationWarnings('qa', HOUSING_COPIED, HOUSING_POLICY, { copyThreshold: 0.3 }).map((w) => w.kind)).toEqual(['copied_from_policy']);
    expect(interpretationWarnings('qa', HOUSING_TEXT, HOUSING_POLICY, { copyThreshold: 0.01 })).toEqual([]);
  });

  it('checks a configured element list instead of the standard one', () => {
    const elements = [
      { name: '解读机关', cues: ['解读机关', '解读单位'] },
      { name: '咨询方式', cues: ['咨询电话', '联系电话'] },
    ];
    const warnings = interpretationWarnings('text', `${HOUSING_TEXT}\n解读单位：市住房公积金管理中心`, HOUSING_POLICY, { elements });
    expect(warnings).toEqual([{ kind: 'missing_elements', missing: ['咨询方式'], message: '文字解读缺少以下要素：咨询方式' }]);
  });

  it('warns a copied 文字解读 on both counts', () => {
    expect(interpretationWarnings('text', HOUSING_COPIED, HOUSING_POLICY).map((w) => w.kind)).toEqual(['missing_elements', 'copied_from_policy']);
  });
});
