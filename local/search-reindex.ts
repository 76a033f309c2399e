// `npm run reindex`: indexes the words of every ticket already on a table (one written before the
// search index existed), for a desk in AWS: TABLE_NAME, and the AWS credentials and region of the
// environment (DYNAMODB_ENDPOINT for another endpoint). `npm start` does this by itself for its
// own table. Safe while the desk runs, and to run again.
import { createDocumentClient } from '../functions/store/dynamo-client';
import { createTicketStore } from '../functions/lifecycle/ticket-store';
import { markSearchIndexWhole, reindexSearch } from '../functions/search/search-reindex';

async function main() {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('set TABLE_NAME to the desk table (the stack output TableName)');
  const client = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  const built = await reindexSearch({ client, tableName, store: createTicketStore(client, tableName) });
  await markSearchIndexWhole({ client, tableName }, Date.now());
  console.log(`indexed the words of ${built.tickets} tickets (${built.items} index items) on ${tableName}`);
  client.destroy();
}

main().catch((error: Error) => {
  console.error(`reindex failed: ${error.message}`);
  process.exitCode = 1;
});
