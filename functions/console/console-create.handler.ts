// POST /console/tickets — an agent registers a ticket from the console (a phone call, or on a
// customer's behalf): the form read into the create-ticket input and opened through the engine
// exactly as POST /v1/tickets opens it (desk.service.create, the agent as actor); then 303 to the
// new ticket with a flash. Invalid input shows the form again with the field errors and what was
// typed (400), and nothing is created. Session and CSRF token are checked before this runs.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { htmlResponse, seeOther } from './console-pages';
import { createFieldLabel, createFromForm, createRefusedPage } from './console-create-form';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';

export function makeConsoleCreateHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ session, chrome, form }) => {
    const checked = createFromForm(form, desk.policy);
    let issues: FieldIssue[] = checked.ok ? [] : checked.issues;
    if (checked.ok) {
      const created = await desk.service.create(checked.input, {
        actor: { type: 'agent', id: session.agentId },
        channel: 'agent',
      });
      if (created.ok) return seeOther(`/console/tickets/${encodeURIComponent(created.head.id)}?registered=1#flash`);
      // The engine checks again; a refusal it finds is shown the same way.
      issues = created.reason === 'invalid' ? created.issues : [{ field: '(form)', message: created.detail }];
    }
    const values = Object.fromEntries([...form].filter(([name]) => name !== 'csrf'));
    const text = `The call was not registered: ${issues.map((i) => `${createFieldLabel(desk.policy, i.field)}: ${i.message}`).join('; ')}. Nothing was created.`;
    return htmlResponse(400, createRefusedPage(desk.policy, chrome, text, { values, issues }));
  });
}

export const handler = makeConsoleCreateHandler(deskInAws());
