// A token sign-in's guards in the table, claimed in one transaction before the token is compared:
// the form's nonce (`LOGIN#<nonce>`, single use, TTL) and one attempt on the client's and on the
// desk's failure counters (`THROTTLE#signin#<scope>#<window>`, fixed windows, TTL), each only while
// under its limit. Refused, the transaction writes nothing; a right token gives its attempt back,
// so the counters count failures. In the table, not in memory: every Lambda instance sees them.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { retryAfterSeconds, type ThrottleWindow, type ThrottleWindows } from '../../workflows/console/sign-in-throttle';
import { consoleItemPrefixes } from '../store/table-schema';

export type AttemptClaim =
  | { ok: true }
  | { ok: false; reason: 'client-limit' | 'desk-limit'; retryAfterSeconds: number }
  | { ok: false; reason: 'form-used' }
  /** Other attempts raced for the same counters every time: try again in a moment. */
  | { ok: false; reason: 'busy' };

const counterKey = (window: ThrottleWindow) => ({
  pk: `${consoleItemPrefixes.signInThrottle}${window.scope}#${window.index}`,
  sk: 'THROTTLE',
});
/** Kept one window past its own, as the intake's rate counters are: TTL deletes late, never early. */
const counterExpiry = (window: ThrottleWindow) => Math.ceil((2 * window.endsAt - window.startsAt) / 1000);

const RACE_RETRIES = 3;

export function createSignInAttempts(client: DynamoDBDocumentClient, tableName: string) {
  const count = (window: ThrottleWindow, by: 1 | -1) => ({
    Update: {
      TableName: tableName,
      Key: counterKey(window),
      UpdateExpression: 'ADD attempts :by SET expiresAt = if_not_exists(expiresAt, :expires)',
      ...(by === 1 ? { ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit' } : {}),
      ExpressionAttributeValues: {
        ':by': by,
        ':expires': counterExpiry(window),
        ...(by === 1 ? { ':limit': window.limit } : {}),
      },
    },
  });

  return {
    /** Uses the form's nonce and one attempt of each window, or none of them and says why not. */
    async claim(nonce: string, nonceExpiresAt: number, windows: ThrottleWindows, now: number): Promise<AttemptClaim> {
      const used = {
        pk: `${consoleItemPrefixes.loginNonce}${nonce}`,
        sk: 'LOGIN',
        entity: 'login-nonce',
        usedAt: now,
        expiresAt: Math.ceil(nonceExpiresAt / 1000) + 300,
      };
      for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
        try {
          const claimNonce = {
            Put: { TableName: tableName, Item: used, ConditionExpression: 'attribute_not_exists(pk)' },
          };
          await client.send(
            new TransactWriteCommand({
              TransactItems: [count(windows.client, 1), count(windows.overall, 1), claimNonce],
            }),
          );
          return { ok: true };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const [client, overall, nonce] = (error.CancellationReasons ?? []).map((r) => r.Code);
          // Held back by its own failures first: that is the wait that concerns this client.
          if (client === 'ConditionalCheckFailed')
            return { ok: false, reason: 'client-limit', retryAfterSeconds: retryAfterSeconds(windows.client, now) };
          if (overall === 'ConditionalCheckFailed')
            return { ok: false, reason: 'desk-limit', retryAfterSeconds: retryAfterSeconds(windows.overall, now) };
          if (nonce === 'ConditionalCheckFailed') return { ok: false, reason: 'form-used' };
          if (![client, overall, nonce].includes('TransactionConflict')) throw error;
        }
      }
      return { ok: false, reason: 'busy' };
    },

    /** The token was right: this attempt was no failure. */
    async giveBack(windows: ThrottleWindows): Promise<void> {
      // Not a transaction: each ADD is atomic on its own, and should one fail, the count errs high.
      await Promise.all(
        [windows.client, windows.overall].map((window) => client.send(new UpdateCommand(count(window, -1).Update))),
      );
    },
  };
}

export type SignInAttempts = ReturnType<typeof createSignInAttempts>;
