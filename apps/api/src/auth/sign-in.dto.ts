import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'lina', description: '用户名（不区分大小写，首尾空格忽略）', maxLength: 100 })
  @IsString({ message: 'username 必须是字符串' })
  @IsNotEmpty({ message: '请输入用户名' })
  @MaxLength(100, { message: 'username 不能超过 100 个字符' })
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple', description: '密码', maxLength: 1024 })
  @IsString({ message: 'password 必须是字符串' })
  @IsNotEmpty({ message: '请输入密码' })
  @MaxLength(1024, { message: 'password 不能超过 1024 个字符' })
  password!: string;
}

export class SessionUserDto {
  @ApiProperty({ example: 'lina', description: '用户名' })
  id!: string;

  @ApiProperty({ example: '李娜' })
  name!: string;

  @ApiProperty({ example: 'jichu', description: '部门 id' })
  department!: string;

  @ApiPropertyOptional({ example: '基础教育科', description: '部门名称' })
  departmentName?: string;

  @ApiProperty({ type: [String], example: ['section_head'], description: '角色：author、section_head、leader、principal、office' })
  roles!: string[];
}

/** The answer of POST /auth/login and GET /auth/session. */
export class SessionDto {
  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;

  @ApiProperty({ description: '写操作（非 GET）须在请求头 X-CSRF-Token 中带上此值' })
  csrfToken!: string;

  @ApiProperty({ example: '2026-12-02T08:30:00.000Z', description: '会话到期时间（空闲超时或最长时限中较早者）' })
  expiresAt!: string;
}
