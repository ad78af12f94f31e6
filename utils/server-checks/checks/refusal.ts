import { errorText, type Answer } from '../ask';
import type { ServerCheckStatus } from '../types';

/**
 * What a check says when the server did not give it the answer it asked for, the same way for every
 * check: no answer; not signed in (401: "sign in", never a fault, immich.md §3); rights missing (403:
 * an administrator's route, or an API key without the permission, immich.md §3); anything else.
 * Undefined when the answer is a 200.
 */
export function refusal(answer: Answer, what: string): { status: ServerCheckStatus; summary: string } | undefined {
  const { status, error } = answer.route;
  if (status === undefined) return { status: 'error', summary: `No answer for ${what}: ${error ?? 'the request failed'}.` };
  if (status === 200) return undefined;
  const message = errorText(answer.body);
  if (status === 401) {
    if (message === 'Invalid API key') return { status: 'error', summary: 'Immich refused the API key entered in the options (Invalid API key): check or remove it.' };
    return { status: 'skipped', summary: `Not signed in: sign in to Immich in this browser, or enter an API key in the options, to see ${what}.` };
  }
  if (status === 403) {
    const permission = /^Missing required permission: (.+)$/.exec(message ?? '')?.[1];
    if (permission) return { status: 'needs-admin', summary: `The API key lacks the permission ${permission}, which ${what} needs.` };
    return { status: 'needs-admin', summary: `Only an administrator can see ${what}: sign in as one, or enter an administrator's API key in the options.` };
  }
  return { status: 'error', summary: `Immich answered ${status}${message ? ` (${message})` : ''} for ${what}.` };
}
