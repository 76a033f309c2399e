// The whole desk on one machine: DynamoDB Local (supervised: restarted if it dies), the table, the
// intake journal (replayed before the desk listens), the HTTP API, the SMTP listener, the timer
// poller and the outbox loop, started together and stopped together.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { acceleratedClock, systemClock, type Clock } from '../functions/clock';
import { createDesk, type Desk } from '../functions/desk';
import { createDocumentClient } from '../functions/store/dynamo-client';
import { ensureTable } from '../functions/store/ensure-table';
import type { Policy } from '../workflows/policy/policy';
import { freePort, localCredentials, startDynamoDbLocal } from './dynamodb-local';
import { superviseDynamoDb } from './dynamodb-supervisor';
import { createFolderJournal } from './intake-journal-folder';
import { replayJournal } from './journal-replay';
import { emailIntakeOf } from '../functions/intake/intake-email';
import { webhookIntakeOf } from '../functions/intake/intake-webhook';
import { noJournal } from '../functions/intake/intake-journal';
import { isStoreUnavailable, type StoreAvailability } from '../functions/store/store-unavailable';
import { parseLinkKeys, type LinkKeys } from '../workflows/links/link-token';
import { LINK_VALIDITY_SECONDS } from '../functions/desk';

/** Link signing keys: LINK_SIGNING_KEYS, else one made once and kept with the data (links in sent mail must keep working). */
export function linkKeys(dataDir: string | null): LinkKeys {
  if (process.env.LINK_SIGNING_KEYS) return parseLinkKeys(process.env.LINK_SIGNING_KEYS);
  const file = dataDir ? join(dataDir, 'link-keys') : null;
  if (file && existsSync(file)) return parseLinkKeys(readFileSync(file, 'utf8'));
  const keys = `local-${Date.now().toString(36)}:${randomBytes(32).toString('base64url')}`;
  if (file) writeFileSync(file, keys, { mode: 0o600 });
  return parseLinkKeys(keys);
}
import { createHttpServer } from './http-server';
import { deskRoutes } from './routes';
import { startTimerPoller } from './timer-poller';
import { startSmtpListener } from './smtp-listener';
import { startLoop } from './poll-loop';
import { devMailboxHandler } from './dev-mailbox';
import { createLocalMailbox } from '../functions/outbox/local-mailbox';
import { createSmtpMailer } from '../functions/outbox/smtp-mailer';
import { outboxDispatcherFor } from '../functions/outbox/delivery-attempts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createLocalFolderStore } from '../functions/store/blob-store';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { tokenAgentsOf, type AgentCredential } from '../functions/http/agent-identity';
import { markSearchIndexWhole, reindexSearch, searchIndexIsWhole } from '../functions/search/search-reindex';
import { announceRunningDesk, withdrawRunningDesk } from './running-desk';

/** Secrets for every webhook source: those given, and a fresh one for each that is missing. */
function webhookSecrets(policy: Policy, given: Record<string, string>): Record<string, string> {
  const secrets = { ...given };
  for (const source of policy.intake.webhookSources) {
    const [current] = source.secretEnv;
    if (current && !secrets[current])
      secrets[current] =
        source.auth === 'standard-webhooks'
          ? `whsec_${randomBytes(24).toString('base64')}`
          : randomBytes(24).toString('base64url');
  }
  return secrets;
}

export interface LocalDeskOptions {
  /** Where DynamoDB Local keeps its data; null keeps nothing (in memory). */
  dataDir: string | null;
  port: number;
  host?: string;
  clockSpeed?: number;
  /** A fixed clock (tests); otherwise real or accelerated time. */
  clock?: Clock;
  /** The first agent's token (see DeskOptions.agentToken); every agent without one gets one generated. */
  agentToken?: string;
  /** Tokens by agent id (the environment's AGENT_TOKEN_<ID> at `npm start`). */
  agentTokens?: (agentId: string) => string | undefined;
  policy?: Policy;
  /** The file `policy` was read from, told to the tools beside a running desk (running-desk.ts). */
  policyFile?: string;
  pollIntervalMs?: number;
  tableName?: string;
  /** SMTP port for inbound mail (2525 by default; 0 picks a free one). */
  smtpPort?: number;
  /** Webhook secrets by name; missing ones are generated for this run and reported. */
  secrets?: Record<string, string>;
  /** Deliver desk mail over SMTP instead of to the local mailbox (else MAIL_SMTP_URL). */
  mailSmtpUrl?: string;
  /** Use a DynamoDB (Local) that is already running instead of starting one. */
  dynamoEndpoint?: string;
  log?: (line: string) => void;
  /** DynamoDB Local died and would not come back: the desk cannot go on (`npm start` exits non-zero). */
  onFatal?: (error: Error) => void;
  /** Awaited before DynamoDB Local is restarted after it died (tests hold an outage open with it). */
  beforeStoreRestart?: () => Promise<void>;
}

export interface LocalDesk {
  url: string;
  smtpPort: number;
  /** The first agent's token. */
  agentToken: string;
  /** Every agent who signs in with a token, and their token (generated ones included). */
  agents: readonly AgentCredential[];
  /** The webhook secrets in force, by name (generated ones included). */
  secrets: Record<string, string>;
  desk: Desk;
  tableCreated: boolean;
  /** The folder the local mailbox writes each sent mail to as an .eml file; null when mail goes to a relay. */
  mailboxDir: string | null;
  stop(): Promise<void>;
}

/** Accelerated desk time must never run backwards across restarts: resume from where it was. */
function deskClock(options: LocalDeskOptions): { clock: Clock; save: () => void } {
  if (options.clock) return { clock: options.clock, save: () => {} };
  const speed = options.clockSpeed ?? 1;
  const file = options.dataDir ? join(options.dataDir, 'clock.json') : null;
  const saved = file && existsSync(file) ? Number(JSON.parse(readFileSync(file, 'utf8')).deskTime) : 0;
  const clock =
    speed === 1 && saved <= Date.now() ? systemClock : acceleratedClock(speed, Math.max(Date.now(), saved || 0));
  return { clock, save: () => file && writeFileSync(file, JSON.stringify({ deskTime: clock.now() })) };
}

const outageLine = (change: StoreAvailability) =>
  change.available
    ? `store: DynamoDB Local answers again (after ${Math.round(change.downForMs / 1000)} s)`
    : `store: DynamoDB Local cannot be reached (${change.cause}); intake answers 503 and SMTP 451 until it is back`;

export async function startLocalDesk(options: LocalDeskOptions): Promise<LocalDesk> {
  const log = options.log ?? (() => {});
  const tableName = options.tableName ?? 'servicedesk';
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // What the desk acknowledged is kept until a store of its own has been stopped cleanly.
  const ownStore = !options.dynamoEndpoint;
  const journal = options.dataDir ? createFolderJournal(join(options.dataDir, 'journal')) : noJournal;
  const unreplayable = new Set<string>();
  // A store that was restarted may have lost entries until the journal has been replayed into it.
  let replayOwed = false;
  let catchUp = async () => {};
  const dynamo = options.dynamoEndpoint
    ? { endpoint: options.dynamoEndpoint, stop: async () => ({ clean: false }) }
    : await superviseDynamoDb({
        start: (port) =>
          startDynamoDbLocal({ dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined, port }),
        onRestarted: () => {
          replayOwed = true;
          return catchUp();
        },
        onGaveUp: (error) => {
          log(`the desk cannot go on: ${error.message}`);
          options.onFatal?.(error);
        },
        beforeRestart: options.beforeStoreRestart,
        log,
      });
  try {
    const prepareTable = async () => {
      const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: localCredentials });
      try {
        return (await ensureTable(raw, tableName)) === 'created';
      } finally {
        raw.destroy();
      }
    };
    const tableCreated = await prepareTable();

    const { clock, save } = deskClock(options);
    const policy = options.policy ?? defaultPolicy;
    // Every agent signs in with a token of their own: given, or made up for this run (and printed).
    const generated = new Map(tokenAgentsOf(policy).map((a) => [a.id, randomBytes(24).toString('base64url')]));
    const first = tokenAgentsOf(policy)[0]!.id;
    const agentTokens = (id: string) =>
      options.agentTokens?.(id) ?? (id === first ? options.agentToken : undefined) ?? generated.get(id);
    const secrets = webhookSecrets(policy, options.secrets ?? {});
    const client = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: localCredentials,
      requestTimeoutMs: 10_000,
      onAvailability: (change) => log(outageLine(change)),
    });
    const mailDir = options.dataDir ? join(options.dataDir, 'mail') : mkdtempSync(join(tmpdir(), 'servicedesk-mail-'));
    // The URL goes into the links in mails, so the port is settled before the desk is built.
    const port = options.port || (await freePort());
    const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
    const links = { keys: linkKeys(options.dataDir), baseUrl, validitySeconds: LINK_VALIDITY_SECONDS };
    const desk = createDesk({
      client,
      tableName,
      policy,
      clock,
      agentTokens,
      timeoutEarlyInMillis: 0,
      blobStore: createLocalFolderStore(mailDir),
      secretOf: (name) => secrets[name],
      links,
      journal,
    });
    // The intakes `npm start` runs itself (SMTP listener, journal replay); the HTTP handlers build their own.
    const email = emailIntakeOf(desk);
    const webhooks = webhookIntakeOf(desk);

    // Before anyone is answered: what an earlier run acknowledged and the store lost comes back.
    const replay = async () => {
      const result = await replayJournal(journal, { email, webhooks, policy: desk.policy }, log);
      for (const id of result.replayed) unreplayable.delete(id);
      for (const id of result.failed) unreplayable.add(id);
      replayOwed = false;
    };
    await replay();
    // A table from before the search index (or an older build of it) is indexed once, before anyone asks.
    if (tableCreated) await markSearchIndexWhole(desk.table, clock.now());
    else if (!(await searchIndexIsWhole(desk.table))) {
      const built = await reindexSearch({ ...desk.table, store: desk.store });
      await markSearchIndexWhole(desk.table, clock.now());
      log(`search: indexed the words of ${built.tickets} earlier tickets`);
    }
    catchUp = async () => {
      if ((await prepareTable()) && !options.dataDir)
        log('store: DynamoDB Local ran in memory, so the desk starts over empty');
      await replay();
    };

    // Outgoing mail: a real SMTP relay when MAIL_SMTP_URL is set, otherwise the local mailbox.
    const mailboxDir = options.dataDir ? join(options.dataDir, 'mailbox') : join(mailDir, 'mailbox');
    const mailbox = createLocalMailbox(mailboxDir, () => clock.now());
    const smtpUrl = options.mailSmtpUrl ?? process.env.MAIL_SMTP_URL;
    // A mail that fails for good is the runtime's to report, like its other trouble (Powertools JSON in AWS).
    const outboxLog = {
      error: (message: string, details: Record<string, unknown>) =>
        log(`outbox: ${message} ${JSON.stringify(details)}`),
      info: () => {},
    };
    const dispatcher = outboxDispatcherFor(desk, smtpUrl ? createSmtpMailer(smtpUrl) : mailbox, outboxLog);
    const server = createHttpServer(deskRoutes(desk), [{ prefix: '/dev/mailbox', handle: devMailboxHandler(mailbox) }]);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', () => resolve());
    });

    // An unreachable store was reported once, when it was noticed; the loops wait it out quietly.
    const poller = startTimerPoller({
      store: desk.store,
      service: desk.service,
      clock,
      intervalMs: options.pollIntervalMs ?? 1000,
      onError: (error, id) => isStoreUnavailable(error) || log(`timer ${id ?? ''} failed: ${(error as Error).message}`),
    });
    const outbox = startLoop(
      () => dispatcher.dispatchDue(),
      options.pollIntervalMs ?? 1000,
      (error) => isStoreUnavailable(error) || log(`outbox: ${(error as Error).message}`),
    );
    const saver = setInterval(save, 1000);
    const smtp = await startSmtpListener({
      intake: email,
      journal,
      port: options.smtpPort ?? 2525,
      host: options.host,
      maxBytes: policy.intake.maxMailBytes,
      log,
    });
    if (options.dataDir)
      announceRunningDesk(options.dataDir, {
        url: baseUrl,
        dynamoEndpoint: dynamo.endpoint,
        tableName,
        policyFile: options.policyFile ? resolve(options.policyFile) : null,
        pid: process.pid,
      });

    return {
      url: baseUrl,
      smtpPort: smtp.port,
      agentToken: desk.agentToken!,
      agents: desk.agentCredentials,
      secrets,
      desk,
      tableCreated,
      mailboxDir: smtpUrl ? null : mailboxDir,
      async stop() {
        if (options.dataDir) withdrawRunningDesk(options.dataDir);
        clearInterval(saver);
        save();
        await smtp.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await poller.stop();
        await outbox.stop();
        client.destroy();
        // Taken before the store stops: each of these the store answered, so a clean stop makes it durable.
        const kept = ownStore
          ? (await journal.entries()).map((entry) => entry.id).filter((id) => !unreplayable.has(id))
          : [];
        const { clean } = await dynamo.stop();
        if (clean && !replayOwed) await journal.prune(kept);
        else if (kept.length)
          log(
            `journal: ${kept.length} entries are kept for the next start (${clean ? 'not yet replayed after DynamoDB Local restarted' : 'DynamoDB Local did not stop cleanly'})`,
          );
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
