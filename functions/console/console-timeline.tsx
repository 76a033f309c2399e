// The ticket's timeline as a conversation, newest first: per event who did it (agent, customer,
// vendor, the desk's timer, monitoring) and through what (mail, their link, a phone call), what
// they did and wrote (console-event-content.tsx), the mails it sent with their delivery, and for
// an event that came from a mail the link to the original. Internal notes stand apart, labelled,
// so nobody takes them for what the customer saw.
import type { LoggedEvent } from '../../workflows/lifecycle/ticket-engine';
import type { MailProvenance } from '../../workflows/lifecycle/ticket-events';
import type { StoredOutboxMessage } from '../../workflows/mail/outbox-delivery';
import type { OutboxRetry } from '../../workflows/policy/policy';
import { EventBody, Instant, whatHappened, type EventContext } from './console-event-content';
import { MailLine } from './console-mail-status';
import { stageTitle } from './console-pages';
import type { Formats } from '../views/formats';
import { UserText } from '../views/user-text-bdi';

export interface TimelineInput extends Omit<EventContext, 'stageBefore' | 'formats'> {
  events: LoggedEvent[];
  outbox: StoredOutboxMessage[];
  retry: OutboxRetry;
}

/** The console's page of an event's original mail. */
export const originalHref = (ticketId: string, seq: number) =>
  `/console/tickets/${encodeURIComponent(ticketId)}/events/${seq}/original`;

/** A signed link's action as words: `confirm_resolution` → "confirm resolution". */
const actionWords = (action: string) => action.replace(/_/g, ' ');

/** Who did it, as the receiving side stamped it (actor and channel), never as a payload claims. */
function Who({ logged, ctx }: { logged: LoggedEvent; ctx: Omit<EventContext, 'stageBefore'> }) {
  const { actor } = logged;
  const { head, policy } = ctx;
  switch (actor.type) {
    case 'agent': {
      // A policy agent by name; any other sign-in (the local token's agent) by its id.
      const named = policy.agents.find((a) => a.id === actor.id);
      return named ? (
        <>{named.name}</>
      ) : (
        <>
          Agent <UserText value={actor.id} />
        </>
      );
    }
    case 'customer': {
      const name = actor.id.toLowerCase() === head.requester.email.toLowerCase() ? head.requester.name : undefined;
      return (
        <>
          Customer {name ? <UserText value={name} /> : null} &lt;
          <UserText value={actor.id} />
          &gt;
        </>
      );
    }
    case 'vendor': {
      const vendor =
        policy.vendors.find((v) => v.id === actor.id || v.contact === actor.id) ??
        policy.vendors.find((v) => v.id === head.thirdParty?.id);
      return (
        <>
          Vendor {vendor ? `${vendor.name} ` : null}
          {actor.id !== vendor?.id ? (
            <>
              &lt;
              <UserText value={actor.id} />
              &gt;
            </>
          ) : null}
        </>
      );
    }
    default:
      if (logged.event.channel === 'timer') return <>Timer</>;
      if (logged.event.channel === 'webhook')
        return (
          <>
            Monitoring <UserText value={actor.id} />
          </>
        );
      if (actor.id.startsWith('mail:'))
        return (
          <>
            Machine mail from <UserText value={actor.id.slice('mail:'.length)} />
          </>
        );
      return (
        <>
          System <UserText value={actor.id} />
        </>
      );
  }
}

/** Through what it reached the desk, when that is worth saying. */
function via(logged: LoggedEvent): string | null {
  const e = logged.event as { channel?: unknown; viaLink?: { action?: unknown }; releasedFrom?: unknown };
  if (typeof e.releasedFrom === 'string') return 'released from quarantine';
  if (e.viaLink && typeof e.viaLink.action === 'string')
    return `through their link (“${actionWords(e.viaLink.action)}”)`;
  if (e.channel === 'email') return 'by mail';
  if (e.channel === 'phone') return 'by phone';
  return null;
}

const provenanceOf = (logged: LoggedEvent): MailProvenance | null => {
  const mail = logged.event.mail as MailProvenance | undefined;
  return mail && typeof mail === 'object' ? mail : null;
};

/** The mail an event came from: who else was on it, and its original when the raw message was kept. */
function FromMail({ ticketId, logged }: { ticketId: string; logged: LoggedEvent }) {
  const mail = provenanceOf(logged);
  if (!mail) return null;
  const cc = mail.cc ?? [];
  return (
    <p class="from-mail">
      {cc.length ? (
        <>
          Also sent to <UserText value={cc.join(', ')} />.{' '}
        </>
      ) : null}
      {mail.rawKey ? (
        <a href={originalHref(ticketId, logged.seq)}>Show original</a>
      ) : (
        <span class="muted">The original message was not kept.</span>
      )}
    </p>
  );
}

export function Timeline({ input, formats }: { input: TimelineInput; formats: Formats }) {
  const ordered = [...input.events].sort((a, b) => a.seq - b.seq);
  const before = new Map(ordered.map((e, i) => [e.seq, ordered[i - 1]?.stage ?? null]));
  const mailsOf = (seq: number) => input.outbox.filter((m) => m.seq === seq).sort((a, b) => a.n - b.n);
  const base = { ...input, formats };
  return (
    <ol class="timeline" reversed>
      {ordered.reverse().map((logged) => {
        const ctx: EventContext = { ...base, stageBefore: before.get(logged.seq) ?? null };
        const internal = logged.type === 'ADD_NOTE';
        const mails = mailsOf(logged.seq);
        const how = via(logged);
        const moved = ctx.stageBefore !== null && ctx.stageBefore !== logged.stage;
        return (
          <li
            id={`event-${logged.seq}`}
            data-event={logged.type}
            data-seq={logged.seq}
            data-actor={logged.actor.type}
            class={internal ? 'internal' : logged.actor.type === 'agent' ? 'desk' : logged.actor.type}
          >
            <p class="entry-head">
              {internal ? (
                <span class="mark internal" title="Only agents see internal notes">
                  INTERNAL NOTE
                </span>
              ) : null}
              <strong class="who">
                <Who logged={logged} ctx={base} />
              </strong>{' '}
              <span class="what">{whatHappened(logged, ctx)}</span>
              {how ? ` ${how}` : null} · <Instant at={logged.at} formats={formats} />
              {moved ? <span class="stage"> · now {stageTitle(input.machine, logged.stage)}</span> : null}{' '}
              <span class="muted">({logged.type})</span>
            </p>
            {internal ? <p class="hint">Not sent to the customer: only agents see this note.</p> : null}
            <EventBody logged={logged} ctx={ctx} />
            <FromMail ticketId={input.head.id} logged={logged} />
            {mails.length ? (
              <ul class="mails" aria-label="Mail this sent">
                {mails.map((m) => (
                  <MailLine m={m} retry={input.retry} formats={formats} />
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
