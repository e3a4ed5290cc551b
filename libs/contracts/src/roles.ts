/**
 * The roles of gongkai and their names as civil servants know them — the one
 * place they are written (the API, the activities and the web app read them
 * from here).
 */
import type { Role } from './publication';

export const ROLES: readonly Role[] = ['author', 'section_head', 'leader', 'principal', 'office', 'office_head'];

export const ROLE_LABELS: Record<Role, string> = {
  author: '撰稿人',
  section_head: '科室负责人',
  leader: '分管领导',
  principal: '主要负责人',
  office: '政务公开办',
  office_head: '政务公开办负责人',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
