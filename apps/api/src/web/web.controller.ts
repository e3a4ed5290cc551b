import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { hashSource, pagePolicy } from '../security/content-security-policy';
import { NOT_BUILT_PAGE, NOT_BUILT_STYLE, readBuiltIndex, SPA_ROUTES, WEB_APP_POLICY } from './web-app';

const NOT_BUILT_POLICY = pagePolicy({ script: [], style: [hashSource(NOT_BUILT_STYLE)] });

/**
 * The web app's pages: every client-side route answers index.html (the
 * assets under /assets/ are served by @fastify/static, see web-assets.ts).
 * Without a build, a short page says how to make one.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  private readonly index = readBuiltIndex();

  @Get(SPA_ROUTES)
  page(@Res() reply: FastifyReply): void {
    void reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', this.index === undefined ? NOT_BUILT_POLICY : WEB_APP_POLICY)
      .send(this.index ?? NOT_BUILT_PAGE);
  }
}
