/** The schedule RPCs of WorkflowService → the engine's schedule service (src/engine/schedules). */
import type { Engine } from '../engine/engine';
import type { Handler } from '../server';

export function scheduleHandlers(engine: Engine): Record<string, Handler> {
  const s = engine.schedules;
  return {
    CreateSchedule: (req) => s.create(req),
    DescribeSchedule: (req) => s.describe(req),
    UpdateSchedule: (req) => s.update(req),
    PatchSchedule: (req) => s.patch(req),
    DeleteSchedule: (req) => s.delete(req),
    ListSchedules: (req) => s.list(req),
    ListScheduleMatchingTimes: (req) => s.listMatchingTimes(req),
  };
}
