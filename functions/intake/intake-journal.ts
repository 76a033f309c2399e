// The intake journal port: what the desk is about to acknowledge (an SMTP 250, a webhook 202) is
// first kept where a crash of the store cannot take it, so it can be fed to the intake again if the
// store lost it. In AWS DynamoDB is durable once it answers, so the journal keeps nothing there;
// locally DynamoDB Local is not, and a folder keeps it (local/intake-journal-folder.ts).

/** A message or delivery as the transport-free intakes take it: after the transport's own checks. */
export type JournalEntry =
  | { kind: 'email'; raw: Buffer; recipients: string[] }
  /** A delivery whose signature was verified: the journal is replayed long after its timestamp expired. */
  | { kind: 'webhook'; sourceId: string; deliveryKey: string; body: string };

export type KeptEntry = JournalEntry & { id: string };

export interface IntakeJournal {
  /** Resolves once the entry would survive a crash of the process and the machine; only then acknowledge. */
  keep(entry: JournalEntry): Promise<void>;
  /** Every entry kept and not pruned, oldest first. */
  entries(): Promise<KeptEntry[]>;
  /** Forgets these entries: the store holds what they brought for good. */
  prune(ids: string[]): Promise<void>;
}

/** AWS: DynamoDB has it durably when it answers (and SES's copy sits in S3), so there is nothing to keep. */
export const noJournal: IntakeJournal = {
  keep: async () => {},
  entries: async () => [],
  prune: async () => {},
};
