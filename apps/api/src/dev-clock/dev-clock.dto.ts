import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** A year and a day at most: enough for any window gongkai keeps (30-day consultations, annual reports). */
export const MAX_ADVANCE_DAYS = 366;

export class AdvanceClockDto {
  @ApiProperty({ example: 10, minimum: 1, maximum: MAX_ADVANCE_DAYS, description: '把虚拟时钟向前推进的天数（1–366 的整数）' })
  @IsInt({ message: `days 必须是 1–${MAX_ADVANCE_DAYS} 的整数（天数）` })
  @Min(1, { message: `days 必须是 1–${MAX_ADVANCE_DAYS} 的整数（天数）` })
  @Max(MAX_ADVANCE_DAYS, { message: `days 必须是 1–${MAX_ADVANCE_DAYS} 的整数（一次最多推进 ${MAX_ADVANCE_DAYS} 天）` })
  days!: number;
}

export class ClockAdvancedDto {
  @ApiProperty({ example: 10, description: '本次推进的天数' })
  advancedDays!: number;

  @ApiProperty({ example: '2026-12-12T03:08:00.000Z', description: '推进后引擎的当前（虚拟）时间，ISO 8601' })
  now!: string;
}

export class DrillClockDto {
  @ApiProperty({ example: '2026-12-12T03:08:00.000Z', description: '引擎的当前（虚拟）时间，ISO 8601' })
  now!: string;

  @ApiProperty({ example: true, description: '总是 true：只有演练模式（GONGKAI_DEV_CLOCK）才有此接口' })
  drill!: true;
}
