// Maps typed refusals to problem documents: the engine's (invalid → 400 naming each field, not
// allowed now → 409 listing what is) and a resend's (unknown message → 404, not failed → 409,
// address suppressed → 409 saying how to clear it).
import type { Refusal } from '../../workflows/lifecycle/ticket-engine';
import type { ResendTarget } from '../../workflows/mail/resend-rules';
import type { ResendResult } from '../outbox/resend-store';
import { notFoundResponse, problemResponse, problemTypes } from './problem';

export function refusalResponse(refusal: Refusal) {
  if (refusal.reason === 'invalid') {
    return problemResponse({
      type: problemTypes('invalid'),
      title: 'Invalid request',
      status: 400,
      detail: refusal.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      errors: refusal.issues,
    });
  }
  return problemResponse({
    type: problemTypes('not-allowed'),
    title: 'Event not allowed now',
    status: 409,
    detail: refusal.detail,
    status_now: refusal.stage,
    allowed: refusal.allowed,
  });
}

export function resendRefusalResponse(target: ResendTarget, refusal: Exclude<ResendResult, { ok: true }>) {
  const which = `message ${target.seq}/${target.n} of ticket ${target.ticketId}`;
  switch (refusal.reason) {
    case 'not-found':
      return notFoundResponse(`There is no outgoing ${which}.`);
    case 'not-failed': {
      const detail = `Only a failed mail can be resent; ${which} is ${refusal.status}.`;
      return problemResponse({
        type: problemTypes('mail-not-failed'),
        title: 'Mail not failed',
        status: 409,
        detail,
        status_now: refusal.status,
      });
    }
    case 'suppressed': {
      const { address, suppression } = refusal;
      const at = new Date(suppression.at).toISOString();
      const detail = `${address} bounced permanently (${suppression.status}) on ${at}, so the desk sends it nothing. \
Resend with {"clearSuppression": true} to clear that and resend.`;
      const suppressed = { address, status: suppression.status, at };
      return problemResponse({
        type: problemTypes('address-suppressed'),
        title: 'Address suppressed',
        status: 409,
        detail,
        suppressed,
      });
    }
  }
}
