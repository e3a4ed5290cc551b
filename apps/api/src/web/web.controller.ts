import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { inlineHashes, pagePolicy } from '../security/content-security-policy';
import { WORKBENCH_PAGE } from './workbench-page';

/** The page's own inline script and style, by hash: an injected script has no hash and does not run. */
const WORKBENCH_POLICY = pagePolicy({ script: inlineHashes(WORKBENCH_PAGE, 'script'), style: inlineHashes(WORKBENCH_PAGE, 'style') });

/** The browser page (工作台). Static HTML that calls the JSON API; no build step. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', WORKBENCH_POLICY)
  workbench(): string {
    return WORKBENCH_PAGE;
  }
}
