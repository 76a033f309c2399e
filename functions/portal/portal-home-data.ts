// Reads the tickets a signed-in customer may list: their own by the requester index (each one's
// customer checked on its head, since that index does not project it), and for a key contact the
// organisation's by the customer index. Bounded reads; portal-list.ts decides what is shown.
import { batchGetAll } from '../store/batch-get';
import { type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { ListedTicket } from '../../workflows/portal/portal-list';
import type { Desk } from '../desk';
import { newestOnIndex } from '../lifecycle/ticket-history';
import { requesterKeyOf } from '../lifecycle/ticket-store';
import { indexNames } from '../store/table-schema';
import type { PortalCustomer } from './portal-endpoint';

/** At most this many of each list: the newest. */
export const PORTAL_LIST_LIMIT = 100;

export async function readPortalTickets(desk: Desk, customer: PortalCustomer): Promise<ListedTicket[]> {
  const { client, tableName } = desk.table;
  const query = (index: string, key: string, value: string) =>
    newestOnIndex(client, tableName, { index, key, value, limit: PORTAL_LIST_LIMIT });
  const [own, organisation] = await Promise.all([
    query(indexNames.byRequester, 'requesterKey', requesterKeyOf(customer.email)),
    customer.keyContact ? query(indexNames.byCustomer, 'customerId', customer.customerId) : [],
  ]);
  const customerOf = await customersOf(
    desk,
    own.map((item) => String(item.pk)),
  );
  const listed = (item: Record<string, NativeAttributeValue>, customerId: string | null) => ({
    ...(item as ListedTicket),
    customerId,
  });
  return [
    ...own.map((item) => listed(item, customerOf.get(String(item.pk)) ?? null)),
    ...organisation.map((item) => listed(item, typeof item.customerId === 'string' ? item.customerId : null)),
  ];
}

/** Each head's customer, by BatchGet. */
async function customersOf(desk: Desk, pks: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(pks)].map((pk) => ({ pk, sk: 'HEAD' }));
  const found = new Map<string, string>();
  for (const item of await batchGetAll(desk.table, keys, { projection: 'pk, customerId' }))
    if (typeof item.customerId === 'string') found.set(String(item.pk), item.customerId);
  return found;
}
