// GET /console/tickets/{id} — one ticket for an agent: facts and SLA, a form per event allowed
// now, pending timers, the timeline with its mails, the lifecycle diagram. `?applied=TYPE` is the
// flash after a form was applied (a known event type only; the text is ours, never the URL's),
// `?registered` the flash after the ticket was registered from the console, `?resent=SEQ.N` the
// flash after a failed mail was resent (only for a mail the ticket has);
// `?rows=N` shows more rows in list fields (quote lines, materials).
import { ticketEventTypes } from '../../workflows/lifecycle/ticket-events';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { ticketIdOf } from '../http/path-params';
import { htmlResponse, stageTitle } from './console-pages';
import { eventTitle, MAX_FORM_ROWS } from './console-event-forms';
import { ticketPage } from './console-ticket-page';
import { ticketPageData } from './console-ticket-data';
import { lifecycleDiagramHtml } from './lifecycle-diagram-svg';

export function makeConsoleTicketHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, chrome }) => {
    const data = await ticketPageData(desk, ticketIdOf(event));
    const applied = event.queryStringParameters?.applied;
    const stage = stageTitle(desk.machine, data.head.stage);
    const resent = /^(\d{1,10})\.(\d{1,3})$/.exec(event.queryStringParameters?.resent ?? '');
    const mail = resent && data.outbox.find((m) => m.seq === Number(resent[1]) && m.n === Number(resent[2]));
    const flash =
      applied && (ticketEventTypes as string[]).includes(applied)
        ? { kind: 'ok' as const, text: `${eventTitle(applied)} applied: the ticket is now ${stage}.` }
        : event.queryStringParameters?.registered !== undefined
          ? { kind: 'ok' as const, text: `Registered ${data.head.id}: the ticket is now ${stage}.` }
          : mail
            ? {
                kind: 'ok' as const,
                text: `Mail ${mail.template} to ${mail.address} resent: it is back in the outbox with a fresh retry window.`,
              }
            : undefined;
    // Drawn on the layout stored at build time: no layout runs here.
    const diagram = lifecycleDiagramHtml(desk.machine, { language: 'en', current: data.head.stage });
    const rows = Math.min(MAX_FORM_ROWS, Math.max(3, Number(event.queryStringParameters?.rows) || 3));
    return htmlResponse(200, ticketPage({ ...data, chrome, flash, rows, diagram }));
  });
}

export const handler = makeConsoleTicketHandler(deskInAws());
