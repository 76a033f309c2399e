// The desk's core dependencies, built once per process (module scope in Lambda, once in `npm start`)
// and handed to every handler, so tests and the local runtime can hand in their own: the table,
// policy, chart, store, engine, clock, secrets and agents. What only some functions run (the email
// intake with its MIME and HTML parsers, the webhook intake) is built by those handlers from this
// desk (`emailIntakeOf`, `webhookIntakeOf`), so no other function's bundle carries it.
import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultPolicyData } from '../workflows/policy/default-policy-data';
import { loadPolicy, type Policy } from '../workflows/policy/policy';
import { createTicketMachine, type TicketMachine } from '../workflows/lifecycle/ticket-machine';
import { systemClock, type Clock } from './clock';
import { createDocumentClient } from './store/dynamo-client';
import { createTicketStore, type TicketStore } from './lifecycle/ticket-store';
import { createTicketService, type TicketService, type TicketServiceDeps } from './lifecycle/ticket-service';
import { createPolicyArchive, keepOnce, type PolicyArchive } from './lifecycle/policy-archive';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalFolderStore, type BlobStore } from './store/blob-store';
import { createIntakeStore, type IntakeStore } from './intake/intake-store';
import { noJournal, type IntakeJournal } from './intake/intake-journal';
import type { SecretLookup } from './http/webhook-auth';
import type { LinkMinting } from '../workflows/lifecycle/ticket-engine';
import { parseLinkKeys } from '../workflows/links/link-token';
import { agentCredentials, agentTokensFromEnv, type AgentCredential } from './http/agent-identity';

export interface Desk {
  /** The desk's one table, for the few parts that work on it directly (the outbox dispatcher). */
  table: { client: DynamoDBDocumentClient; tableName: string };
  policy: Policy;
  machine: TicketMachine;
  store: TicketStore;
  service: TicketService;
  clock: Clock;
  intake: IntakeStore;
  /** Where raw mail and attachments are kept (a local folder; S3 in AWS): the console shows an event's original from it. */
  blobs: BlobStore;
  /** Where an intake is kept before it is acknowledged (a folder locally; nothing in AWS, where DynamoDB is durable). */
  journal: IntakeJournal;
  /** Webhook secrets by the names the policy gives them (environment variables in AWS). */
  secretOf: SecretLookup;
  /** Every policy events were decided under, by fingerprint (the service report replays with them). */
  policies: PolicyArchive;
  /** Signing keys and public base URL for customer links; without them the desk mints none. */
  readonly links?: LinkMinting;
  /** Resolves once the desk's secrets are at hand (fetched in AWS, given locally); every entry point awaits it. */
  ready(): Promise<void>;
  /** The agents who can sign in with a token of their own (locally), with those tokens (agent-identity.ts). */
  agentCredentials: readonly AgentCredential[];
  /** The first agent's token (the `agentToken` option), if it has one: what specs sign in with. */
  agentToken?: string;
  timeoutEarlyInMillis?: number;
}

/** What the desk keeps secret: link signing (with the public URL links point at) and webhook secrets by name. */
export interface DeskSecrets {
  links?: LinkMinting;
  secretOf: SecretLookup;
}

export interface DeskOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  policy?: Policy;
  clock?: Clock;
  /**
   * The first agent's token: `local-agent`'s when the policy names no agents, else the policy's
   * first agent's (unless `agentTokens` gives that agent one).
   */
  agentToken?: string;
  /** Tokens by policy agent id (AGENT_TOKEN_<ID>, or generated at `npm start`). */
  agentTokens?: ReadonlyMap<string, string> | ((agentId: string) => string | undefined);
  timeoutEarlyInMillis?: number;
  /** Where raw mail and attachments are kept (a local folder; S3 in AWS). */
  blobStore?: BlobStore;
  secretOf?: SecretLookup;
  links?: LinkMinting;
  /** In AWS the secrets live in Secrets Manager: fetched before the first request, refreshed as keys rotate. */
  loadSecrets?: () => Promise<DeskSecrets>;
  onCommit?: TicketServiceDeps['onCommit'];
  journal?: IntakeJournal;
}

export function createDesk(options: DeskOptions): Desk {
  const policy = options.policy ?? loadPolicy(defaultPolicyData);
  const machine = createTicketMachine(policy);
  const store = createTicketStore(options.client, options.tableName);
  const clock = options.clock ?? systemClock;
  let secrets: DeskSecrets = {
    links: options.links,
    secretOf: options.secretOf ?? ((name: string) => process.env[name]),
  };
  const policies = createPolicyArchive(options.client, options.tableName);
  const service = createTicketService({
    store,
    machine,
    policy,
    clock,
    keepPolicy: keepOnce(policies, policy, () => clock.now()),
    links: () => secrets.links,
    onCommit: options.onCommit,
  });
  const intake = createIntakeStore(options.client, options.tableName);
  const blobs = options.blobStore ?? createLocalFolderStore(join(tmpdir(), 'servicedesk-mail'));
  const load = options.loadSecrets;
  const tokens = options.agentTokens;
  const credentials = agentCredentials(policy, {
    firstToken: options.agentToken,
    tokenOf: typeof tokens === 'function' ? tokens : (id) => tokens?.get(id),
  });
  return {
    table: { client: options.client, tableName: options.tableName },
    policy,
    machine,
    store,
    service,
    clock,
    policies,
    intake,
    blobs,
    journal: options.journal ?? noJournal,
    secretOf: (name) => secrets.secretOf(name),
    get links() {
      return secrets.links;
    },
    ready: async () => {
      if (load) secrets = await load();
    },
    agentCredentials: credentials,
    agentToken: credentials[0]?.token,
    timeoutEarlyInMillis: options.timeoutEarlyInMillis,
  };
}

/** A policy file (JSON) replaces the built-in defaults; it is validated before anything starts. */
export function policyFromFile(path: string | undefined): Policy {
  return loadPolicy(path ? JSON.parse(readFileSync(path, 'utf8')) : defaultPolicyData);
}

/** Links live long enough to outlast every reminder cycle of the default policy. */
export const LINK_VALIDITY_SECONDS = 30 * 24 * 3600;

let fromEnv: Desk | undefined;

/**
 * The Lambda wiring: table and policy from the environment, created on first use and kept. A
 * handler that commits or verifies secrets hands in the AWS wiring (desk-in-aws.ts), so handlers
 * that only read carry neither the Step Functions nor the Secrets Manager client in their bundle.
 */
export function deskFromEnv(wiring: Pick<DeskOptions, 'loadSecrets' | 'onCommit' | 'blobStore'> = {}): Desk {
  fromEnv ??= createDesk({
    client: createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT }),
    tableName: process.env.TABLE_NAME ?? 'servicedesk',
    policy: policyFromFile(process.env.POLICY_FILE),
    agentToken: process.env.AGENT_TOKEN,
    agentTokens: agentTokensFromEnv(process.env),
    links:
      process.env.LINK_SIGNING_KEYS && process.env.PUBLIC_URL
        ? {
            keys: parseLinkKeys(process.env.LINK_SIGNING_KEYS),
            baseUrl: process.env.PUBLIC_URL,
            validitySeconds: LINK_VALIDITY_SECONDS,
          }
        : undefined,
    ...wiring,
  });
  return fromEnv;
}
