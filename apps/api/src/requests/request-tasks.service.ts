import { Injectable } from '@nestjs/common';
import { DisclosureRequestRepository, UserRepository } from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import { WorkingDays } from '../calendar/working-days';
import type { RequestFiguresDto } from '../dashboard/dashboard.dto';
import type { TaskDto } from '../publications/publication-view.dto';
import { bucketOf, requestStanding, requestTaskView, waitsOn, type RequestActor } from './request-standing';

/**
 * Open disclosure requests for /tasks (those waiting on the caller) and for
 * the board (grouped by working days left). Working days left are counted
 * from today to the due date the workflow computed on the calendar (strictly),
 * with the same calendar the other tasks use.
 */
@Injectable()
export class RequestTasks {
  constructor(
    private readonly requests: DisclosureRequestRepository,
    private readonly users: UserRepository,
    private readonly workingDays: WorkingDays,
  ) {}

  /** Office staff: every open request of their organisation but replies awaiting approval; leaders and the principal: those. */
  async tasks(user: AuthenticatedUser): Promise<TaskDto[]> {
    const acting: RequestActor[] = [
      ...(user.roles.includes('office') ? (['office'] as const) : []),
      ...(user.roles.some((r) => r === 'leader' || r === 'principal') ? (['approver'] as const) : []),
    ];
    if (acting.length === 0) return [];
    const organisationId = (await this.users.department(user.departmentId))?.organisationId;
    if (!organisationId) return [];
    const [rows, calendar] = await Promise.all([this.requests.open(organisationId), this.workingDays.calendar()]);
    const today = this.workingDays.today();
    return rows.filter((r) => acting.includes(waitsOn(r))).map((r) => requestTaskView(r, requestStanding(r, today, calendar), calendar));
  }

  /** The board's block: open requests by working days left, and this year's closed ones on time and late. */
  async figures(): Promise<RequestFiguresDto> {
    const today = this.workingDays.today();
    const year = Number(today.slice(0, 4));
    const [rows, calendar, closed] = await Promise.all([this.requests.open(), this.workingDays.calendar(), this.requests.closedInYear(year)]);
    const open = { overdue: 0, within5: 0, within6To10: 0, over10: 0, clockStopped: 0, awaitingConfirmation: 0 };
    for (const r of rows) open[bucketOf(r, requestStanding(r, today, calendar))] += 1;
    return {
      open: rows.length,
      overdue: open.overdue,
      dueWithin5WorkingDays: open.within5,
      due6To10WorkingDays: open.within6To10,
      dueAfter10WorkingDays: open.over10,
      clockStopped: open.clockStopped,
      awaitingConfirmation: open.awaitingConfirmation,
      closedThisYear: { year, onTime: closed.onTime, late: closed.late },
    };
  }
}
