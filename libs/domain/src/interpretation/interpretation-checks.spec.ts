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
