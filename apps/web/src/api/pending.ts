/**
 * The contract's endpoints (docs: /work/wt/issue10-contract.md) in openapi-typescript's `paths` shape, until the
 * backend's DTOs reach docs/openapi.json. Delete this file (and its use in client.ts/types.ts) after `npm run gen:api`
 * picks them up: from then on every shape comes from schema.d.ts.
 */
import type { components } from './schema';

type ErrorBody = components['schemas']['ErrorResponseDto'] & { code?: string };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Unused = { put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };

export interface PendingSchemas {
  SessionUserDto: { id: string; name: string; department: string; departmentName?: string; roles: string[] };
  SessionDto: { user: PendingSchemas['SessionUserDto']; csrfToken: string; expiresAt: string };
  LoginDto: { username: string; password: string };
  DashboardInFlightDto: { family: string; familyLabel: string; stage: string; stageLabel: string; count: number };
  DashboardDepartmentDto: {
    department: string;
    departmentName: string;
    published: number;
    medianWorkingDaysToPublish: number | null;
    within20WorkingDaysShare: number | null;
  };
  DashboardConsultationDto: { id?: string; title?: string; daysLeft?: number; comments?: number };
  DashboardMonthDto: { month: string; count: number };
  DashboardDto: {
    department: string | null;
    from: string;
    to: string;
    inFlight: PendingSchemas['DashboardInFlightDto'][];
    deadlines: { overdue: number; dueWithin3WorkingDays: number };
    departments: PendingSchemas['DashboardDepartmentDto'][];
    consultations: PendingSchemas['DashboardConsultationDto'][];
    pendingInterpretations: number;
    publishedPerMonth: PendingSchemas['DashboardMonthDto'][];
  };
  PendingTaskFields: { kind: string; kindLabel: string; workingDaysLeft: number; overdue: boolean };
}

export interface PendingPaths {
  '/auth/login': {
    parameters: NoParams;
    get?: never;
    post: {
      parameters: NoParams;
      requestBody: { content: { 'application/json': PendingSchemas['LoginDto'] } };
      responses: { 200: Json<PendingSchemas['SessionDto']>; 401: Json<ErrorBody>; 423: Json<ErrorBody>; 429: Json<ErrorBody> };
    };
  } & Unused;
  '/auth/logout': {
    parameters: NoParams;
    get?: never;
    post: { parameters: NoParams; requestBody?: never; responses: { 204: { headers: { [name: string]: unknown }; content?: never } } };
  } & Unused;
  '/auth/session': {
    parameters: NoParams;
    get: { parameters: NoParams; requestBody?: never; responses: { 200: Json<PendingSchemas['SessionDto']>; 401: Json<ErrorBody> } };
    post?: never;
  } & Unused;
  '/dashboard': {
    parameters: NoParams;
    get: {
      parameters: { query?: { department?: string; from?: string; to?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<PendingSchemas['DashboardDto']>; 401: Json<ErrorBody>; 403: Json<ErrorBody> };
    };
    post?: never;
  } & Unused;
}

/** Filters the contract adds to `GET /publications` for the dashboard's click-throughs. */
export interface PendingListQuery {
  dueWithinWorkingDays?: number;
  publishedFrom?: string;
  publishedTo?: string;
}
