// POST /console/quarantine/{id}/release and /discard — an agent settles a quarantined mail from
// its page: onto a ticket (`as=comment`, `ticketId`), as a new ticket (`as=new-ticket`,
// `customerId` of the policy's customers, `kind`), or discarded (`reason`, required), through the
// intake exactly as the API does, the agent as who did it; then 303 back to the page with a flash.
// Done once: a second action is refused with the page saying what was done and when; a refused
// form shows the page again with the reason, the field errors and what was typed. Session and
// CSRF token are checked before this runs.
import { s3Client } from '../aws/s3';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import type { Desk } from '../desk';
import { releaseTargetOf } from '../api/quarantine-bodies';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { quarantineIdOf } from '../http/path-params';
import { emailIntakeOf, type DiscardOutcome, type EmailIntake, type ReleaseOutcome } from '../intake/intake-email';
import { createS3BlobStore } from '../store/s3-blob-store';
import { consoleFormats, htmlResponse, refusalPage, seeOther } from './console-pages';
import { quarantineMailData } from './console-quarantine-data';
import { quarantineHref, quarantineMailPage, settledText, type QuarantineMailInput } from './console-quarantine-page';

type FormName = NonNullable<QuarantineMailInput['submitted']>['form'];

/** The release form as the API's body: one reading of what a release asks for. */
const releaseOfForm = (form: URLSearchParams) => {
  const ticketId = (form.get('ticketId') ?? '').trim();
  return releaseTargetOf(
    form.get('as') === 'new-ticket'
      ? { asNewTicket: { customerId: form.get('customerId') ?? '', kind: form.get('kind') ?? '' } }
      : ticketId
        ? { ticketId }
        : {},
  );
};

/** The intake's field names as the form's (`asNewTicket.customerId` is the customer field). */
const formField = (field: string) => field.replace(/^asNewTicket\./, '');

export function makeConsoleQuarantineActionHandler(desk: Desk, email: EmailIntake = emailIntakeOf(desk)) {
  return consoleEndpoint(desk, async ({ event, session, chrome, form }) => {
    const id = quarantineIdOf(event);
    const agent = { type: 'agent' as const, id: session.agentId };
    const discarding = event.rawPath.endsWith('/discard');
    const formName: FormName = discarding ? 'discard' : form.get('as') === 'new-ticket' ? 'new' : 'onto';

    let outcome: Exclude<ReleaseOutcome | DiscardOutcome, { ok: true }> | null = null;
    if (discarding) {
      const result = await email.discard(id, form.get('reason') ?? '', agent);
      if (!result.ok) outcome = result;
    } else {
      const read = releaseOfForm(form);
      if (!read.ok) outcome = { ok: false, reason: 'invalid', issues: read.issues };
      else {
        const result = await email.release(id, read.target, agent);
        if (!result.ok) outcome = result;
      }
    }
    if (!outcome) return seeOther(`${quarantineHref(id)}?done#flash`);

    const data = await quarantineMailData(desk, id);
    if (!data || outcome.reason === 'not-found')
      return htmlResponse(404, refusalPage('Not found', `There is no quarantine record ${id}.`, chrome));
    const formats = consoleFormats(desk.policy);
    const issues: FieldIssue[] =
      outcome.reason === 'invalid'
        ? outcome.issues.map((i) => ({ ...i, field: formField(i.field) }))
        : outcome.reason === 'no-ticket'
          ? [{ field: 'ticketId', message: 'this mail named no ticket: say which ticket to add it to' }]
          : [];
    const what = discarding ? 'Not discarded' : 'Not released';
    const text =
      outcome.reason === 'already-settled'
        ? `${what}: this mail was settled before. ${settledText(data.record, formats) ?? ''}`
        : issues.length
          ? `${what}: ${issues.map((i) => i.message).join('; ')}.`
          : outcome.reason === 'nothing-kept'
            ? `${what}: no raw mail is kept for this record.`
            : outcome.reason === 'unparseable'
              ? `${what}: the kept mail cannot be read: ${outcome.detail}.`
              : `${what}: ${outcome.reason === 'not-allowed' ? outcome.detail : outcome.reason}.`;
    const values = Object.fromEntries([...form].filter(([name]) => name !== 'csrf'));
    return htmlResponse(
      issues.length ? 400 : 409,
      quarantineMailPage({
        ...data,
        policy: desk.policy,
        formats,
        chrome,
        flash: { kind: 'error', text },
        submitted: { form: formName, values, issues },
      }),
    );
  });
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeConsoleQuarantineActionHandler(
  deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }),
);
