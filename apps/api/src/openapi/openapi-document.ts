import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { version } from '../../../../package.json';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { ErrorResponseDto } from '../common/error-response';
import { serveSwaggerUi } from './swagger-ui';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** The OpenAPI document of the routes `app` serves; deterministic, so it can be committed. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('gongkai API')
    .setDescription('gongkai（政务公开）工作流 API。所有错误响应均为 ErrorResponseDto，带 requestId（同响应头 X-Request-Id）。')
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '本地演示：npm run token -- <用户名>' })
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: '网页登录（POST /auth/login）后的会话 Cookie；写操作须另带 X-CSRF-Token 请求头' },
      SESSION_COOKIE,
    )
    .build();
  return SwaggerModule.createDocument(app, info, { extraModels: [ErrorResponseDto] });
}

/** The JSON at /api/docs-json and Swagger UI at /api/docs (assets served locally: air-gapped sites). */
export function serveOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON_PATH,
  });
  serveSwaggerUi(app, OPENAPI_UI_PATH, OPENAPI_JSON_PATH);
}
