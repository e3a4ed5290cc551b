import { Inject, Injectable, Optional } from '@nestjs/common';
import { UserRepository } from '@gongkai/persistence';
import { isRole, type AuthenticatedUser } from './roles';

/**
 * How long an answer from `users` is reused. Deactivating a user or changing
 * their roles or department reaches every request within this; short enough
 * for that, long enough that a page's burst of requests costs one query.
 */
export const USER_CACHE_MS = 5_000;

/** More than one organisation's staff; past it the oldest answer is dropped. */
export const USER_CACHE_ENTRIES = 1_000;

export interface UserDirectoryOptions {
  cacheMs?: number;
  maxEntries?: number;
  /** Milliseconds, like Date.now (tests move it). */
  now?: () => number;
}

/** Optional provider overriding the cache period or size. */
export const USER_DIRECTORY_OPTIONS = Symbol('UserDirectoryOptions');

/** What the token verifier needs: an in-memory fake stands in for it in unit tests. */
export type ActiveUsers = Pick<UserDirectory, 'activeUser'>;

interface Answer {
  at: number;
  user: Promise<AuthenticatedUser | undefined>;
}

/**
 * Who a token's `sub` is, from `users`: name, department and roles are the
 * table's, never the token's, so an administrator's change applies to tokens
 * already handed out.
 */
@Injectable()
export class UserDirectory {
  private readonly cacheMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Oldest first: an entry is re-inserted when it is looked up again. */
  private readonly answers = new Map<string, Answer>();

  constructor(
    private readonly users: UserRepository,
    @Optional() @Inject(USER_DIRECTORY_OPTIONS) options: UserDirectoryOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? USER_CACHE_MS;
    this.maxEntries = options.maxEntries ?? USER_CACHE_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /** The user `userId` if they exist and are active, otherwise undefined. Rejects when the database cannot answer. */
  activeUser(userId: string): Promise<AuthenticatedUser | undefined> {
    const now = this.now();
    const cached = this.answers.get(userId);
    if (cached && now - cached.at < this.cacheMs) return cached.user;
    this.answers.delete(userId);
    if (this.answers.size >= this.maxEntries) this.answers.delete(this.answers.keys().next().value as string);
    // The promise itself is kept, so requests arriving together share one query.
    const user = this.load(userId);
    this.answers.set(userId, { at: now, user });
    user.catch(() => {
      if (this.answers.get(userId)?.user === user) this.answers.delete(userId);
    });
    return user;
  }

  /** The department's display name (for the signed-in user's header). */
  async departmentName(departmentId: string): Promise<string | undefined> {
    return (await this.users.department(departmentId))?.name;
  }

  private async load(userId: string): Promise<AuthenticatedUser | undefined> {
    const row = await this.users.activeUser(userId);
    return row && { userId: row.id, name: row.name, departmentId: row.departmentId, roles: row.roles.filter(isRole) };
  }
}
