/**
 * The browser's API client: openapi-fetch over the generated schema, the cookie session (same-origin), the
 * session's CSRF token on every write, failures turned into `ApiFailure`, and a 401 sending the user to /login.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { networkFailure, toFailure, type ApiFailure } from '../logic/errors';
import type { paths } from './schema';

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on a 401 from anything but the sign-in and session endpoints (the router sends the user to /login). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const QUIET_401 = ['/auth/login', '/auth/session'];

const session: Middleware = {
  onRequest({ request }) {
    if (WRITES.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !QUIET_401.includes(schemaPath)) onUnauthenticated?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

/**
 * Unwraps an openapi-fetch result: the data, or an `ApiError` carrying the message and field errors.
 * `await call(api.GET('/tasks'))`.
 */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiError(networkFailure());
  }
  if (!result.response.ok) throw new ApiError(toFailure(result.response.status, result.error));
  return result.data as T;
}

export function failureOf(err: unknown): ApiFailure {
  if (err instanceof ApiError) return err.failure;
  return { status: 0, message: err instanceof Error ? err.message : String(err), fields: {} };
}
