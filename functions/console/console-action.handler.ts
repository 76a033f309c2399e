// POST /console/tickets/{id}/events — an agent's form, applied through the engine exactly as the
// agent API applies an event (desk.service.apply); then 303 back to the ticket with a flash. A
// refusal (invalid, or not allowed now) shows the page again with the reason, the field errors and
// what was typed; the ticket is unchanged. Session and CSRF token are checked before this runs.
// A form that uploads files (a reply's, a note's) has them judged by the policy's rules and stored
// before the event is applied, the stored list stamped through the Origin; a refused file shows
// the page again saying which file and why (422), and nothing is stored or applied.
import { s3Client } from '../aws/s3';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { FilesRefused, keepUploadedFiles } from '../files/file-upload';
import { createS3BlobStore } from '../store/s3-blob-store';
import { refusalText } from '../../workflows/files/file-rules';
import { consoleEndpoint } from '../http/console-endpoint';
import { ticketIdOf } from '../http/path-params';
import { htmlResponse, seeOther } from './console-pages';
import { eventForm, eventFromForm, eventTitle, fieldLabel } from './console-event-forms';
import { ticketPage } from './console-ticket-page';
import { ticketPageData } from './console-ticket-data';
import { TicketNotFoundError } from '../lifecycle/ticket-store';
import type { Refusal } from '../../workflows/lifecycle/ticket-engine';

export function makeConsoleActionHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, session, chrome, form, files }) => {
    const id = ticketIdOf(event);
    const type = form.get('type') ?? '';
    const head = await desk.store.getHead(id);
    if (!head) throw new TicketNotFoundError(id);
    const checked = eventFromForm(type, form, head, desk.policy);
    let refusal: Refusal | FilesRefused = { ok: false, reason: 'invalid', issues: checked.ok ? [] : checked.issues };
    if (checked.ok) {
      try {
        const stored = await keepUploadedFiles(files, desk.policy.files, desk.blobs);
        const applied = await desk.service.apply(id, checked.event, {
          actor: { type: 'agent', id: session.agentId },
          channel: 'agent',
          ...(stored.length ? { files: stored } : {}),
        });
        if (applied.ok)
          return seeOther(`/console/tickets/${encodeURIComponent(id)}?applied=${encodeURIComponent(type)}#flash`);
        refusal = applied;
      } catch (error) {
        if (!(error instanceof FilesRefused)) throw error;
        refusal = error;
      }
    }
    const title = eventTitle(type);
    const shown = eventForm(type, head, desk.policy);
    const text =
      refusal instanceof FilesRefused
        ? `${title} was not applied: files refused: ${refusalText(refusal.verdicts)}.`
        : refusal.reason === 'invalid'
          ? `${title} was not applied: ${refusal.issues.map((i) => `${fieldLabel(shown, i.field)}: ${i.message}`).join('; ')}.`
          : `${title} was not applied: ${refusal.detail}. Allowed now: ${refusal.allowed.join(', ') || 'nothing'}.`;
    const status = refusal instanceof FilesRefused ? 422 : refusal.reason === 'invalid' ? 400 : 409;
    const values = Object.fromEntries([...form].filter(([name]) => name !== 'csrf' && name !== 'type'));
    const data = await ticketPageData(desk, id);
    return htmlResponse(
      status,
      ticketPage({
        ...data,
        chrome,
        flash: { kind: 'error', text },
        submitted: {
          type,
          values,
          issues: !(refusal instanceof FilesRefused) && refusal.reason === 'invalid' ? refusal.issues : [],
        },
      }),
    );
  });
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeConsoleActionHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
