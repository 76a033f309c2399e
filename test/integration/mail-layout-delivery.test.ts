// The dispatcher sends every mail's HTML part in the desk's one layout, signed with the desk the
// policy names; an outbox item written before mails carried letters goes out in it too.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Mailer, OutgoingMail } from '../../functions/outbox/mailer';
import { createOutboxDispatcher } from '../../functions/outbox/delivery-attempts';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { byAgent, createTestEngine } from '../support/test-table';

const quiet = { error: () => {}, info: () => {} };
const desk = { name: 'Servicedesk Noord', phone: '+31 50 123 4567' };
const incident = {
  kind: 'incident',
  subject: 'Printer offline',
  requester: { email: 'jan@acme.example.nl' },
  customerId: 'acme',
};

async function deskWithOneMail() {
  const engine = await createTestEngine();
  const sent: OutgoingMail[] = [];
  const mailer: Mailer = { send: async (mail) => void sent.push(mail) };
  const dispatcher = createOutboxDispatcher({ ...engine, mailer, retry: defaultPolicy.outbox, logger: quiet, desk });
  const created = await engine.service.create(incident, byAgent);
  if (!created.ok) throw new Error('refused');
  return { ...engine, sent, dispatcher, ticketId: created.head.id };
}

describe('the HTML part the dispatcher sends', () => {
  it("is the desk's layout, under the name and phone the dispatcher was given", async () => {
    const { sent, dispatcher, ticketId } = await deskWithOneMail();

    await dispatcher.dispatchDue();

    expect(sent).toHaveLength(1);
    expect(sent[0]!.html).toMatch(/^<!doctype html><html lang="nl">/);
    expect(sent[0]!.html).toMatch(new RegExp(`>Servicedesk Noord</span> <span[^>]*>\\[${ticketId}\\]</span>`));
    expect(sent[0]!.html).toContain('<a href="tel:+31501234567"');
  });

  it('renders an outbox item stored without a letter from its text, in the same layout', async () => {
    const { client, tableName, store, sent, dispatcher, ticketId } = await deskWithOneMail();
    const [item] = await store.listOutbox(ticketId);
    const { Items: [key] = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
        ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}`, ':outbox': 'OUTBOX#' },
        ProjectionExpression: 'pk, sk',
      }),
    );
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: key!.pk, sk: key!.sk },
        UpdateExpression: 'REMOVE letter',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );

    await dispatcher.dispatchDue();

    expect(sent).toHaveLength(1);
    expect(sent[0]!.html).toContain(`[${ticketId}]</span>`);
    expect(sent[0]!.html).toContain(item!.text.split('\n')[0]!.replace(/</g, '&lt;'));
  });
});
