// The desk's dependencies, built once per process (module scope in Lambda, once in `npm start`)
// and handed to every handler, so tests and the local runtime can hand in their own.
import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultPolicyData } from '../workflows/default-policy';
import { loadPolicy, type Policy } from '../workflows/policy';
import { createTicketMachine, type TicketMachine } from '../workflows/ticket-machine';
import { systemClock, type Clock } from './clock';
import { createDocumentClient } from './dynamo-client';
import { createTicketStore, type TicketStore } from './ticket-store';
import { createTicketService, type TicketService, type TicketServiceDeps } from './ticket-service';
import { SFNClient } from '@aws-sdk/client-sfn';
import { wakeOnCommit } from './lifecycle-driver';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalFolderStore, type BlobStore } from './blob-store';
import { createEmailIntake, type EmailIntake } from './intake-email';
import { createIntakeStore, type IntakeStore } from './intake-store';
import { createWebhookIntake, type WebhookIntake } from './intake-webhook';
import type { SecretLookup } from './http/webhook-auth';
import type { LinkMinting } from '../workflows/ticket-engine';
import { parseLinkKeys } from '../workflows/link-token';

export interface Desk {
  policy: Policy;
  machine: TicketMachine;
  store: TicketStore;
  service: TicketService;
  clock: Clock;
  intake: IntakeStore;
  email: EmailIntake;
  webhooks: WebhookIntake;
  /** Webhook secrets by the names the policy gives them (environment variables in AWS). */
  secretOf: SecretLookup;
  /** Signing keys and public base URL for customer links; without them the desk mints none. */
  links?: LinkMinting;
  agentToken?: string;
  timeoutEarlyInMillis?: number;
}

export interface DeskOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  policy?: Policy;
  clock?: Clock;
  agentToken?: string;
  timeoutEarlyInMillis?: number;
  /** Where raw mail and attachments are kept (a local folder; S3 in AWS). */
  blobStore?: BlobStore;
  secretOf?: SecretLookup;
  links?: LinkMinting;
  onCommit?: TicketServiceDeps['onCommit'];
}

export function createDesk(options: DeskOptions): Desk {
  const policy = options.policy ?? loadPolicy(defaultPolicyData);
  const machine = createTicketMachine(policy);
  const store = createTicketStore(options.client, options.tableName);
  const clock = options.clock ?? systemClock;
  const service = createTicketService({ store, machine, policy, clock, links: options.links, onCommit: options.onCommit });
  const intake = createIntakeStore(options.client, options.tableName);
  const blobs = options.blobStore ?? createLocalFolderStore(join(tmpdir(), 'servicedesk-mail'));
  const email = createEmailIntake({ service, tickets: store, intake, rawStore: blobs, attachmentStore: blobs, policy, clock });
  const webhooks = createWebhookIntake({ service, tickets: store, intake, policy, clock });
  const secretOf = options.secretOf ?? ((name: string) => process.env[name]);
  return { policy, machine, store, service, clock, intake, email, webhooks, secretOf, links: options.links, agentToken: options.agentToken, timeoutEarlyInMillis: options.timeoutEarlyInMillis };
}

/** A policy file (JSON) replaces the built-in defaults; it is validated before anything starts. */
export function policyFromFile(path: string | undefined): Policy {
  return loadPolicy(path ? JSON.parse(readFileSync(path, 'utf8')) : defaultPolicyData);
}

/** Links live long enough to outlast every reminder cycle of the default policy. */
export const LINK_VALIDITY_SECONDS = 30 * 24 * 3600;

let fromEnv: Desk | undefined;

/** The Lambda wiring: table and policy from the environment, created on first use and kept. */
export function deskFromEnv(): Desk {
  fromEnv ??= createDesk({
    client: createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT }),
    tableName: process.env.TABLE_NAME ?? 'servicedesk',
    policy: policyFromFile(process.env.POLICY_FILE),
    agentToken: process.env.AGENT_TOKEN,
    // In AWS each ticket's lifecycle execution parks between events; a commit wakes it.
    onCommit: process.env.STATE_MACHINE_ARN ? wakeOnCommit(new SFNClient({}), Date.now) : undefined,
    links: process.env.LINK_SIGNING_KEYS && process.env.PUBLIC_URL ? { keys: parseLinkKeys(process.env.LINK_SIGNING_KEYS), baseUrl: process.env.PUBLIC_URL, validitySeconds: LINK_VALIDITY_SECONDS } : undefined,
  });
  return fromEnv;
}
