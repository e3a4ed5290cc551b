/**
 * The disclosure request (依申请公开) activities: the statutory clock read on
 * the working-day calendar — strictly: a year without calendar data fails
 * (non-retryable) with a message naming it, never a Monday–Friday guess —
 * the projection, and the reminder and overdue notices.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { ClockReadingView, DisclosureRequestActivities } from '@gongkai/contracts';
import { addDays, officeMorningInShanghai, CalendarYearNotCoveredError, ClockEventError, StatutoryClock, type CivilDate, type StatutoryClockSpec, type WorkingDayCalendar } from '@gongkai/domain';
import { CalendarRepository } from '@gongkai/persistence';
import { createPublicationContext, type PublicationActivityOptions } from '../publication/publication-context';

/** The reminder comes this many working days before the due day (issue 13). */
const REMINDER_WORKING_DAYS = 5;

export function createDisclosureRequestActivities(ds: DataSource, options: PublicationActivityOptions = {}): DisclosureRequestActivities {
  const ctx = createPublicationContext(ds, options);
  const calendars = new CalendarRepository(ds);
  /** Read fresh each time: a correction must reach open requests, and the table is small. */
  const strictCalendar = () => calendars.loadCalendar({ weekdayOnlyFallback: false });

  const strictly = async <T>(work: (calendar: WorkingDayCalendar) => T): Promise<T> => {
    const calendar = await strictCalendar();
    try {
      return work(calendar);
    } catch (err) {
      if (err instanceof CalendarYearNotCoveredError) {
        // Retrying cannot help until someone imports the year; the workflow records the failure and waits for a calendar change.
        throw ApplicationFailure.nonRetryable(`${err.message}；依申请公开的期限不作推定，请先导入该年工作日历`, 'CalendarYearNotCovered');
      }
      if (err instanceof ClockEventError) throw ApplicationFailure.nonRetryable(err.message, 'ClockEventRefused');
      throw err;
    }
  };

  return {
    readRequestClock: ({ clock, asOf }) =>
      strictly((calendar): ClockReadingView => {
        const reading = StatutoryClock.fromSpec(clock as StatutoryClockSpec).read(calendar, asOf as CivilDate | undefined);
        if (reading.state === 'paused' || !reading.dueDate) return { running: false, counted: reading.counted, remaining: reading.remaining };
        const remindOn = workingDaysBefore(calendar, reading.dueDate, REMINDER_WORKING_DAYS);
        return {
          running: true,
          dueOn: reading.dueDate,
          dueAt: calendar.endOfDay(reading.dueDate).toISOString(),
          remindAt: officeMorningInShanghai(remindOn).toISOString(),
          counted: reading.counted,
          remaining: reading.remaining,
        };
      }),

    workingDaysAfter: ({ from, workingDays }) =>
      strictly((calendar) => {
        const on = calendar.addWorkingDays(from as CivilDate, workingDays);
        return { on, endAt: calendar.endOfDay(on).toISOString() };
      }),

    projectRequest: (t) => ctx.repositories.disclosureRequests.project(t),

    notifyRequest: ({ workflowId, seq, requestId, kind }) =>
      ds.transaction(async (m) => {
        const request = await ctx.repositories.disclosureRequests.in(m).find(requestId);
        if (!request) throw ApplicationFailure.nonRetryable(`申请 ${requestId} 不存在`, 'RequestNotFound');
        // The office handles every request; lateness also goes to its head and the principals.
        const rows: { id: string }[] = await m.query(
          `SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id
           WHERE d.organisation_id = $1 AND u.active AND (('office' = ANY (u.roles)) OR ($2 AND ('office_head' = ANY (u.roles) OR 'principal' = ANY (u.roles))))
           ORDER BY u.id`,
          [request.organisationId, kind === 'overdue'],
        );
        const message =
          kind === 'reminder'
            ? `政府信息公开申请（${request.trackingCode}）应于 ${request.dueOn} 前答复，还剩 ${REMINDER_WORKING_DAYS} 个工作日，请抓紧办理`
            : `政府信息公开申请（${request.trackingCode}）已超过答复期限（${request.dueOn}），请立即督办`;
        for (const { id } of rows) {
          await ctx.repositories.notifications.in(m).notifyOnce({
            userId: id,
            publicationId: null,
            kind: kind === 'reminder' ? 'reminder' : 'escalation',
            message,
            createdAt: ctx.now(),
            workflowId: `${workflowId}#${id}`,
            seq,
          });
        }
      }),
  };
}

/** The working day `n` working days before `date`, counted back day by day (never past the due date's year). */
function workingDaysBefore(calendar: WorkingDayCalendar, date: CivilDate, n: number): CivilDate {
  let candidate = date;
  for (let counted = 0; counted < n; ) {
    candidate = addDays(candidate, -1);
    if (calendar.isWorkingDay(candidate)) counted++;
  }
  return candidate;
}
