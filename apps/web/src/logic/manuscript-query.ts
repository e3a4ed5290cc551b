/**
 * The 稿件 list's filters ⇄ the page's query string ⇄ the API's query. The dashboard's click-throughs are URLs
 * built with `manuscriptsUrl`, so every figure lands on the list behind it.
 */
import type { PublicationListQuery, PublicationStatus, StageFilter } from '../api/types';

export interface ManuscriptFilters {
  status?: PublicationStatus;
  stage?: StageFilter;
  department?: string;
  category?: string;
  text?: string;
  overdue?: boolean;
  dueWithinWorkingDays?: number;
  publishedFrom?: string;
  publishedTo?: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
const STATUSES: readonly PublicationStatus[] = ['draft', 'returned', 'in_review', 'published', 'withdrawn', 'retracted'];
const STAGES: readonly StageFilter[] = ['1', '2', '3', 'draft', 'returned', 'screening', 'section_review', 'leader_review', 'principal_review', 'publishing'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type QueryValue = string | null | undefined | (string | null)[];

function one(value: QueryValue): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === null || v === undefined || v === '' ? undefined : v;
}

function positiveInt(value: QueryValue, max: number): number | undefined {
  const v = one(value);
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= max ? n : undefined;
}

/** The page's query string (vue-router's `route.query`) → filters; anything malformed is dropped, not sent. */
export function filtersFromQuery(query: Record<string, QueryValue>): ManuscriptFilters {
  const status = one(query.status);
  const stage = one(query.stage);
  const overdue = one(query.overdue);
  const from = one(query.publishedFrom);
  const to = one(query.publishedTo);
  return {
    status: STATUSES.includes(status as PublicationStatus) ? (status as PublicationStatus) : undefined,
    stage: STAGES.includes(stage as StageFilter) ? (stage as StageFilter) : undefined,
    department: one(query.department),
    category: one(query.category),
    text: one(query.text),
    overdue: overdue === 'true' ? true : overdue === 'false' ? false : undefined,
    dueWithinWorkingDays: positiveInt(query.dueWithinWorkingDays, 60),
    publishedFrom: from && DATE.test(from) ? from : undefined,
    publishedTo: to && DATE.test(to) ? to : undefined,
    page: positiveInt(query.page, 10_000) ?? 1,
    pageSize: positiveInt(query.pageSize, 100) ?? DEFAULT_PAGE_SIZE,
  };
}

/** Filters → the page's query string (only what is set; page 1 and the default size are left out). */
export function queryFromFilters(f: Partial<ManuscriptFilters>): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.status) q.status = f.status;
  if (f.stage) q.stage = f.stage;
  if (f.department) q.department = f.department;
  if (f.category) q.category = f.category;
  if (f.text) q.text = f.text;
  if (f.overdue !== undefined) q.overdue = String(f.overdue);
  if (f.dueWithinWorkingDays) q.dueWithinWorkingDays = String(f.dueWithinWorkingDays);
  if (f.publishedFrom) q.publishedFrom = f.publishedFrom;
  if (f.publishedTo) q.publishedTo = f.publishedTo;
  if (f.page && f.page > 1) q.page = String(f.page);
  if (f.pageSize && f.pageSize !== DEFAULT_PAGE_SIZE) q.pageSize = String(f.pageSize);
  return q;
}

/** Filters → `GET /publications`'s query. */
export function apiQuery(f: ManuscriptFilters): PublicationListQuery {
  const q: PublicationListQuery = { page: f.page, pageSize: f.pageSize };
  if (f.status) q.status = f.status;
  if (f.stage) q.stage = f.stage;
  if (f.department) q.department = f.department;
  if (f.category) q.category = f.category;
  if (f.text) q.text = f.text;
  if (f.overdue !== undefined) q.overdue = f.overdue;
  if (f.dueWithinWorkingDays) q.dueWithinWorkingDays = f.dueWithinWorkingDays;
  if (f.publishedFrom) q.publishedFrom = f.publishedFrom;
  if (f.publishedTo) q.publishedTo = f.publishedTo;
  return q;
}

export function manuscriptsUrl(f: Partial<ManuscriptFilters>): string {
  const qs = new URLSearchParams(queryFromFilters(f)).toString();
  return qs ? `/manuscripts?${qs}` : '/manuscripts';
}
