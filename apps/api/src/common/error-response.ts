import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'title', description: '出错的字段（嵌套字段用点号连接）' })
  field!: string;

  @ApiProperty({ type: [String], example: ['title must be a string'] })
  messages!: string[];
}

/** The one error shape every failed request answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'HTTP 状态短语' })
  error!: string;

  @ApiProperty({ example: '请求参数无效：title' })
  message!: string;

  @ApiProperty({ example: '3f2c5a4e-8d7b-4a51-9a53-0c2b6f0e7d11', description: '与响应头 X-Request-Id 相同，日志中可按此查找' })
  requestId!: string;

  @ApiPropertyOptional({
    example: 'LOGIN_FAILED',
    description: '机器可读的原因（客户端据 statusCode + code 分支）：LOGIN_FAILED、ACCOUNT_LOCKED、UNAUTHENTICATED、CSRF_REJECTED…',
  })
  code?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: '仅参数校验失败时给出：逐字段的原因' })
  errors?: FieldErrorDto[];
}
