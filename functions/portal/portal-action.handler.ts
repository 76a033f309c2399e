// POST /portal/tickets/{id}/actions — a signed-in customer's form on their ticket (a reply with its
// files, a quote's or visit's answer, a resolution's, a change confirmed in writing), decided by
// portal-actions.ts and applied through the engine like any event; then 303 back to the ticket with
// a flash. Session and CSRF token are checked before this runs; a ticket they may not see answers as
// one that does not exist (404). The actor (the signed-in address), the channel, the content hash
// and the files are stamped here, never read from the form. A refusal shows the ticket again and
// says why (the page was outdated or the ticket moved on: 409; an invalid form or an empty reply:
// 400; refused files: 422); nothing is stored or applied.
import { createHash } from 'node:crypto';
import { s3Client } from '../aws/s3';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { FilesRefused, keepUploadedFiles } from '../files/file-upload';
import { createS3BlobStore } from '../store/s3-blob-store';
import { refusalText } from '../../workflows/files/file-rules';
import { decidePortalAction } from '../../workflows/portal/portal-actions';
import { portalEndpoint } from './portal-endpoint';
import { portalRedirect } from './portal-pages';
import { portalTicketIdOf, portalTicketNotFound, portalTicketResponse, readPortalTicket } from './portal-ticket-data';
import type { PortalFlash } from './portal-ticket-page';

/** The session as the log names it: a digest of its id, never the id itself (agents read the log). */
export const portalSessionRef = (sid: string) =>
  createHash('sha256').update(`portal-session-ref:${sid}`).digest('base64url').slice(0, 22);

/** The form's own fields, as decidePortalAction parses them: nothing else in the form counts. */
const fieldsOf = (form: URLSearchParams) =>
  Object.fromEntries(
    (['action', 'contentHash', 'message', 'reason'] as const).flatMap((name) => {
      const value = form.get(name);
      return value === null ? [] : [[name, value]];
    }),
  );

export function makePortalActionHandler(desk: Desk, now: () => number = Date.now) {
  return portalEndpoint(
    desk,
    async (request) => {
      const { customer, session, form, files } = request;
      const id = portalTicketIdOf(request.event);
      const ticket = id ? await readPortalTicket(desk, customer.email, id) : null;
      if (!id || !ticket) return portalTicketNotFound(request);
      const refused = async (status: number, flash: PortalFlash) =>
        portalTicketResponse(
          desk,
          request,
          (await readPortalTicket(desk, customer.email, id)) ?? ticket,
          status,
          flash,
        );
      const decision = decidePortalAction(
        fieldsOf(form),
        { context: ticket.head.snapshot.context, allowed: ticket.allowed },
        desk.policy,
        { address: customer.email, sessionRef: portalSessionRef(session.sid) },
      );
      if (!decision.ok)
        return decision.reason === 'invalid'
          ? refused(400, { kind: 'refused', why: 'invalid' })
          : refused(409, { kind: 'refused', why: decision.reason });
      const action = form.get('action')!;
      const said =
        decision.event.type === 'COMMENT'
          ? decision.event.text
          : decision.event.type === 'CUSTOMER_REPLIED'
            ? decision.event.message
            : null;
      if (said !== null && !said && !files.length) return refused(400, { kind: 'refused', why: 'empty-reply' });
      // Files come with a reply only; another form that carries them is refused as invalid.
      if (said === null && files.length) return refused(400, { kind: 'refused', why: 'invalid' });
      let stored;
      try {
        stored = await keepUploadedFiles(files, desk.policy.files, desk.blobs);
      } catch (error) {
        if (!(error instanceof FilesRefused)) throw error;
        return refused(422, { kind: 'files-refused', why: refusalText(error.verdicts) });
      }
      const applied = await desk.service.apply(id, decision.event, {
        actor: { type: 'customer', id: customer.email },
        ...decision.origin,
        ...(stored.length ? { files: stored } : {}),
      });
      if (!applied.ok)
        return applied.reason === 'invalid'
          ? refused(400, { kind: 'refused', why: 'invalid' })
          : refused(409, { kind: 'refused', why: 'not-allowed' });
      return portalRedirect(
        `/portal/tickets/${encodeURIComponent(id)}?lang=${request.language}&done=${encodeURIComponent(action)}#flash`,
      );
    },
    now,
  );
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makePortalActionHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
