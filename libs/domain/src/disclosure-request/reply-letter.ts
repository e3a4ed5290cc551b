/**
 * The reply letter of a disclosure request (政府信息公开申请答复告知书), as
 * wording only: the title, the file number, the salutation and the ordered
 * paragraphs each outcome needs under the 政府信息公开条例 (2019), citing the
 * article it rests on, and the remedies every letter must end with. The API
 * sets it on an A4 page; the words live here so they are one rule, tested for
 * every outcome of table 3.
 */
import type { RequestOutcome } from '@gongkai/contracts';
import { chineseDate } from '../consultation';

export const REPLY_LETTER_TITLE = '政府信息公开申请答复告知书';
const REGULATION = '《中华人民共和国政府信息公开条例》（以下简称《条例》）';

/**
 * The body that hears an administrative review (复议机关) when none is known.
 * Under the 行政复议法 (2023) a decision of a department of a people's
 * government at or above county level is reviewed by that government
 * (本级人民政府); gongkai keeps no organisation tree above the agency, so this
 * default names it generically rather than guessing a name.
 */
export const DEFAULT_REVIEW_BODY = '本级人民政府';

export interface ReplyLetterFacts {
  outcome: RequestOutcome;
  /** The agency replying (the organisation the request was made to). */
  agencyName: string;
  requesterName: string;
  /** The tracking code (查询码): the letter's file number. */
  trackingCode: string;
  /** YYYY-MM-DD; absent only for an online filing never confirmed (no reply can exist then). */
  receivedOn?: string;
  /** What was asked for, as registered; summarised on the letter. */
  content: string;
  /** The office's own text: where the information is published, what is provided, the reasons in this case. */
  body?: string;
  /** "Not this agency's" (Art. 36(5)) or the proper channel (Art. 39): the agency to turn to. */
  responsibleAgency?: string;
  /** When the 补正 notice was sent and by when it was to be answered (Art. 30). */
  clarification?: { sentOn: string; replyBy: string };
  /** The date the reply was issued; absent (and `draft`) for a reply not yet issued. */
  issuedOn?: string;
  draft: boolean;
  /** 复议机关; DEFAULT_REVIEW_BODY when unknown. */
  reviewBody?: string;
}

export interface ReplyLetter {
  title: string;
  /** 编号: the tracking code. */
  fileNumber: string;
  /** 草稿 (not yet issued): shown on the letter. */
  draft: boolean;
  salutation: string;
  paragraphs: string[];
  /** Bottom right: the agency and the date (blank on a draft). */
  signature: { agency: string; date: string };
  /** The articles of the 条例 the outcome rests on, as cited (第三十六条第（三）项, …). */
  articles: string[];
}

const SUMMARY_CHARS = 80;
const summarised = (content: string) => {
  const flat = content.replace(/\s+/g, ' ').trim();
  return flat.length > SUMMARY_CHARS ? `${flat.slice(0, SUMMARY_CHARS)}……` : flat;
};

interface Wording {
  articles: string[];
  paragraphs: (f: ReplyLetterFacts) => string[];
}

/** Re-cites "《条例》" for an article after the regulation's first mention. */
const cite = (article: string) => `《条例》${article}`;

/** 不予公开: Art. 36(3) and the ground of Art. 14–16. */
const refused = (article: string, ground: string): Wording => ({
  articles: ['第三十六条第（三）项', article],
  paragraphs: () => [`经审查，您申请公开的政府信息${ground}。根据${cite(article)}、第三十六条第（三）项的规定，本机关决定不予公开。`],
});

const turnTo = (f: ReplyLetterFacts, what: string) => (f.responsibleAgency ? [`${what}${f.responsibleAgency}。`] : []);

const WORDING: Record<RequestOutcome, Wording> = {
  disclosed: {
    articles: ['第三十六条第（一）项', '第三十六条第（二）项'],
    paragraphs: () => [
      '经审查，您申请公开的政府信息属于公开范围，本机关决定予以公开。根据《条例》第三十六条第（一）项、第（二）项的规定：该信息已经主动公开的，本机关告知您获取该信息的方式和途径（公开的载体和位置）；可以公开的，本机关向您提供该信息，或者告知您获取该信息的方式、途径和时间。具体如下：',
    ],
  },
  partly_disclosed: {
    articles: ['第三十七条', '第三十六条第（二）项', '第三十六条第（三）项'],
    paragraphs: () => [
      '经审查，您申请公开的政府信息中含有不应当公开的内容，但能够作区分处理。根据《条例》第三十七条的规定，本机关向您提供可以公开的内容（第三十六条第（二）项），对不予公开的部分说明理由如下（第三十六条第（三）项）：',
    ],
  },
  'refused.state_secret': refused('第十四条', '属于依法确定为国家秘密的政府信息'),
  'refused.prohibited_by_law': refused('第十四条', '属于法律、行政法规禁止公开的政府信息'),
  'refused.three_safeties': refused('第十四条', '公开后可能危及国家安全、公共安全、经济安全、社会稳定'),
  'refused.third_party_rights': refused('第十五条', '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害'),
  'refused.internal_affairs': refused('第十六条第一款', '属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）'),
  'refused.process_information': refused('第十六条第二款', '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息'),
  'refused.enforcement_file': refused('第十六条第二款', '属于行政执法案卷信息'),
  'refused.administrative_query': {
    articles: ['第三十六条第（七）项'],
    paragraphs: () => [
      '经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对该信息的获取有特别规定。根据《条例》第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定向有关机关办理查询。',
    ],
  },
  'unavailable.not_held': {
    articles: ['第三十六条第（四）项', '第三十六条第（五）项'],
    paragraphs: (f) =>
      f.responsibleAgency
        ? [
            `经审查，您申请公开的政府信息不属于本机关负责公开。根据《条例》第三十六条第（五）项的规定，特此告知：负责公开该政府信息的行政机关为${f.responsibleAgency}，您可以向该机关提出申请。`,
          ]
        : ['经检索，本机关没有制作或者获取您申请公开的政府信息。根据《条例》第三十六条第（四）项的规定，特此告知：您申请公开的政府信息不存在。'],
  },
  'unavailable.needs_creation': {
    articles: ['第三十八条'],
    paragraphs: () => [
      '经审查，本机关没有您申请公开的现成信息，需要对现有政府信息进行加工、分析方能形成。根据《条例》第三十八条的规定，行政机关向申请人提供的信息应当是已制作或者获取的政府信息，本机关不予提供。',
    ],
  },
  'unavailable.unclear_after_clarification': {
    articles: ['第二十九条', '第三十条'],
    paragraphs: (f) => [
      `本机关${f.clarification ? `已于${chineseDate(f.clarification.sentOn)}` : '已'}依照《条例》第三十条的规定一次性告知您补正申请，但补正后的申请内容仍不明确，不符合《条例》第二十九条关于所需政府信息的名称、文号或者便于查询的特征性描述的要求，本机关无法确定您所需的政府信息，无法向您提供。`,
    ],
  },
  'not_processed.petition': {
    articles: ['第三十九条第一款'],
    paragraphs: (f) => [
      '经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据《条例》第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。',
      ...turnTo(f, '您可以向以下机关或渠道提出：'),
    ],
  },
  'not_processed.repeat': {
    articles: ['第三十六条第（六）项'],
    paragraphs: () => [
      '经审查，本机关已就您提出的政府信息公开申请作出答复，您本次重复申请公开相同的政府信息。根据《条例》第三十六条第（六）项的规定，本机关不予重复处理。',
    ],
  },
  'not_processed.publication': {
    articles: ['第三十九条第二款'],
    paragraphs: () => [
      '经审查，您申请的内容为要求提供政府公报、报刊、书籍等公开出版物。根据《条例》第三十九条第二款的规定，本机关告知您获取的途径，不作为政府信息公开申请处理。',
    ],
  },
  'not_processed.excessive': {
    articles: ['第三十五条'],
    paragraphs: () => [
      '经审查，您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查认为申请理由不合理。根据《条例》第三十五条的规定，本机关不予处理。',
    ],
  },
  'not_processed.confirmation': {
    articles: ['第二条', '第二十七条'],
    paragraphs: () => [
      '经审查，您的申请系要求本机关确认或者重新出具您已获取的信息，不属于《条例》第二条、第二十七条规定的获取政府信息的申请。本机关不作为政府信息公开申请处理。',
    ],
  },
  'other.no_clarification': {
    articles: ['第三十条'],
    paragraphs: (f) => [
      `本机关${f.clarification ? `已于${chineseDate(f.clarification.sentOn)}` : '已'}一次性告知您补正申请${f.clarification ? `，补正期限至${chineseDate(f.clarification.replyBy)}` : ''}。您无正当理由逾期未补正，根据《条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
    ],
  },
  'other.unpaid_fee': {
    articles: ['第四十二条'],
    paragraphs: () => [
      '本机关依照《条例》第四十二条及《政府信息公开信息处理费管理办法》的规定，已向您发出收取信息处理费的通知。您逾期未按通知要求缴纳费用，视为放弃申请，本机关不再处理该政府信息公开申请。',
    ],
  },
  'other.other': {
    articles: ['第三十六条'],
    paragraphs: () => ['根据《条例》第三十六条的规定，本机关对您的申请作如下处理：'],
  },
};

/** The remedies (条例 Art. 51; 行政复议法 60 days; 行政诉讼法 6 months), the last paragraph of every letter. */
export function remedies(reviewBody = DEFAULT_REVIEW_BODY): string {
  return `如对本答复不服，可以在收到本告知书之日起60日内向${reviewBody}申请行政复议，或者在6个月内向人民法院提起行政诉讼。`;
}

export function replyLetter(f: ReplyLetterFacts): ReplyLetter {
  const wording = WORDING[f.outcome];
  const received = f.receivedOn ? `${chineseDate(f.receivedOn)}收到` : '收到';
  const own = (f.body ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const issued = !f.draft && f.issuedOn;
  return {
    title: REPLY_LETTER_TITLE,
    fileNumber: f.trackingCode,
    draft: !issued,
    salutation: `${f.requesterName}：`,
    paragraphs: [
      `本机关于${received}您提出的政府信息公开申请，申请内容为“${summarised(f.content)}”。依据${REGULATION}的规定，现答复如下：`,
      ...wording.paragraphs(f),
      ...own,
      remedies(f.reviewBody),
      '特此告知。',
    ],
    signature: { agency: f.agencyName, date: issued ? chineseDate(f.issuedOn!) : '（草稿，未签发）' },
    articles: wording.articles,
  };
}
