// The API's answers to a refused quarantine action (release or discard): a record that is not
// there (404), one settled before (409 saying what was done, by whom and when), a mail that named
// no ticket or has nothing kept (400/409), and the engine's refusals as every endpoint maps them.
import type { DiscardOutcome, ReleaseOutcome, Settlement } from '../intake/intake-email';
import { notFoundResponse, problemResponse, problemTypes } from '../http/problem';
import { refusalResponse } from '../http/refusal';

const iso = (at: number) => new Date(at).toISOString();

/** The record's settlement with ISO instants, as the API writes times. */
export const settlementJson = ({ released, discarded }: Settlement) => ({
  ...(released ? { released: { ...released, at: iso(released.at) } } : {}),
  ...(discarded ? { discarded: { ...discarded, at: iso(discarded.at) } } : {}),
});

const conflict = (title: string, detail: string, extra: Record<string, unknown> = {}) =>
  problemResponse({ type: problemTypes('not-released'), title, status: 409, detail, ...extra });

export function quarantineRefusal(id: string, refusal: Exclude<ReleaseOutcome | DiscardOutcome, { ok: true }>) {
  switch (refusal.reason) {
    case 'not-found':
      return notFoundResponse(`no quarantine record ${id}`);
    case 'already-settled': {
      const { released, discarded } = refusal.settled;
      return released
        ? conflict(
            'Already released',
            `released ${released.asNewTicket ? 'as' : 'onto'} ${released.ticketId} by ${released.by} at ${iso(released.at)}`,
            settlementJson(refusal.settled),
          )
        : conflict(
            'Already discarded',
            discarded ? `discarded by ${discarded.by} at ${iso(discarded.at)}: ${discarded.reason}` : 'settled before',
            settlementJson(refusal.settled),
          );
    }
    case 'no-ticket':
      return refusalResponse({
        ok: false,
        reason: 'invalid',
        issues: [
          { field: 'ticketId', message: 'this mail named no ticket: say which ticket to add it to, or asNewTicket' },
        ],
      });
    case 'nothing-kept':
      return conflict('Nothing to release', 'no raw mail is kept for this record');
    case 'unparseable':
      return conflict('Nothing to release', `the kept mail cannot be read: ${refusal.detail}`);
    default:
      return refusalResponse(refusal);
  }
}
