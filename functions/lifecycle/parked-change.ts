// Reads a table stream record (NEW_AND_OLD_IMAGES) for the one change that wakes a parked
// lifecycle execution: a commit that took the park token off a ticket head. What the wake-up
// needs comes from the images alone: the old token and context, the new head's routing facts.
// The stream's event filter (infra/table-stream.ts, wakeFilter) passes only such records; this
// reading is the handler's own check of the same rule.
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { ParkContext } from '../../workflows/lifecycle/park-carry';

export interface ParkedChange {
  taskToken: string;
  /** None when the execution parked from a definition without one (it waits a day at most). */
  context: ParkContext | undefined;
  head: Pick<TicketHead, 'id' | 'version' | 'status' | 'nextDueAt'>;
}

const numberOf = (value: AttributeValue | undefined) => (value?.N === undefined ? undefined : Number(value.N));

function contextOf(value: AttributeValue | undefined): ParkContext | undefined {
  const fields = value?.M;
  const cycle = numberOf(fields?.cycle);
  const generation = numberOf(fields?.generation);
  const deadline = numberOf(fields?.deadline);
  if (cycle === undefined || generation === undefined || deadline === undefined) return undefined;
  return { cycle, generation, deadline };
}

export function parkedChange(record: DynamoDBRecord): ParkedChange | null {
  const { Keys, OldImage, NewImage } = record.dynamodb ?? {};
  const pk = Keys?.pk?.S;
  if (record.eventName !== 'MODIFY' || Keys?.sk?.S !== 'HEAD' || !pk?.startsWith('TICKET#')) return null;
  const taskToken = OldImage?.parkToken?.S;
  if (!taskToken || !NewImage || NewImage.parkToken !== undefined) return null;
  const version = numberOf(NewImage.version);
  const status = NewImage.status?.S;
  if (version === undefined || status === undefined) return null;
  return {
    taskToken,
    context: contextOf(OldImage.parkContext),
    head: { id: pk.slice('TICKET#'.length), version, status, nextDueAt: numberOf(NewImage.nextDueAt) ?? null },
  };
}
