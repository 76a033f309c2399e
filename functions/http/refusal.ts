// Maps the engine's typed refusals to problem documents: invalid → 400 naming each field,
// not allowed now → 409 listing what is.
import type { Refusal } from '../../workflows/ticket-engine';
import { problemResponse, problemTypes } from './problem';

export function refusalResponse(refusal: Refusal) {
  if (refusal.reason === 'invalid') {
    return problemResponse({ type: problemTypes('invalid'), title: 'Invalid request', status: 400, detail: refusal.issues.map((i) => `${i.field}: ${i.message}`).join('; '), errors: refusal.issues });
  }
  return problemResponse({ type: problemTypes('not-allowed'), title: 'Event not allowed now', status: 409, detail: refusal.detail, status_now: refusal.stage, allowed: refusal.allowed });
}
