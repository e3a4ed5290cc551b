import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation';

class AuthorDto {
  @IsString()
  name!: string;
}

class DraftDto {
  @IsString()
  title!: string;

  @IsInt()
  @Min(1)
  pages!: number;

  @ValidateNested()
  @Type(() => AuthorDto)
  author!: AuthorDto;
}

const body: ArgumentMetadata = { type: 'body', metatype: DraftDto };

async function rejectionOf(value: unknown): Promise<{ message: string; errors: { field: string; messages: string[] }[] }> {
  try {
    await createValidationPipe().transform(value, body);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as BadRequestException).getResponse() as never;
  }
  throw new Error('expected a rejection');
}

describe('the global validation pipe', () => {
  it('names each bad field, nested ones by path, and refuses unknown fields', async () => {
    const rejection = await rejectionOf({ title: 7, pages: 0, author: { name: 1 }, approvedBy: 'me' });
    expect(rejection.errors.map((e) => e.field).sort()).toEqual(['approvedBy', 'author.name', 'pages', 'title']);
    expect(rejection.errors.find((e) => e.field === 'pages')?.messages).toEqual(['pages must not be less than 1']);
    expect(rejection.message).toMatch(/^请求参数无效：/);
  });

  it('names an unknown field in Chinese, and says a message shared by two rules once', async () => {
    class PageDto {
      @IsInt({ message: 'page 必须是正整数' })
      @Min(1, { message: 'page 必须是正整数' })
      page!: number;
    }
    const rejection = await rejectionOf({ title: 'x', pages: 2, author: { name: 'a' }, approvedBy: 'me' });
    expect(rejection.errors).toEqual([{ field: 'approvedBy', messages: ['不接受字段 approvedBy，请删除'] }]);
    await expect(createValidationPipe().transform({ page: 0.5 }, { type: 'query', metatype: PageDto })).rejects.toMatchObject({
      response: { errors: [{ field: 'page', messages: ['page 必须是正整数'] }] },
    });
  });

  it('returns an instance of the DTO class for a valid body', async () => {
    const value = await createValidationPipe().transform({ title: '通知', pages: 2, author: { name: '办公室' } }, body);
    expect(value).toBeInstanceOf(DraftDto);
    expect(value.author).toBeInstanceOf(AuthorDto);
  });
});
