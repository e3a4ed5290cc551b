/** The signed-in user (cookie session): loaded once from `GET /auth/session`, set by sign-in, cleared by sign-out. */
import { reactive } from 'vue';
import { api, call, setCsrfToken } from './api/client';
import type { Session, SessionUser } from './api/types';

export const session = reactive<{ user: SessionUser | null; loaded: boolean }>({ user: null, loaded: false });

function adopt(s: Session | null): void {
  session.user = s?.user ?? null;
  setCsrfToken(s?.csrfToken ?? null);
  session.loaded = true;
}

/** Whether someone is signed in; asks the API once per page load (and after `forget`). */
export async function ensureSession(): Promise<boolean> {
  if (!session.loaded) {
    const { data, response } = await api.GET('/auth/session').catch(() => ({ data: undefined, response: undefined }));
    adopt(response?.ok && data ? data : null);
  }
  return session.user !== null;
}

export async function signIn(username: string, password: string): Promise<void> {
  adopt(await call(api.POST('/auth/login', { body: { username, password } })));
}

export async function signOut(): Promise<void> {
  await api.POST('/auth/logout').catch(() => undefined);
  adopt(null);
}

/** After a 401: the session is gone; the next guarded navigation asks again. */
export function forget(): void {
  session.user = null;
  session.loaded = false;
  setCsrfToken(null);
}
