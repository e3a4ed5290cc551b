/**
 * The sensitive-word and typo dictionary. Deployments extend or replace it
 * (docs/screening.md); the seed below covers errors that recur in government
 * texts and are wrong in every context, so they can warn without a human
 * having tuned them. Entries that are only wrong in some contexts list the
 * contexts in which they are fine (`allowedIn`).
 */
export interface DictionaryEntry {
  /** The wrong or sensitive form as it appears in text. */
  term: string;
  category: 'typo' | 'sensitive_word';
  /** What to write instead; empty when the term should simply go. */
  replacement: string;
  /** Why, shown to the author. */
  note?: string;
  /** Longer phrases containing `term` in which it is correct, e.g. a quotation. */
  allowedIn?: string[];
}

export const SEED_DICTIONARY: readonly DictionaryEntry[] = [
  // 错别字 — misspellings common in official writing
  { term: '布署', category: 'typo', replacement: '部署' },
  { term: '再接再励', category: 'typo', replacement: '再接再厉' },
  { term: '贯切落实', category: 'typo', replacement: '贯彻落实' },
  { term: '迫不急待', category: 'typo', replacement: '迫不及待' },
  { term: '按步就班', category: 'typo', replacement: '按部就班' },
  { term: '一愁莫展', category: 'typo', replacement: '一筹莫展' },
  { term: '既往不究', category: 'typo', replacement: '既往不咎' },
  { term: '营商坏境', category: 'typo', replacement: '营商环境' },
  { term: '生态坏境', category: 'typo', replacement: '生态环境' },
  { term: '党风廉正', category: 'typo', replacement: '党风廉政' },
  { term: '反腐唱廉', category: 'typo', replacement: '反腐倡廉' },
  { term: '社会主义核心价值关', category: 'typo', replacement: '社会主义核心价值观' },
  { term: '中华人名共和国', category: 'typo', replacement: '中华人民共和国' },
  { term: '政府信息公开条列', category: 'typo', replacement: '政府信息公开条例' },
  { term: '截止到', category: 'typo', replacement: '截至', note: '表示“到某时为止”用“截至”' },
  { term: '截止目前', category: 'typo', replacement: '截至目前', note: '表示“到某时为止”用“截至”' },
  { term: '国务院办公室', category: 'typo', replacement: '国务院办公厅', note: '机构名称有误' },
  // 规范表述 — wrong forms of official terms
  {
    term: '习近平总书记新时代中国特色社会主义思想',
    category: 'sensitive_word',
    replacement: '习近平新时代中国特色社会主义思想',
    note: '重要思想名称须使用规范全称，不得增减字词',
  },
  { term: '一带一路战略', category: 'sensitive_word', replacement: '“一带一路”倡议', note: '规范表述为“一带一路”倡议' },
  { term: '十四五规划', category: 'sensitive_word', replacement: '“十四五”规划', note: '“十四五”须加引号' },
  { term: '十五五规划', category: 'sensitive_word', replacement: '“十五五”规划', note: '“十五五”须加引号' },
  { term: '建国以来', category: 'sensitive_word', replacement: '新中国成立以来', note: '规范表述为“新中国成立”' },
  // 涉港澳台、涉外及称谓规范（新华社禁用词）
  { term: '台湾总统', category: 'sensitive_word', replacement: '台湾地区领导人' },
  { term: '台湾政府', category: 'sensitive_word', replacement: '台湾当局' },
  { term: '中华民国', category: 'sensitive_word', replacement: '', note: '涉台用语：历史表述须注明时期或加引号', allowedIn: ['中华民国时期', '“中华民国”'] },
  { term: '北朝鲜', category: 'sensitive_word', replacement: '朝鲜' },
  { term: '南朝鲜', category: 'sensitive_word', replacement: '韩国' },
  { term: '残废人', category: 'sensitive_word', replacement: '残疾人' },
];

/** A person in office and the titles they hold, so "副市长张三" is caught when 张三 is 市长. */
export interface Leader {
  name: string;
  /** Full current titles, e.g. ["市委副书记", "市长"]. */
  titles: string[];
}

/**
 * Title words recognised next to a name. Only these count as "a title was
 * written here"; the longest one adjacent to the name is compared.
 */
export const TITLE_WORDS: readonly string[] = (() => {
  const base = [
    '书记', '市委书记', '县委书记', '区委书记', '省委书记', '党组书记', '党委书记', '党工委书记',
    '省长', '市长', '县长', '区长', '州长', '镇长', '乡长', '主任', '局长', '厅长', '部长', '处长', '科长',
    '主席', '秘书长', '院长', '检察长', '署长', '委员', '常委', '总理', '组长', '巡视员', '调研员',
  ];
  const deputies = base.flatMap((t) => {
    const m = /^(市委|县委|区委|省委|党组|党委|党工委)(书记)$/.exec(t);
    return m ? [`${m[1]}副书记`] : [`副${t}`];
  });
  return [...base, ...deputies, '一级巡视员', '二级巡视员', '常务副市长', '常务副省长', '常务副县长', '常务副区长'];
})();
