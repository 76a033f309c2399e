import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import nodemailer from 'nodemailer';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { manualClock } from '../../functions/clock';
import { startLocalDesk } from '../../local/desk-runtime';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';

describe('a restart of the local desk', () => {
  // Relative, as `npm start` passes `.data`: it must resolve against our working directory.
  const dataDir = relative(process.cwd(), mkdtempSync(join(tmpdir(), 'desk-restart-')));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps tickets in its data folder and fires the timers that fell due while it was down', async () => {
    const clock = manualClock(amsterdam('2026-11-24 09:00'));
    const token = 'restart-token';
    const first = await startLocalDesk({ dataDir, port: 0, smtpPort: 0, clock, agentToken: token, pollIntervalMs: 20 });
    const created = await call(`${first.url}/v1/tickets`, {
      token,
      body: {
        kind: 'incident',
        subject: 'Scanner offline',
        requester: { email: 'jan@acme.example.nl' },
        customerId: 'acme',
      },
    });
    const id = created.json.id as string;
    await call(`${first.url}/v1/tickets/${id}/events`, {
      token,
      body: { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'hardware', inScope: true },
    });
    await call(`${first.url}/v1/tickets/${id}/events`, {
      token,
      body: { type: 'FORWARD_TO_VENDOR', vendorId: 'hardware' },
    });
    await first.stop();

    // Down over a business day: the hardware vendor's follow-up (every 9 business hours) fell due.
    clock.set(amsterdam('2026-11-25 12:00'));
    const second = await startLocalDesk({
      dataDir,
      port: 0,
      smtpPort: 0,
      clock,
      agentToken: token,
      pollIntervalMs: 20,
    });
    try {
      expect(second.tableCreated).toBe(false);
      const detail = await eventually(async () => {
        const { json } = await call(`${second.url}/v1/tickets/${id}`, { token });
        expect(json.vendor.reminders).toBe(1);
        return json;
      });
      expect(detail.stage).toBe('withThirdParty.followingUp');
      expect(detail.outbox.filter((m: { template: string }) => m.template === 'vendorReminder')).toHaveLength(1);
      expect(detail.timers.find((t: { name: string }) => t.name === 'vendorFollowUp').dueAt).toBe(
        new Date(amsterdam('2026-11-26 12:00')).toISOString(),
      );
    } finally {
      await second.stop();
    }
  });

  it('keeps what it acknowledged in its journal until DynamoDB Local has been stopped cleanly', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'desk-journal-'));
    try {
      const desk = await startLocalDesk({
        dataDir: folder,
        port: 0,
        smtpPort: 0,
        clock: manualClock(amsterdam('2026-11-24 09:00')),
        agentToken: 'journal-token',
        pollIntervalMs: 20,
      });
      const journal = () => readdirSync(join(folder, 'journal')).filter((name) => name.endsWith('.json'));
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true })
        .sendMail({
          from: 'jan@acme.example.nl',
          to: 'servicedesk@desk.example.com',
          subject: 'Beamer vergaderzaal',
          text: 'Geen beeld.',
        });
      const whileRunning = journal();

      await desk.stop();

      expect(whileRunning).toHaveLength(1);
      expect(journal()).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('indexes the words of the tickets a table held from before search, once, at its next start', async () => {
    const clock = manualClock(amsterdam('2026-11-26 09:00'));
    const options = { dataDir, port: 0, smtpPort: 0, clock, agentToken: 'restart-token', pollIntervalMs: 20 };
    const before = await startLocalDesk(options);
    const created = await call(`${before.url}/v1/tickets`, {
      token: 'restart-token',
      body: { kind: 'incident', subject: 'Beamer flikkert', requester: { email: 'jan@acme.example.nl' } },
    });
    // As a table from before search: no postings, and no mark that its index is whole.
    const { client, tableName } = before.desk.table;
    const { Items: postings = [] } = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :word) OR pk = :marker',
        ExpressionAttributeValues: { ':word': 'WORD', ':marker': 'SEARCHINDEX' },
      }),
    );
    for (const { pk, sk } of postings) await client.send(new DeleteCommand({ TableName: tableName, Key: { pk, sk } }));
    const search = (desk: typeof before) =>
      call(`${desk.url}/v1/tickets?q=beamer`, { token: 'restart-token' }).then((r) =>
        r.json.tickets.map((t: { id: string }) => t.id),
      );
    expect(await search(before)).toEqual([]);
    await before.stop();

    const after = await startLocalDesk(options);
    try {
      expect(await search(after)).toEqual([created.json.id]);
    } finally {
      await after.stop();
    }
  });
});
