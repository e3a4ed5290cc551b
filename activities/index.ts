import type { DataSource } from 'typeorm';

/** What activities need from the worker process; built once per worker. */
export interface ActivityDependencies {
  dataSource: DataSource;
}

/** The activity implementations, closed over their dependencies (the worker registers this object). */
export function createActivities(_deps: ActivityDependencies) {
  return {};
}

export type GongkaiActivities = ReturnType<typeof createActivities>;
