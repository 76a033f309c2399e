// A fresh table on the run's DynamoDB Local for one test file, and the engine wired to it.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../functions/store/dynamo-client';
import { ensureTable } from '../../functions/store/ensure-table';
import { createTicketStore } from '../../functions/lifecycle/ticket-store';
import { createTicketService } from '../../functions/lifecycle/ticket-service';
import { manualClock } from '../../functions/clock';
import { localCredentials } from '../../local/dynamodb-local';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { loadPolicy } from '../../workflows/policy/policy';
import { createTicketMachine } from '../../workflows/lifecycle/ticket-machine';
import type { Origin } from '../../workflows/lifecycle/ticket-events';

export const machine = createTicketMachine(defaultPolicy);

/**
 * The default policy with no team mailboxes: the engine's specs count the customer's and vendor's
 * mails, and a team told of every routed ticket would be one more in each (assignment.test.ts
 * specifies the team's mail, on the default policy).
 */
export const policyWithoutTeamMail = loadPolicy({
  ...defaultPolicy,
  teams: defaultPolicy.teams.map(({ mailbox: _mailbox, ...team }) => team),
});

export function endpoint(): string {
  const value = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!value)
    throw new Error(
      'TEST_DYNAMODB_ENDPOINT is not set: run the tests through jest (globalSetup starts DynamoDB Local)',
    );
  return value;
}

export async function createTestTable() {
  const tableName = `test-${randomUUID()}`;
  const raw = new DynamoDBClient({ endpoint: endpoint(), region: 'local', credentials: localCredentials });
  await ensureTable(raw, tableName);
  raw.destroy();
  const client = createDocumentClient({ endpoint: endpoint(), region: 'local', credentials: localCredentials });
  return { tableName, client, store: createTicketStore(client, tableName) };
}

/** Friday 20 November 2026, 10:00 in Amsterdam: inside business hours. */
export const FRIDAY_MORNING = Date.parse('2026-11-20T09:00:00Z');

export async function createTestEngine(start = FRIDAY_MORNING) {
  const table = await createTestTable();
  const clock = manualClock(start);
  const service = createTicketService({
    store: table.store,
    machine,
    policy: policyWithoutTeamMail,
    clock,
    backoff: async () => {},
  });
  return { ...table, clock, service };
}

export const agent = { type: 'agent' as const, id: 'agent@desk.example.com' };
export const customer = { type: 'customer' as const, id: 'jan@acme.example.nl' };
/** An agent's request through the API or the console. */
export const byAgent: Origin = { actor: agent, channel: 'agent' };
/** The customer answering by mail. */
export const byCustomerMail: Origin = { actor: customer, channel: 'email' };
