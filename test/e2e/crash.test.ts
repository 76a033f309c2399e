import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../../local/dynamodb-local';
import { call, eventually } from '../support/http';
import {
  alive,
  javaBelow,
  processesBelow,
  processesNaming,
  startDeskProcess,
  type DeskProcess,
} from '../support/desk-process';

const portalSecret = `whsec_${Buffer.from('crash-test-portal-secret-0123456789').toString('base64')}`;
const env = { AGENT_TOKEN: 'crash-test-token', WEBHOOK_SECRET_GLOBEX_PORTAL: portalSecret };

/** One thing sent to the desk; `label` is the subject (mail) or title (delivery) it is found by. */
type Intake = { label: string; kind: 'customer-mail' | 'stranger-mail' | 'delivery' };

const intakes: Intake[] = Array.from({ length: 90 }, (_, i) => {
  const kinds = ['customer-mail', 'stranger-mail', 'delivery'] as const;
  const kind = kinds[i % 3]!;
  return { kind, label: `Crash intake ${i} (${kind})` };
});

async function send(desk: { url: string; smtpPort: number }, intake: Intake, i: number): Promise<void> {
  if (intake.kind === 'delivery') {
    const body = JSON.stringify({ title: intake.label, description: 'Sent while the desk was about to crash' });
    const id = `msg_crash_${i}`;
    const now = new Date();
    const response = await fetch(`${desk.url}/v1/webhooks/globex-portal`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(portalSecret).sign(id, now, body),
      },
      body,
    });
    if (response.status !== 202) throw new Error(`delivery answered ${response.status}`);
    return;
  }
  // Each mail from its own address, so no sender reaches the rate limit.
  const from = intake.kind === 'customer-mail' ? `user${i}@acme.example.nl` : `someone${i}@stranger${i}.example.org`;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: desk.smtpPort,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
  });
  await transport.sendMail({
    from,
    to: 'servicedesk@desk.example.com',
    subject: intake.label,
    text: 'Sent while the desk was about to crash.',
    messageId: `<crash-${i}@test.example>`,
  });
}

/**
 * Starts the desk, sends `batch` eight at a time, and SIGKILLs DynamoDB Local the moment the
 * `killAt`-th is acknowledged, and the desk's node processes (tsx and the desk) a moment later, so
 * what DynamoDB Local answered just before it died is acknowledged too; returns the labels that
 * were acknowledged.
 */
async function crashWhileSending(
  dataDir: string,
  batch: { intake: Intake; i: number }[],
  killAt: number,
): Promise<string[]> {
  const [port, smtpPort] = [await freePort(), await freePort()];
  const desk = await startDeskProcess(
    ['--data-dir', dataDir, '--port', String(port), '--smtp-port', String(smtpPort)],
    env,
  );
  const java = javaBelow(desk.child.pid!);
  const node = [
    ...processesBelow(desk.child.pid!)
      .map((p) => p.pid)
      .filter((pid) => !java.includes(pid)),
    desk.child.pid!,
  ];
  const acknowledged: string[] = [];
  let killed = false;
  let nodeKilled: Promise<void> = Promise.resolve();
  const killAll = () => {
    killed = true;
    for (const pid of java) process.kill(pid, 'SIGKILL');
    nodeKilled = new Promise((resolve) =>
      setTimeout(() => resolve(node.forEach((pid) => alive(pid) && process.kill(pid, 'SIGKILL'))), 100),
    );
  };
  let next = 0;
  const worker = async () => {
    while (!killed && next < batch.length) {
      const { intake, i } = batch[next++]!;
      try {
        await send({ url: `http://127.0.0.1:${port}`, smtpPort }, intake, i);
        acknowledged.push(intake.label);
        if (acknowledged.length === killAt) killAll();
      } catch {
        // Not acknowledged (refused, reset, or the desk was gone): a sender would try again.
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (!killed) killAll();
  await nodeKilled;
  await desk.exited;
  await eventually(async () => expect([...java, ...node].filter(alive)).toEqual([]));
  return acknowledged;
}

describe('a crash of the local desk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-crash-'));
  let last: DeskProcess | undefined;
  afterAll(async () => {
    last?.child.kill('SIGINT');
    await last?.exited;
    // Should a step have failed half-way, no DynamoDB Local of this test outlives it.
    for (const pid of processesNaming(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every mail and delivery it acknowledged, exactly once, through SIGKILLs of the desk and of DynamoDB Local', async () => {
    // Arrange: three runs of the desk as `npm start` runs it, on one data folder, each killed while
    // mails (from customers and from strangers) and signed deliveries stream in. DynamoDB Local
    // loses what it acknowledged just before a kill in about half of such crashes.
    const numbered = intakes.map((intake, i) => ({ intake, i }));
    const acknowledged = new Set<string>();

    // Act
    for (let round = 0; round < 3; round++) {
      for (const label of await crashWhileSending(dataDir, numbered.slice(round * 30, round * 30 + 30), 12))
        acknowledged.add(label);
    }
    const port = await freePort();
    last = await startDeskProcess(
      ['--data-dir', dataDir, '--port', String(port), '--smtp-port', String(await freePort())],
      env,
    );
    const base = `http://127.0.0.1:${port}`;
    const tickets = (await call(`${base}/v1/tickets?limit=200`, { token: env.AGENT_TOKEN })).json.tickets as {
      subject: string;
    }[];
    const quarantine = (await call(`${base}/v1/quarantine?limit=200`, { token: env.AGENT_TOKEN })).json.quarantine as {
      subject: string;
    }[];

    // Assert: everything acknowledged is there once, as a ticket or (strangers' mail) a quarantine record.
    const found = (label: string) => [
      ...tickets.filter((t) => t.subject === label).map(() => 'ticket'),
      ...quarantine.filter((q) => q.subject === label).map(() => 'quarantine'),
    ];
    expect(acknowledged.size).toBeGreaterThanOrEqual(36);
    for (const intake of intakes.filter((x) => acknowledged.has(x.label))) {
      expect({ label: intake.label, found: found(intake.label) }).toEqual({
        label: intake.label,
        found: [intake.kind === 'stranger-mail' ? 'quarantine' : 'ticket'],
      });
    }
    // What was not acknowledged may or may not have been taken in, but never twice.
    expect(intakes.filter((x) => found(x.label).length > 1).map((x) => x.label)).toEqual([]);
  }, 240_000);
});
