/**
 * Issue 11 asks the server itself, with the user's own session: whether the browser sends Immich's
 * session cookie (`immich_access_token`: HttpOnly, SameSite=Lax, set by the lab's `/lab/login` as
 * Immich's login does) on a request the extension makes must be measured, not assumed. The lab's
 * `/api/users/me` answers 200 with the user only when that cookie comes with the request, 401 without.
 */
export interface SessionAnswers {
  /** `credentials: 'include'`: the status, and the user's email when the lab recognised the session. */
  include: { status: number; email?: string };
  /** `credentials: 'omit'`, the control: the same request without cookies. */
  omit: { status: number };
}

/** Runs in an extension page or worker (passed by source to `evaluate`): asks `/api/users/me` both ways. */
export async function askWhoAmI(origin: string): Promise<SessionAnswers> {
  const ask = (credentials: RequestCredentials) => fetch(`${origin}/api/users/me`, { credentials, cache: 'no-store' });
  const include = await ask('include');
  const body = include.ok ? ((await include.json()) as { email?: string }) : {};
  const omit = await ask('omit');
  return { include: { status: include.status, email: body.email }, omit: { status: omit.status } };
}
