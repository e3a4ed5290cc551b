/** Temporal's search attribute value types (IndexedValueType without the prefix). */
export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeType[] = [
  'Keyword',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
];

/** What the compiler needs to know about a namespace's search attributes. */
export interface SearchAttributeSchema {
  /** Custom search attributes registered for the namespace: name → type. Names are case-sensitive. */
  custom: Readonly<Record<string, SearchAttributeType>>;
  /**
   * JSONB column of the executions table holding custom attribute values as
   * `{ name: decodedValue }` (KeywordList values as JSON arrays, Datetime as
   * RFC3339 strings). Defaults to `search_attributes`.
   */
  searchAttributesColumn?: string;
}

export interface BuiltinSearchAttribute {
  column: string;
  type: SearchAttributeType;
}

/**
 * System search attributes and the executions-table columns that hold them.
 * Registration of custom attributes must refuse these names.
 */
export const BUILTIN_SEARCH_ATTRIBUTES: Readonly<Record<string, BuiltinSearchAttribute>> = Object.freeze({
  WorkflowId: { column: 'workflow_id', type: 'Keyword' },
  RunId: { column: 'run_id', type: 'Keyword' },
  WorkflowType: { column: 'workflow_type', type: 'Keyword' },
  ExecutionStatus: { column: 'status', type: 'Keyword' },
  StartTime: { column: 'start_time', type: 'Datetime' },
  CloseTime: { column: 'close_time', type: 'Datetime' },
  ExecutionTime: { column: 'execution_time', type: 'Datetime' },
  TaskQueue: { column: 'task_queue', type: 'Keyword' },
  HistoryLength: { column: 'history_length', type: 'Int' },
  ParentWorkflowId: { column: 'parent_workflow_id', type: 'Keyword' },
  ParentRunId: { column: 'parent_run_id', type: 'Keyword' },
  RootWorkflowId: { column: 'root_workflow_id', type: 'Keyword' },
  RootRunId: { column: 'root_run_id', type: 'Keyword' },
});

/**
 * Values of the `status` column, indexed by the WorkflowExecutionStatus enum
 * number (Temporal also accepts the number in queries, e.g. `ExecutionStatus = 1`).
 * 0 (Unspecified) is never stored, so it is not a valid filter value.
 */
export const EXECUTION_STATUSES: readonly string[] = [
  'Unspecified',
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
  'Paused',
];

export const DEFAULT_SEARCH_ATTRIBUTES_COLUMN = 'search_attributes';
export const DEFAULT_TABLE_ALIAS = 'e';

export function isBuiltinSearchAttribute(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(BUILTIN_SEARCH_ATTRIBUTES, name);
}
