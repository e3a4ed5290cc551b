import type { FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id';

/** Probes are polled every few seconds by orchestrators; their lines would drown the rest at info. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/**
 * Echoes the request id to the caller and writes one JSON line per finished
 * request (instead of Fastify's two), carrying the same `requestId` as every
 * other line logged while serving it.
 */
export function registerRequestLogging(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0];
    const level = PROBE_PATHS.has(path) && reply.statusCode < 500 ? 'debug' : 'info';
    request.log[level](
      { method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}
