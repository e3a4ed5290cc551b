import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCivilDate } from '../publications/publication.validators';

export class DashboardQueryDto {
  @ApiPropertyOptional({ example: 'jichu', description: '只看该部门（部门 id）；不填为全部' })
  @IsOptional()
  @IsString({ message: 'department 只能出现一次' })
  @MaxLength(100, { message: 'department 不能超过 100 个字符' })
  department?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: '发布日期起（含），YYYY-MM-DD；默认今年 1 月 1 日' })
  @IsOptional()
  @IsCivilDate({ message: 'from 必须是 YYYY-MM-DD 格式的日期' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: '发布日期止（含），YYYY-MM-DD；默认今天' })
  @IsOptional()
  @IsCivilDate({ message: 'to 必须是 YYYY-MM-DD 格式的日期' })
  to?: string;
}

export class InFlightDto {
  @ApiProperty({ example: 'publication', description: '工作流类别' })
  family!: string;

  @ApiProperty({ example: '信息发布' })
  familyLabel!: string;

  @ApiProperty({
    example: 'section_review',
    description: '阶段：draft 起草中、returned 退回修改、screening 自动检查、section_review 科室审核、leader_review 分管领导审核、principal_review 主要负责人审核、publishing 发布中；可作为 GET /publications 的 stage 参数',
  })
  stage!: string;

  @ApiProperty({ example: '科室审核' })
  stageLabel!: string;

  @ApiProperty({ example: 3 })
  count!: number;
}

export class DeadlinesDto {
  @ApiProperty({ example: 2, description: '审核中且今天已超过成文后 20 个工作日（条例第二十六条）的稿件数；列表：GET /publications?status=in_review&overdue=true' })
  overdue!: number;

  @ApiProperty({ example: 5, description: '审核中、未超期且成文后 20 个工作日的期限在 3 个工作日内的稿件数；列表：GET /publications?status=in_review&dueWithinWorkingDays=3' })
  dueWithin3WorkingDays!: number;
}

export class DepartmentFiguresDto {
  @ApiProperty({ example: 'jichu', description: '部门 id' })
  department!: string;

  @ApiProperty({ example: '基础教育科' })
  departmentName!: string;

  @ApiProperty({ example: 12, description: '期间内发布的条数' })
  published!: number;

  @ApiPropertyOptional({ example: 6.5, nullable: true, description: '成文日期到发布日期的工作日数中位数；期间内无带成文日期的发布时为 null' })
  medianWorkingDaysToPublish!: number | null;

  @ApiPropertyOptional({ example: 0.92, nullable: true, description: '20 个工作日内发布的比例（0–1，条例第二十六条）；无数据时为 null' })
  within20WorkingDaysShare!: number | null;
}

export class ConsultationFiguresDto {
  @ApiProperty({ description: '征求意见稿件 id' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '剩余天数' }) daysLeft!: number;
  @ApiProperty({ description: '收到的意见条数' }) comments!: number;
}

export class MonthCountDto {
  @ApiProperty({ example: '2026-01' })
  month!: string;

  @ApiProperty({ example: 4 })
  count!: number;
}

export class RequestsClosedDto {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 31, description: '本年办结（送达答复或逾期未补正办结）且按期的件数' }) onTime!: number;
  @ApiProperty({ example: 1, description: '本年办结但超过答复期限的件数' }) late!: number;
}

/** 依申请公开 on the board: open requests by working days left on the working-day calendar. */
export class RequestFiguresDto {
  @ApiProperty({ example: 9, description: '未办结的申请数（以下各组之和）' }) open!: number;
  @ApiProperty({ example: 1, description: '已超过答复期限；列表：GET /requests?overdue=true' }) overdue!: number;
  @ApiProperty({ example: 2, description: '期限在计算、剩余 0–5 个工作日' }) dueWithin5WorkingDays!: number;
  @ApiProperty({ example: 2, description: '剩余 6–10 个工作日' }) due6To10WorkingDays!: number;
  @ApiProperty({ example: 3, description: '剩余 10 个工作日以上' }) dueAfter10WorkingDays!: number;
  @ApiProperty({ example: 1, description: '期限暂停（等待补正或征求第三方意见）' }) clockStopped!: number;
  @ApiProperty({ example: 0, description: '网上申请待确认收到（期限尚未起算）' }) awaitingConfirmation!: number;
  @ApiProperty({ type: RequestsClosedDto, description: '今年办结的申请：按期与逾期' }) closedThisYear!: RequestsClosedDto;
}

/** GET /dashboard: the leaders' board, from the read model. */
export class DashboardDto {
  @ApiPropertyOptional({ nullable: true, example: null, description: '所筛选的部门；null 为全部' })
  department!: string | null;

  @ApiProperty({ example: '2026-01-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-01' })
  to!: string;

  @ApiProperty({ type: [InFlightDto], description: '在办事项，按类别与阶段（不受日期范围限制）' })
  inFlight!: InFlightDto[];

  @ApiProperty({ type: DeadlinesDto })
  deadlines!: DeadlinesDto;

  @ApiProperty({ type: [DepartmentFiguresDto], description: '各部门在期间内的发布情况' })
  departments!: DepartmentFiguresDto[];

  @ApiProperty({ type: [ConsultationFiguresDto], description: '进行中的征求意见（该类别上线前为空）' })
  consultations!: ConsultationFiguresDto[];

  @ApiProperty({ example: 0, description: '待完成的政策解读（该类别上线前为 0）' })
  pendingInterpretations!: number;

  @ApiProperty({ type: [MonthCountDto], description: '期间内每月发布条数（无发布的月份为 0）' })
  publishedPerMonth!: MonthCountDto[];

  @ApiProperty({ type: RequestFiguresDto, description: '依申请公开：未办结申请按剩余工作日分组（不受部门与日期范围筛选），及今年办结的按期与逾期件数' })
  requests!: RequestFiguresDto;
}
