import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validateSync } from 'class-validator';
import { BlankAsMissing, HasNoBidiControls, IsVisibleText } from './visible-text.validators';

class NoteDto {
  @IsString()
  @IsVisibleText('标题')
  @HasNoBidiControls('标题')
  title!: string;

  @BlankAsMissing()
  @IsOptional()
  @IsString()
  reason?: string;
}

const messagesFor = (title: string) => validateSync(plainToInstance(NoteDto, { title })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('visible-text validators', () => {
  it.each([['   '], ['\u3000\u3000'], ['\u200B\u200C\u200D'], ['\u2060\uFEFF ']])('refuses a title with nothing visible: %j', (title) => {
    expect(messagesFor(title)).toEqual(['标题不能只由空格或零宽字符组成，请填写内容']);
  });

  it.each([['\u202E'], ['\u202A'], ['\u2066'], ['\u2069']])('refuses a title with bidi control %j', (control) => {
    expect(messagesFor(`通知${control}fdp.exe`)[0]).toContain('文字方向控制字符');
  });

  it('accepts an ordinary title, emoji and inner spaces included', () => {
    expect(messagesFor(' 关于 2026 年 👍 的通知 ')).toEqual([]);
  });

  it('treats a blank optional reason as not given', () => {
    expect(plainToInstance(NoteDto, { title: 'x', reason: ' \u200B ' }).reason).toBeUndefined();
    expect(plainToInstance(NoteDto, { title: 'x', reason: ' 理由 ' }).reason).toBe(' 理由 ');
  });
});
