/**
 * Custom search attributes gongkai registers on its namespace, so operators can
 * find workflows in the Temporal UI / CLI by business key. Dashboards read the
 * read model (SQL), never these.
 */
export const GONGKAI_SEARCH_ATTRIBUTES = {
  GongkaiItemId: 'Keyword',
  GongkaiStage: 'Keyword',
  GongkaiDepartment: 'Keyword',
  GongkaiDueAt: 'Datetime',
} as const;

export type GongkaiSearchAttribute = keyof typeof GONGKAI_SEARCH_ATTRIBUTES;
