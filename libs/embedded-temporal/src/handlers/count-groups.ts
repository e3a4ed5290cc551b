/**
 * CountWorkflowExecutions with `GROUP BY ExecutionStatus`, answered as Temporal
 * answers it: the total in `count`, and one group per status present, its value
 * a Keyword payload of the status name ("Running", "Completed", …) — what the
 * SDK's `client.workflow.count()` decodes into `groups`.
 */
import { STATUS_ENUM, type ExecutionStatus } from '../engine/state';

export function countGroups(rows: { value: string; count: number }[]): object {
  // Statuses in their enum order (Running first), so the answer does not depend on the SQL plan.
  const order = (v: string) => STATUS_ENUM[v as ExecutionStatus] ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...rows].sort((a, b) => order(a.value) - order(b.value));
  return {
    count: sorted.reduce((n, r) => n + r.count, 0),
    groups: sorted.map((r) => ({ groupValues: [keywordPayload(r.value)], count: r.count })),
  };
}

function keywordPayload(value: string): object {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
    data: Buffer.from(JSON.stringify(value)),
  };
}
