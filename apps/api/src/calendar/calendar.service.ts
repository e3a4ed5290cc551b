import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { CalendarDataError, type CalendarYear } from '@gongkai/domain';
import { calendarChangedSignal, disclosureRequestWorkflowId, publicationWorkflowId, requestCalendarChangedSignal } from '@gongkai/contracts';
import { CalendarRepository, DisclosureRequestRepository, PublicationRepository, type CalendarImportResult } from '@gongkai/persistence';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

export interface CalendarImportOutcome extends CalendarImportResult {
  /** Reviews waiting on a step that were told to recompute their reminder/escalation instants. */
  signalled: number;
  /** Reviews that could not be told (already finished, or Temporal unreachable) — they keep their instants. */
  notSignalled: number;
}

/**
 * The working-day calendar as an administrator sees it: list, export, and
 * import (replace) a year. After an import every review waiting on a step is
 * signalled, because the State Council announces next year's holidays late
 * and open deadlines must move with them.
 */
@Injectable()
export class CalendarService {
  private readonly log = new Logger('CalendarService');

  constructor(
    private readonly calendar: CalendarRepository,
    private readonly publications: PublicationRepository,
    private readonly requests: DisclosureRequestRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  years(): Promise<number[]> {
    return this.calendar.years();
  }

  async exportYear(year: number): Promise<CalendarYear> {
    const found = await this.calendar.exportYear(year);
    if (!found) throw new NotFoundException(`工作日历中没有 ${year} 年的数据`);
    return found;
  }

  async importYear(year: number, body: unknown): Promise<CalendarImportOutcome> {
    const given = (body as { year?: unknown } | null)?.year;
    // JSON.stringify, not String(): a body's {"toString": 0} made String() throw (a 500).
    if (given !== undefined && given !== year) throw new BadRequestException(`请求体中的年份 ${JSON.stringify(given)} 与路径中的 ${year} 不一致`);
    let result: CalendarImportResult;
    try {
      // Only an object takes the path's year: spread, a null, [] or "x" body became an empty year that replaced the real one.
      const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
      result = await this.calendar.importYear(isObject ? { ...body, year } : body);
    } catch (err) {
      if (err instanceof CalendarDataError) throw new BadRequestException(err.message);
      throw err;
    }
    const waiting = await this.publications.inReviewIds();
    let signalled = 0;
    for (const id of waiting) {
      try {
        await this.client.workflow.getHandle(publicationWorkflowId(id)).signal(calendarChangedSignal, { years: [year] });
        signalled += 1;
      } catch (err) {
        this.log.warn(`未能通知审核 ${id} 重新计算期限：${(err as Error).message}`);
      }
    }
    // Open disclosure requests read their statutory clock again (a correction moves due dates; an import lets a waiting one be read).
    const open = await this.requests.openIds();
    for (const id of open) {
      try {
        await this.client.workflow.getHandle(disclosureRequestWorkflowId(id)).signal(requestCalendarChangedSignal);
        signalled += 1;
      } catch (err) {
        this.log.warn(`未能通知申请 ${id} 重新计算期限：${(err as Error).message}`);
      }
    }
    return { ...result, signalled, notSignalled: waiting.length + open.length - signalled };
  }
}
