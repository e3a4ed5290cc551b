import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { WORKBENCH_PAGE } from './workbench-page';

/** The browser page (工作台). Static HTML that calls the JSON API; no build step. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  workbench(): string {
    return WORKBENCH_PAGE;
  }
}
