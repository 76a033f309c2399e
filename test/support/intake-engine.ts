// The email intake wired to a fresh table and temporary folders, for integration tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalFolderStore } from '../../functions/store/blob-store';
import { createEmailIntake } from '../../functions/intake/intake-email';
import { createIntakeStore } from '../../functions/intake/intake-store';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import { createTestEngine, machine } from './test-table';

export async function createTestIntake(start?: number, policy: Policy = defaultPolicy) {
  const engine = await createTestEngine(start);
  const folder = mkdtempSync(join(tmpdir(), 'desk-mail-'));
  const store = createLocalFolderStore(folder);
  const intake = createIntakeStore(engine.client, engine.tableName);
  const email = createEmailIntake({
    service: engine.service,
    tickets: engine.store,
    intake,
    rawStore: store,
    attachmentStore: store,
    policy,
    machine,
    clock: engine.clock,
  });
  return {
    ...engine,
    folder,
    intake,
    email,
    receive: (raw: Buffer, recipients = ['servicedesk@desk.example.com']) => email.receive(raw, { recipients }),
  };
}
