import { DEMO_USERS } from '@gongkai/persistence';
import { ROLE_LABELS } from './roles';
import { signToken, type TokenUser } from './tokens';

export interface DemoToken extends TokenUser {
  departmentName: string;
  /** e.g. 张伟（基础教育科，撰稿人） — for a launcher to print beside the token. */
  label: string;
  token: string;
}

/** The demo organisation's users as token subjects (the users `npm start` seeds). */
export function demoTokenUsers(): (TokenUser & { departmentName: string })[] {
  return DEMO_USERS.map((u) => ({ username: u.id, name: u.name, departmentId: u.departmentId, departmentName: u.departmentName, roles: [...u.roles] }));
}

/** One token per demo user, signed with `secret` (from loadOrCreateAuthSecret), for the launcher to print. */
export async function demoTokens(secret: string, ttl: string | number = '12h'): Promise<DemoToken[]> {
  return Promise.all(
    demoTokenUsers().map(async (user) => ({
      ...user,
      label: `${user.name}（${user.departmentName}，${user.roles.map((r) => ROLE_LABELS[r]).join('、')}）`,
      token: await signToken(user, secret, ttl),
    })),
  );
}
