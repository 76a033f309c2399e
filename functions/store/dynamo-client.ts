// The DynamoDB document client, configured once: locally against DynamoDB Local, in AWS from the
// Lambda environment. Every client watches the store's availability (store-unavailable.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '../desk-logger';
import { watchStoreAvailability, type StoreAvailability } from './store-unavailable';

export interface DocumentClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Where an outage is reported, once when it starts and once when it ends (a log by default). */
  onAvailability?: (change: StoreAvailability) => void;
  /** Give up on a request after this long (none by default: Lambda's own timeout bounds it). */
  requestTimeoutMs?: number;
}

const logAvailability = (change: StoreAvailability) => {
  if (change.available) logger.info('the store answers again', { downForMs: change.downForMs });
  else logger.error('the store cannot be reached', { cause: change.cause });
};

export function createDocumentClient(options: DocumentClientOptions = {}) {
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'local',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.requestTimeoutMs
      ? {
          requestHandler: {
            connectionTimeout: Math.min(options.requestTimeoutMs, 3000),
            requestTimeout: options.requestTimeoutMs,
            throwOnRequestTimeout: true,
          },
        }
      : {}),
    maxAttempts: 5,
  });
  watchStoreAvailability(client, options.onAvailability ?? logAvailability);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
