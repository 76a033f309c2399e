// The intake journal in a folder (<data>/journal), for the local desk on DynamoDB Local.
//
// Why: DynamoDB Local can lose transactions it acknowledged within milliseconds of being killed,
// so "the store answered" is no proof that a mail or delivery is kept. Each intake is written here
// — one file per entry, written to a temporary name, fsync'd, renamed, and the folder fsync'd —
// after the intake answered and before the sender hears 250 or 202. At start, and after the store
// was restarted under a running desk, every entry is fed to its intake again; the idempotency keys
// (Message-ID or raw sha for mail, webhook-id / Idempotency-Key / body sha for deliveries) make
// what the store kept a duplicate, and bring back what it lost.
//
// When an entry may go (the pruning rule): only after DynamoDB Local has been stopped cleanly — it
// exited on SIGTERM by itself, within the grace period — and its files were then fsync'd, with the
// entry kept (or replayed) before that stop began. That is the first moment DynamoDB Local's
// answers are known to be on disk. A crash of the desk, a stop that had to kill the store, or a
// store that was restarted under the desk and not yet replayed into prunes nothing: the entries
// wait for the next start. An entry that cannot be replayed (its webhook source left the policy)
// is never pruned. So the folder holds what a run took in until the desk is stopped with Ctrl-C,
// and is empty after a clean stop. (The rule lives in local/desk-runtime.ts, which runs the store.)
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { IntakeJournal, JournalEntry, KeptEntry } from '../functions/intake/intake-journal';
import { syncPath } from './disk-sync';

type StoredEntry =
  { v: 1; kind: 'email'; recipients: string[]; raw: string } | ({ v: 1 } & Extract<JournalEntry, { kind: 'webhook' }>);

const toStored = (entry: JournalEntry): StoredEntry =>
  entry.kind === 'email'
    ? { v: 1, kind: 'email', recipients: entry.recipients, raw: entry.raw.toString('base64') }
    : { v: 1, ...entry };

function fromStored(id: string, stored: StoredEntry): KeptEntry {
  if (stored.kind === 'email')
    return { id, kind: 'email', recipients: stored.recipients, raw: Buffer.from(stored.raw, 'base64') };
  return { id, kind: 'webhook', sourceId: stored.sourceId, deliveryKey: stored.deliveryKey, body: stored.body };
}

export class UnreadableJournalEntryError extends Error {
  override readonly name = 'UnreadableJournalEntryError';
  constructor(readonly path: string) {
    super(`journal entry ${path} cannot be read; move it aside to start the desk, and take it in by hand`);
  }
}

export function createFolderJournal(dir: string): IntakeJournal {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Left by a crash while an entry was being written: its intake was never acknowledged.
  for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) unlinkSync(join(dir, name));
  let sequence = 0;
  // Ids sort in the order entries were kept: the replay keeps that order (a ticket before its reply).
  const nextId = () =>
    `${String(Date.now()).padStart(15, '0')}-${String(sequence++).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;

  return {
    async keep(entry) {
      const id = nextId();
      const temporary = join(dir, `${id}.tmp`);
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(toStored(entry)));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, join(dir, `${id}.json`));
      await syncPath(dir, 'r');
    },

    async entries() {
      const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
      const entries: KeptEntry[] = [];
      for (const name of names) {
        const path = join(dir, name);
        let stored: StoredEntry;
        try {
          stored = JSON.parse(await readFile(path, 'utf8')) as StoredEntry;
        } catch {
          throw new UnreadableJournalEntryError(path);
        }
        entries.push(fromStored(name.slice(0, -'.json'.length), stored));
      }
      return entries;
    },

    async prune(ids) {
      if (ids.length === 0) return;
      for (const id of ids)
        await unlink(join(dir, `${id}.json`)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      await syncPath(dir, 'r');
    },
  };
}
