// Reindexing against DynamoDB Local: tickets whose events were written before the search index
// existed are found by their words once the reindex has read their event logs, by the same items a
// commit writes; running it again changes nothing, and the table then says its index is whole.
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock } from '../../functions/clock';
import { makeListTicketsHandler } from '../../functions/api/list-tickets.handler';
import type { Desk } from '../../functions/desk';
import { markSearchIndexWhole, reindexSearch, searchIndexIsWhole } from '../../functions/search/search-reindex';
import { consoleEvent, invoke } from '../support/console-requests';
import { byAgent } from '../support/test-table';
import { HANDLER_AGENT_TOKEN, handlerDesk } from '../support/handler-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;

beforeAll(async () => {
  ({ desk } = await handlerDesk(clock));
});

const found = async (q: string) => {
  const response = await invoke(makeListTicketsHandler(desk), {
    ...consoleEvent('GET', '/v1/tickets', {
      query: { q },
      headers: { authorization: `Bearer ${HANDLER_AGENT_TOKEN}` },
    }),
  });
  expect(response.statusCode).toBe(200);
  return (JSON.parse(response.body!) as { tickets: { id: string }[] }).tickets.map((t) => t.id);
};

/** Every search index item on the table (what a table from before the index lacks). */
async function indexItems() {
  const { client, tableName } = desk.table;
  const page = await client.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'begins_with(pk, :word)',
      ExpressionAttributeValues: { ':word': 'WORD' },
    }),
  );
  return page.Items ?? [];
}

describe('reindexing the search', () => {
  it('finds tickets written before the index by their words, and running it again changes nothing', async () => {
    const created = await desk.service.create(
      {
        kind: 'incident',
        subject: 'Scanner in Utrecht',
        description: 'De scanner bij de receptie geeft een paarse streep.',
        requester: { email: 'jan@acme.example.nl' },
        channel: 'phone',
      },
      byAgent,
    );
    if (!created.ok) throw new Error(JSON.stringify(created));
    clock.advance(60_000);
    await desk.service.apply(created.head.id, { type: 'ADD_NOTE', text: 'Toner van de leverancier besteld.' }, byAgent);
    const written = await indexItems();
    // As a table from before the index: the ticket and its log, no index items.
    await desk.table.client.send(
      new BatchWriteCommand({
        RequestItems: {
          [desk.table.tableName]: written.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
        },
      }),
    );
    expect(await found('paarse')).toEqual([]);
    expect(await searchIndexIsWhole(desk.table)).toBe(false);

    const built = await reindexSearch({ ...desk.table, store: desk.store });
    await markSearchIndexWhole(desk.table, clock.now());

    expect(built).toEqual({ tickets: 1, items: written.length });
    expect(await found('paarse')).toEqual([created.head.id]);
    expect(await found('leverancier toner')).toEqual([created.head.id]);
    expect((await indexItems()).map((i) => `${i.pk} ${i.sk}`).sort()).toEqual(
      written.map((i) => `${i.pk} ${i.sk}`).sort(),
    );
    expect(await reindexSearch({ ...desk.table, store: desk.store })).toEqual(built);
    expect(await indexItems()).toHaveLength(written.length);
    expect(await searchIndexIsWhole(desk.table)).toBe(true);
  });
});
