// What the console's page of one quarantined mail shows, read in one place for the page (GET) and
// for a refused form shown again (POST): the record, and its kept raw mail parsed for reading (or,
// in words, why there is none to show).
import type { Desk } from '../desk';
import type { QuarantineRecord } from '../intake/intake-store';
import { readOriginalMail, type OriginalMail } from '../intake/mail-original';
import { UnparseableMailError } from '../intake/mime-parse';

export interface QuarantineMailData {
  record: QuarantineRecord;
  mail: OriginalMail | { missing: string };
}

export async function quarantineMailData(desk: Desk, id: string): Promise<QuarantineMailData | null> {
  const record = await desk.intake.quarantineRecord(id);
  if (!record) return null;
  const raw = record.channel === 'email' && record.rawKey ? await desk.blobs.get(record.rawKey) : null;
  if (!raw)
    return {
      record,
      mail: {
        missing: record.channel === 'email' ? 'The raw message is not kept.' : 'A webhook payload: no mail is kept.',
      },
    };
  try {
    return { record, mail: await readOriginalMail(raw) };
  } catch (error) {
    if (!(error instanceof UnparseableMailError)) throw error;
    return { record, mail: { missing: `The raw message is kept but cannot be read: ${error.message}.` } };
  }
}
