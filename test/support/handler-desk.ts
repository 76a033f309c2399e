// The desk as the handler specs call it: wired on a fresh table of the run's DynamoDB Local, with
// the spec's clock, agent token `agent-token-1` (the first agent's, unless `agentTokens` gives one),
// link keys and, for specs that look at kept files, a file store of their own.
import type { ManualClock } from '../../functions/clock';
import { createConsoleSessionStore } from '../../functions/console/console-session-store';
import { issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console/console-session';
import { createDesk, type Desk, type DeskOptions } from '../../functions/desk';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { createTestTable } from './test-table';

export const HANDLER_AGENT_TOKEN = 'agent-token-1';
export const handlerLinkKeys = parseLinkKeys('k1:first-secret-0123456789');

export async function handlerDesk(
  clock: ManualClock,
  options: Pick<DeskOptions, 'agentTokens' | 'blobStore'> = {},
): Promise<{ desk: Desk; table: Awaited<ReturnType<typeof createTestTable>> }> {
  const table = await createTestTable();
  const desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    policy: defaultPolicy,
    clock,
    agentToken: HANDLER_AGENT_TOKEN,
    links: { keys: handlerLinkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 60 },
    ...options,
  });
  return { desk, table };
}

/** The handler desk with an agent signed in to the console: their session stored, its cookie to send. */
export async function signedInHandlerDesk(clock: ManualClock, agentId = 'anna') {
  const { desk, table } = await handlerDesk(clock);
  const keys = sessionKeysFrom({ agentToken: HANDLER_AGENT_TOKEN, linkKeys: handlerLinkKeys })!;
  const { token, session } = issueSession(keys, agentId, 'token', Date.now());
  await createConsoleSessionStore(table.client, table.tableName).create(session);
  return { desk, table, cookies: [`${SESSION_COOKIE}=${token}`] };
}
