import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderJournal } from '../../local/intake-journal-folder';

describe('the intake journal in a folder', () => {
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal')));
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  // Not valid UTF-8, as an 8-bit mail may be: the journal must hand back the very bytes.
  const raw = Buffer.from([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x20, 0xe9, 0xff, 0x0d, 0x0a]);

  it('hands back what it kept, in the order it was kept, the bytes of a mail intact', async () => {
    const journal = createFolderJournal(dir);

    await journal.keep({ kind: 'email', raw, recipients: ['servicedesk@desk.example.com'] });
    await journal.keep({
      kind: 'webhook',
      sourceId: 'globex-portal',
      deliveryKey: 'msg_1',
      body: '{"title":"Portal down"}',
    });
    const entries = await createFolderJournal(dir).entries();

    expect(entries).toEqual([
      { id: expect.any(String), kind: 'email', raw, recipients: ['servicedesk@desk.example.com'] },
      {
        id: expect.any(String),
        kind: 'webhook',
        sourceId: 'globex-portal',
        deliveryKey: 'msg_1',
        body: '{"title":"Portal down"}',
      },
    ]);
  });

  it('forgets the entries it is told to prune, and only those', async () => {
    const journal = createFolderJournal(dir);
    for (const key of ['a', 'b', 'c'])
      await journal.keep({ kind: 'webhook', sourceId: 'globex-portal', deliveryKey: key, body: '{}' });
    const [first, second] = await journal.entries();

    await journal.prune([first!.id, second!.id, 'never-kept']);

    expect((await journal.entries()).map((e) => (e.kind === 'webhook' ? e.deliveryKey : null))).toEqual(['c']);
  });

  it('counts an entry half-written when the desk crashed as never kept', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '000000000000001-000000000-abcd.tmp'), '{"v":1,"kind":"webh');

    const entries = await createFolderJournal(dir).entries();

    expect(entries).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an entry it cannot read, naming the file, rather than skipping it', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '000000000000001-000000000-abcd.json'), 'not json');

    await expect(createFolderJournal(dir).entries()).rejects.toThrow(
      /000000000000001-000000000-abcd\.json cannot be read/,
    );
    expect(existsSync(join(dir, '000000000000001-000000000-abcd.json'))).toBe(true);
  });
});
