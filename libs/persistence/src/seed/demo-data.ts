/**
 * The demo organisation (示范市教育局) as static data: the seed writes it, and
 * the token CLI reads it without a database. Black-box tests rely on these
 * usernames, names, departments and roles — change them only with the issue.
 */
import type { IndexNumberPattern } from '@gongkai/domain';

export type DemoRole = 'author' | 'section_head' | 'leader' | 'principal' | 'office' | 'office_head';

export interface DemoDepartment {
  id: string;
  name: string;
  kind: 'section' | 'office' | 'leadership';
  /** 咨询电话: the office line printed under the department's published interpretations (fictional numbers). */
  publicContact?: string;
}

export interface DemoUser {
  /** Username = users.id = the JWT subject. */
  id: string;
  name: string;
  departmentId: string;
  departmentName: string;
  roles: DemoRole[];
  /** For leaders: the sections they are responsible for (分管). */
  leads?: string[];
}

export const DEMO_INDEX_PATTERN: IndexNumberPattern = {
  organisationCode: '003012345',
  period: 'YYYY',
  serialWidth: 5,
  separator: '/',
};

export const DEMO_ORGANISATION = {
  id: 'demo',
  name: '示范市教育局',
  code: '003012345',
  indexPattern: DEMO_INDEX_PATTERN,
} as const;

/** Stable ids: 基础教育科 jichu, 政策法规科 zhengce, 办公室 bangongshi, 局领导 lingdao. */
export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { id: 'jichu', name: '基础教育科', kind: 'section', publicContact: '0000-12345601' },
  { id: 'zhengce', name: '政策法规科', kind: 'section', publicContact: '0000-12345602' },
  { id: 'bangongshi', name: '办公室', kind: 'office', publicContact: '0000-12345600' },
  { id: 'lingdao', name: '局领导', kind: 'leadership' },
];

const dept = (id: string) => DEMO_DEPARTMENTS.find((d) => d.id === id)!.name;

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'zhangwei', name: '张伟', departmentId: 'jichu', departmentName: dept('jichu'), roles: ['author'] },
  { id: 'liuyang', name: '刘洋', departmentId: 'jichu', departmentName: dept('jichu'), roles: ['author'] },
  { id: 'lina', name: '李娜', departmentId: 'jichu', departmentName: dept('jichu'), roles: ['section_head'] },
  { id: 'sunli', name: '孙丽', departmentId: 'zhengce', departmentName: dept('zhengce'), roles: ['author'] },
  { id: 'zhoutao', name: '周涛', departmentId: 'zhengce', departmentName: dept('zhengce'), roles: ['section_head'] },
  {
    id: 'wangqiang',
    name: '王强',
    departmentId: 'lingdao',
    departmentName: dept('lingdao'),
    roles: ['leader'],
    leads: ['jichu', 'zhengce'],
  },
  { id: 'chenjun', name: '陈军', departmentId: 'lingdao', departmentName: dept('lingdao'), roles: ['principal'] },
  { id: 'zhaomin', name: '赵敏', departmentId: 'bangongshi', departmentName: dept('bangongshi'), roles: ['office'] },
  // 政务公开办负责人: alone approves the extension of a disclosure request's period (issue 13).
  { id: 'qianli', name: '钱莉', departmentId: 'bangongshi', departmentName: dept('bangongshi'), roles: ['office', 'office_head'] },
];

export interface CatalogCategorySeed {
  code: string;
  name: string;
  parentCode?: string;
  sort: number;
}

/**
 * 公开目录 (two-level 主题分类). Codes are the category names themselves, so an
 * API client can send `"category": "工作动态"`; parents group their children.
 */
export const DEFAULT_CATALOG_CATEGORIES: readonly CatalogCategorySeed[] = [
  { code: '机构信息', name: '机构信息', sort: 10 },
  { code: '机构职能', name: '机构职能', parentCode: '机构信息', sort: 11 },
  { code: '领导信息', name: '领导信息', parentCode: '机构信息', sort: 12 },
  { code: '人事信息', name: '人事信息', parentCode: '机构信息', sort: 13 },
  { code: '政策文件', name: '政策文件', sort: 20 },
  { code: '规范性文件', name: '规范性文件', parentCode: '政策文件', sort: 21 },
  { code: '其他政策文件', name: '其他政策文件', parentCode: '政策文件', sort: 22 },
  { code: '政策解读', name: '政策解读', parentCode: '政策文件', sort: 23 },
  { code: '政务动态', name: '政务动态', sort: 30 },
  { code: '工作动态', name: '工作动态', parentCode: '政务动态', sort: 31 },
  { code: '通知公告', name: '通知公告', parentCode: '政务动态', sort: 32 },
  { code: '规划计划', name: '规划计划', sort: 40 },
  { code: '财政信息', name: '财政信息', sort: 50 },
  { code: '财政预决算', name: '财政预决算', parentCode: '财政信息', sort: 51 },
  { code: '公众参与', name: '公众参与', sort: 60 },
  { code: '征求意见', name: '征求意见', parentCode: '公众参与', sort: 61 },
  { code: '意见反馈', name: '意见反馈', parentCode: '公众参与', sort: 62 },
];

export type RouteRole = 'section_head' | 'leader' | 'principal';

export interface ReviewRouteSeed {
  category: string;
  attribute: '*' | 'proactive' | 'on_request' | 'not_disclosed';
  levels: RouteRole[];
  priority: number;
}

const THREE: RouteRole[] = ['section_head', 'leader', 'principal'];
const TWO: RouteRole[] = ['section_head', 'leader'];

/** Routine news two levels; normative documents, policies and anything not 主动公开 three. */
export const DEFAULT_REVIEW_ROUTES: readonly ReviewRouteSeed[] = [
  { category: '工作动态', attribute: 'proactive', levels: TWO, priority: 0 },
  // 征求意见 notices and their 意见采纳情况反馈: section head → leader (issue 12).
  { category: '征求意见', attribute: 'proactive', levels: TWO, priority: 0 },
  { category: '意见反馈', attribute: 'proactive', levels: TWO, priority: 0 },
  { category: '规范性文件', attribute: '*', levels: THREE, priority: 0 },
  { category: '政策文件', attribute: '*', levels: THREE, priority: 0 },
  { category: '*', attribute: 'on_request', levels: THREE, priority: 0 },
  { category: '*', attribute: 'not_disclosed', levels: THREE, priority: 0 },
  { category: '*', attribute: '*', levels: TWO, priority: 0 },
];

export const DEFAULT_REVIEW_SETTINGS = {
  reminder_working_days: 2,
  escalation_working_days: 5,
} as const;
