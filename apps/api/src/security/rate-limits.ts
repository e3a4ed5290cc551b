import rateLimit from '@fastify/rate-limit';
import { Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBE_PATHS } from '../common/request-logging';
import type { RateLimitConfig } from '../config';
import { AddressAllowlist } from './address-allowlist';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { tooManyRequests } from './too-many-requests';

const MINUTE_MS = 60_000;

/**
 * Per-address limits (in this process's memory; see RateLimitConfig):
 *
 * - the public limit on everything that needs no token: @Public() routes
 *   (PublicRateLimitGuard), and, because no Nest guard sees them, unknown
 *   paths and the Fastify routes under `unguardedPrefixes` (the API docs);
 * - the sign-in failure budget: each 401 answer counts against the address,
 *   and once it is spent every request from it is answered 429 before any
 *   token is looked at, so guessing tokens is slow.
 *
 * Exempt: RATE_LIMIT_ALLOWLIST, and the probes /healthz and /readyz, which
 * orchestrators poll from addresses not always known in advance; a 429 there
 * would take a healthy replica out of service.
 */
export async function registerRateLimits(
  app: NestFastifyApplication,
  config: RateLimitConfig,
  unguardedPrefixes: readonly string[],
): Promise<void> {
  await app.register(rateLimit, { global: false });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const allowlist = new AddressAllowlist(config.allowlist);
  const exempt = (request: FastifyRequest) => allowlist.has(request.ip) || PROBE_PATHS.has(request.routeOptions.url ?? '');
  // Keys are the caller's address (an IPv6 caller by its /64); each limiter has its own store.
  const publicRequests = fastify.createRateLimit({ max: config.publicPerMinute, timeWindow: MINUTE_MS });
  const authFailures = fastify.createRateLimit({ max: config.authFailuresPerMinute, timeWindow: MINUTE_MS });
  const comments = fastify.createRateLimit({ max: config.commentsPerMinute, timeWindow: MINUTE_MS });

  const limitPublic = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (exempt(request)) return;
    const counted = await publicRequests(request);
    if (!counted.isAllowed && counted.isExceeded) throw tooManyRequests(reply, counted.ttlInSeconds, 'requests');
  };

  const limitComments = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (exempt(request)) return;
    const counted = await comments(request);
    if (!counted.isAllowed && counted.isExceeded) throw tooManyRequests(reply, counted.ttlInSeconds, 'comments');
  };

  fastify.addHook('onRequest', async (request, reply) => {
    if (exempt(request)) return;
    const failures = await authFailures(request, { increment: false });
    if (!failures.isAllowed && failures.remaining === 0) throw tooManyRequests(reply, failures.ttlInSeconds, 'auth-failures');
    if (request.is404 || unguardedPrefixes.some((prefix) => request.url.startsWith(prefix))) await limitPublic(request, reply);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401 && !exempt(request)) await authFailures(request);
  });
  app.useGlobalGuards(new PublicRateLimitGuard(app.get(Reflector), limitPublic, limitComments));
}
