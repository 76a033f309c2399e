// `npm run cost`: DynamoDB request units by AWS's rules, worked out from the items themselves (not
// DynamoDB Local's report, which prices a transaction like plain writes and ignores indexes). A
// middleware on the document client sees each request as DynamoDB receives it (marshalled) and
// reads the items it touches before and after through a second, unmetered client, so that:
// - item size = attribute names + values (CapacityUnitCalculations: strings UTF-8, numbers 1 byte
//   per two significant digits + 1, lists/maps 3 bytes + 1 per element, booleans/null 1);
// - a write costs 1 unit per KB of the larger of the item before and after (rounded up per item),
//   inside TransactWriteItems 2; a ConditionCheck is priced as a transactional write; a write whose
//   condition fails still pays;
// - a read costs per 4 KB of the whole item (a projection does not lower it): transactional 2,
//   strongly consistent 1, eventually consistent 0.5; a Query or Scan sums the items it evaluated
//   (the filter applies after the read) and rounds the sum up once;
// - each global secondary index an item lands on, leaves or changes on costs a plain write of the
//   projected item (1 unit per KB; a changed index key is a delete and a put: 2).
import {
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { tableDefinition } from '../functions/store/table-schema';
import { localCredentials } from '../local/dynamodb-local';

type Item = Record<string, AttributeValue>;

/** What the metered calls cost by AWS's rules, beside what DynamoDB Local reported for them. */
export interface DynamoUnits {
  writeUnits: number;
  readUnits: number;
  /** Of writeUnits: the index writes. */
  indexWriteUnits: number;
  /** DynamoDB Local's ConsumedCapacity (TOTAL) for the same calls. */
  localWriteUnits: number;
  localReadUnits: number;
  calls: Map<string, number>;
  /** Time the metering's own reads took, which the Lambda durations must not include. */
  overheadMs: number;
}

export const newDynamoUnits = (): DynamoUnits => ({
  writeUnits: 0,
  readUnits: 0,
  indexWriteUnits: 0,
  localWriteUnits: 0,
  localReadUnits: 0,
  calls: new Map(),
  overheadMs: 0,
});

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + b.length, 0);
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueSize(v), 0);
  return 0;
}

/** An item's size by AWS's sizing rules: its attribute names and values. */
export const itemSize = (item: Item | undefined) =>
  item ? Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0) : 0;

const KB = 1024;
const writeUnitsFor = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));
const readUnitsFor = (bytes: number) => Math.max(1, Math.ceil(bytes / (4 * KB)));

const schema = tableDefinition('cost');
const tableKeys = schema.KeySchema!.map((k) => k.AttributeName!);
const indexes = (schema.GlobalSecondaryIndexes ?? []).map((index) => ({
  keys: index.KeySchema!.map((k) => k.AttributeName!),
  projection: index.Projection?.ProjectionType ?? 'KEYS_ONLY',
  include: index.Projection?.NonKeyAttributes ?? [],
}));

/** The item as the index holds it, or undefined when the item is not on that (sparse) index. */
function projected(index: (typeof indexes)[number], item: Item | undefined): Item | undefined {
  if (!item || index.keys.some((k) => item[k] === undefined)) return undefined;
  if (index.projection === 'ALL') return item;
  const names = new Set([...index.keys, ...tableKeys, ...(index.projection === 'INCLUDE' ? index.include : [])]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The index writes a change of one item from `before` to `after` causes, in write units. */
export function indexWriteUnits(before: Item | undefined, after: Item | undefined): number {
  let units = 0;
  for (const index of indexes) {
    const was = projected(index, before);
    const is = projected(index, after);
    if (!was && !is) continue;
    if (!was || !is) units += writeUnitsFor(itemSize(was ?? is));
    else if (index.keys.some((k) => !same(was[k], is[k])))
      units += writeUnitsFor(itemSize(was)) + writeUnitsFor(itemSize(is));
    else if (!same(was, is)) units += writeUnitsFor(Math.max(itemSize(was), itemSize(is)));
  }
  return units;
}

const keyOf = (item: Item) => Object.fromEntries(tableKeys.map((k) => [k, item[k]!]));

/** Meters a document client: every call it sends is priced by the rules above and added to `units()`. */
export function meterDynamoDb(client: DynamoDBDocumentClient, endpoint: string, units: () => DynamoUnits) {
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
  const read = async (TableName: string, Key: Item) => {
    const started = performance.now();
    try {
      return (await raw.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
    } finally {
      units().overheadMs += performance.now() - started;
    }
  };

  // One write of one item: the units of the larger image, and its index writes.
  async function writeOf(table: string, key: Item, factor: number) {
    const before = await read(table, key);
    return {
      settle: async () => {
        const after = await read(table, key);
        units().writeUnits += factor * writeUnitsFor(Math.max(itemSize(before), itemSize(after)));
        const index = indexWriteUnits(before, after);
        units().writeUnits += index;
        units().indexWriteUnits += index;
      },
    };
  }

  // The items a Query or Scan evaluated: the same page again, whole items, no filter.
  async function evaluated(command: string, input: QueryCommandInput): Promise<number> {
    const names = { ...(input.ExpressionAttributeNames ?? {}) };
    const values = { ...(input.ExpressionAttributeValues ?? {}) };
    const kept = input.KeyConditionExpression ?? '';
    for (const name of Object.keys(names)) if (!kept.includes(name)) delete names[name];
    for (const value of Object.keys(values)) if (!kept.includes(value)) delete values[value];
    const again = {
      TableName: input.TableName,
      IndexName: input.IndexName,
      KeyConditionExpression: input.KeyConditionExpression,
      ExclusiveStartKey: input.ExclusiveStartKey,
      Limit: input.Limit,
      ScanIndexForward: input.ScanIndexForward,
      ConsistentRead: input.ConsistentRead,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    };
    const started = performance.now();
    const page = await raw.send(command === 'QueryCommand' ? new QueryCommand(again) : new ScanCommand(again));
    units().overheadMs += performance.now() - started;
    return (page.Items ?? []).reduce((sum, item) => sum + itemSize(item), 0);
  }

  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
      return next(args);
    },
    { step: 'initialize', name: 'askForConsumedCapacity' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const command = context.commandName ?? '';
      units().calls.set(command, (units().calls.get(command) ?? 0) + 1);
      const writes: Awaited<ReturnType<typeof writeOf>>[] = [];
      let readUnits = 0;
      if (command === 'PutItemCommand' || command === 'UpdateItemCommand' || command === 'DeleteItemCommand') {
        const key = command === 'PutItemCommand' ? keyOf(input.Item as Item) : (input.Key as Item);
        writes.push(await writeOf(input.TableName as string, key, 1));
      } else if (command === 'TransactWriteItemsCommand') {
        for (const entry of input.TransactItems as Record<string, Record<string, unknown>>[]) {
          const [kind, op] = Object.entries(entry)[0]!;
          const key = kind === 'Put' ? keyOf(op.Item as Item) : (op.Key as Item);
          writes.push(await writeOf(op.TableName as string, key, 2));
        }
      } else if (command === 'BatchWriteItemCommand') {
        for (const [table, requests] of Object.entries(
          input.RequestItems as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>,
        ))
          for (const request of requests) {
            const key = request.PutRequest ? keyOf(request.PutRequest.Item) : request.DeleteRequest!.Key;
            writes.push(await writeOf(table, key, 1));
          }
      }
      // A write whose condition fails (or a cancelled transaction) still pays for its items.
      const result = await next(args).finally(async () => {
        for (const write of writes) await write.settle();
      });
      // The output is the document client's again (plain values), the input DynamoDB's.
      const output = result.output as {
        UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }>;
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      if (command === 'GetItemCommand') {
        const item = await read(input.TableName as string, input.Key as Item);
        readUnits += (input.ConsistentRead ? 1 : 0.5) * readUnitsFor(itemSize(item));
      } else if (command === 'BatchGetItemCommand') {
        for (const [table, request] of Object.entries(
          input.RequestItems as Record<string, { Keys: Item[]; ConsistentRead?: boolean }>,
        )) {
          const unprocessed = (output.UnprocessedKeys?.[table]?.Keys ?? []).map((k) => JSON.stringify(k));
          for (const key of request.Keys) {
            const plain = Object.fromEntries(Object.entries(key).map(([name, v]) => [name, v.S ?? Number(v.N)]));
            if (unprocessed.includes(JSON.stringify(plain))) continue;
            readUnits += (request.ConsistentRead ? 1 : 0.5) * readUnitsFor(itemSize(await read(table, key)));
          }
        }
      } else if (command === 'TransactGetItemsCommand') {
        for (const { Get } of input.TransactItems as { Get: { TableName: string; Key: Item } }[])
          readUnits += 2 * readUnitsFor(itemSize(await read(Get.TableName, Get.Key)));
      } else if (command === 'QueryCommand' || command === 'ScanCommand') {
        const bytes = await evaluated(command, input as unknown as QueryCommandInput);
        readUnits += (input.ConsistentRead ? 1 : 0.5) * readUnitsFor(bytes);
      }
      units().readUnits += readUnits;
      const consumed = [output.ConsumedCapacity ?? []].flat();
      const local = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (/^(Get|Query|Scan|BatchGet|TransactGet)/.test(command)) units().localReadUnits += local;
      else units().localWriteUnits += local;
      return result;
    },
    // After serialization: the input as DynamoDB receives it (attribute values, not JS objects).
    { step: 'build', name: 'meterRequestUnitsByAwsRules' },
  );
  return { stop: () => raw.destroy() };
}
