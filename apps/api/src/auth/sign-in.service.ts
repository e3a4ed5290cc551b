import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  SessionsRepository,
  type SessionUser,
  SignInEventsRepository,
  UserCredentialsRepository,
} from '@gongkai/persistence';
import { API_CONFIG, type ApiConfig, type SignInConfig } from '../config';
import { PasswordIdentityProvider } from './identity-provider';
import { normaliseUsername } from '@gongkai/domain';
import { afterFailure, isLocked, minutesLeft } from './login-lockout';
import type { AuthenticatedUser } from './roles';
import { clearSessionCookie, CSRF_HEADER, sessionCookie, setSessionCookie } from './session-cookie';
import type { LoginDto, SessionDto } from './sign-in.dto';
import { UserDirectory } from './user-directory';

export const HTTP_LOCKED = 423;

const loginFailed = () => new UnauthorizedException({ message: '用户名或密码错误', code: 'LOGIN_FAILED' });
const locked = (minutes: number) =>
  new HttpException({ message: `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`, code: 'ACCOUNT_LOCKED' }, HTTP_LOCKED);
export const sessionExpired = () => new UnauthorizedException({ message: '未登录或会话已过期，请重新登录', code: 'UNAUTHENTICATED' });
export const csrfRejected = () => new ForbiddenException({ message: '页面已过期，请刷新后重试', code: 'CSRF_REJECTED' });

/** Methods that change nothing and so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionId = (cookieValue: string) => createHash('sha256').update(cookieValue, 'utf8').digest('hex');

export interface CookieSession {
  user: AuthenticatedUser;
  session: SessionUser;
}

/** Password sign-in, web sessions and their CSRF tokens. */
@Injectable()
export class SignInService {
  private readonly password: PasswordIdentityProvider;
  private readonly config: SignInConfig;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly events: SignInEventsRepository,
    private readonly credentials: UserCredentialsRepository,
    private readonly users: UserDirectory,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.password = new PasswordIdentityProvider(this.credentials);
    this.config = config.signIn;
  }

  async login(dto: LoginDto, request: FastifyRequest, reply: FastifyReply): Promise<SessionDto> {
    const username = normaliseUsername(dto.username);
    const ip = request.ip ?? null;
    const known = (await this.credentials.find(username))?.userId ?? null;
    const lockout = await this.events.lockout(username);
    const now = new Date();
    if (isLocked(lockout, now)) {
      await this.events.record({ username, userId: known, outcome: 'locked', ip });
      throw locked(minutesLeft(lockout, now));
    }
    const userId = await this.password.identify(username, { password: dto.password });
    const user = userId ? await this.users.activeUser(userId) : undefined;
    if (!user) {
      const after = await this.events.countFailure(username, (state, at) => afterFailure(state, at, this.config));
      await this.events.record({ username, userId: known, outcome: 'failure', lockedUntil: after.lockedUntil, ip });
      if (after.lockedUntil) throw locked(this.config.lockMinutes);
      throw loginFailed();
    }
    await this.events.clearFailures(username);
    await this.sessions.deleteExpired(this.config.sessionIdleMinutes);
    const cookieValue = randomBytes(32).toString('base64url');
    const session = await this.sessions.create({
      id: sessionId(cookieValue),
      userId: user.userId,
      csrfToken: randomBytes(32).toString('base64url'),
      maxHours: this.config.sessionMaxHours,
    });
    await this.events.record({ username, userId: user.userId, outcome: 'success', ip });
    setSessionCookie(request, reply, cookieValue);
    return this.body({ user, session });
  }

  async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const cookie = sessionCookie(request);
    if (cookie) await this.sessions.delete(sessionId(cookie));
    clearSessionCookie(request, reply);
  }

  async current(request: FastifyRequest): Promise<SessionDto> {
    const found = await this.authenticate(request);
    if (!found) throw sessionExpired();
    return this.body(found);
  }

  /** The user of the request's session cookie, when it names a live session of an active user. */
  async authenticate(request: FastifyRequest): Promise<CookieSession | undefined> {
    const cookie = sessionCookie(request);
    if (!cookie) return undefined;
    const session = await this.sessions.use(sessionId(cookie), this.config.sessionIdleMinutes);
    if (!session) return undefined;
    const user = await this.users.activeUser(session.userId);
    return user && { user, session };
  }

  /** Throws 403 CSRF_REJECTED when a write does not carry the session's token. */
  checkCsrf(request: FastifyRequest, session: SessionUser): void {
    if (SAFE_METHODS.has(request.method)) return;
    const sent = request.headers[CSRF_HEADER];
    const given = Buffer.from(typeof sent === 'string' ? sent : '', 'utf8');
    const expected = Buffer.from(session.csrfToken, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw csrfRejected();
  }

  private async body({ user, session }: CookieSession): Promise<SessionDto> {
    const departmentName = await this.users.departmentName(user.departmentId);
    const idleEnd = session.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000;
    return {
      user: {
        id: user.userId,
        name: user.name,
        department: user.departmentId,
        ...(departmentName ? { departmentName } : {}),
        roles: [...user.roles],
      },
      csrfToken: session.csrfToken,
      expiresAt: new Date(Math.min(idleEnd, session.expiresAt.getTime())).toISOString(),
    };
  }
}
