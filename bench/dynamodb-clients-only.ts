// The baseline bundle `npm run cost` measures every function against: only the DynamoDB clients,
// created as a handler creates them at load time, and a handler that does nothing. Built by the
// same deskFunction() (same bundling options) in the same run as the desk's functions.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = async () => ({ ok: client.config.region !== undefined });
