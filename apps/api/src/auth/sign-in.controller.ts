import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../common/error-response';
import { Public } from './auth.decorators';
import { SESSION_COOKIE } from './session-cookie';
import { LoginDto, SessionDto } from './sign-in.dto';
import { SignInService } from './sign-in.service';

/** Password sign-in for the browser: a session cookie plus a CSRF token for writes. API clients keep using bearer tokens. */
@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(private readonly signIn: SignInService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '用户名密码登录',
    description: `成功时设置会话 Cookie（${SESSION_COOKIE}，HttpOnly、SameSite=Strict），并返回写操作须带的 X-CSRF-Token。连续失败达到上限后账号锁定；未知用户与密码错误答复相同。`,
  })
  @ApiOkResponse({ type: SessionDto, description: '已登录' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'code LOGIN_FAILED：用户名或密码错误' })
  @ApiResponse({ status: 423, type: ErrorResponseDto, description: 'code ACCOUNT_LOCKED：连续登录失败次数过多，账号已锁定' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: '该地址请求过于频繁' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    return this.signIn.login(dto, request, reply);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiHeader({ name: 'X-CSRF-Token', required: false, description: '以会话 Cookie 登录时必填：登录时返回的 csrfToken' })
  @ApiOperation({ summary: '退出登录：删除会话并清除 Cookie' })
  @ApiNoContentResponse({ description: '已退出' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: '未登录或会话已过期' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'code CSRF_REJECTED：缺少或错误的 X-CSRF-Token' })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.signIn.logout(request, reply);
  }

  @Get('session')
  @Public()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: '当前会话：登录用户、csrfToken 与到期时间' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'code UNAUTHENTICATED：没有有效会话' })
  session(@Req() request: FastifyRequest): Promise<SessionDto> {
    return this.signIn.current(request);
  }
}
