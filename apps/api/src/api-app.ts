import 'reflect-metadata';
import cookie from '@fastify/cookie';
import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from '@temporalio/client';
import { LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import { ApiModule } from './api.module';
import { AllExceptionsFilter, answerWithError } from './common/all-exceptions.filter';
import { useJsonBody } from './common/json-body';
import { createRootLogger, NestPinoLogger } from './common/logger';
import { requestIdFor } from './common/request-id';
import { registerRequestLogging } from './common/request-logging';
import { StorableTextPipe } from './common/storable-text.pipe';
import { createValidationPipe } from './common/validation';
import type { ApiConfig } from './config';
import { OPENAPI_UI_PATH, serveOpenApi } from './openapi/openapi-document';
import { registerRateLimits } from './security/rate-limits';
import { registerSecurityHeaders } from './security/security-headers';
import { serveWebAssets } from './web/web-assets';

export interface ApiAppDependencies {
  /** A Temporal connection owned by the caller (left open by `app.close()`); default: a lazy one from config. */
  temporalConnection?: Connection;
  /** An initialised data source owned by the caller (left open by `app.close()`); default: a pool from DATABASE_URL. */
  dataSource?: DataSource;
  /** Where JSON log lines go; default stdout. */
  logDestination?: DestinationStream;
  /** Extra Nest modules to mount, e.g. test-only controllers. */
  modules?: NonNullable<ModuleMetadata['imports']>;
}

/**
 * Builds the API application without listening. The caller then does
 * `await app.listen({ port, host })` (which connects the database) and, at the
 * end, `await app.close()` (which closes what the app opened itself).
 */
export async function createApiApp(config: ApiConfig, deps: ApiAppDependencies = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.logLevel, deps.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: requestIdFor,
    requestIdHeader: false,
    frameworkErrors: answerWithError,
    // Behind a reverse proxy, the caller is in X-Forwarded-For (believed only from TRUSTED_PROXIES).
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    // One line per request is written by registerRequestLogging instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, deps), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  registerRequestLogging(app.getHttpAdapter().getInstance());
  // Unsigned: the session cookie is an opaque random value looked up by its hash.
  await app.register(cookie);
  useJsonBody(app);
  // Headers first: their hook runs before the limits' one, so a 429 carries them too.
  await registerSecurityHeaders(app);
  await registerRateLimits(app, config.rateLimits, [`/${OPENAPI_UI_PATH}`]);
  app.useGlobalPipes(new StorableTextPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  serveOpenApi(app);
  await serveWebAssets(app);
  return app;
}
