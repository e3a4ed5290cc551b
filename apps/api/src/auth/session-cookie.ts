import type { FastifyReply, FastifyRequest } from 'fastify';

/** The web app's session cookie: an opaque random value; the database keeps only its SHA-256. */
export const SESSION_COOKIE = 'gongkai_session';

/** The header cookie-authenticated writes must carry (the session's csrfToken). */
export const CSRF_HEADER = 'x-csrf-token';

/** The cookie value of this request, if any. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[SESSION_COOKIE];
  return value && value.length <= 200 ? value : undefined;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string): void {
  // No Max-Age: the browser forgets it when closed; the server ends it earlier when idle or too old.
  void reply.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
}
