import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { manualClock } from '../../functions/clock';
import { consoleAuthOf } from '../../functions/http/console-endpoint';
import { startLocalDesk, type LocalDesk } from '../../local/desk-runtime';
import { alive, javaBelow, processesBelow, processesNaming, startDeskProcess } from '../support/desk-process';
import { freePort } from '../../local/dynamodb-local';
import { call, eventually } from '../support/http';
import { amsterdam } from '../support/ticket-driver';

const token = 'outage-token';
const portalSecret = `whsec_${Buffer.from('outage-test-portal-secret-0123456789').toString('base64')}`;

describe('an outage of DynamoDB Local under the running desk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-outage-'));
  let desk: LocalDesk | undefined;
  let releaseRestart = () => {};
  afterAll(async () => {
    releaseRestart();
    await desk?.stop();
    for (const pid of processesNaming(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After and SMTP 451 while the store is down, says so once, then heals and takes mail in again', async () => {
    // Arrange: a desk with its own DynamoDB Local, whose restart the test holds until it has looked.
    const lines: string[] = [];
    const restartHeld = new Promise<void>((resolve) => (releaseRestart = resolve));
    desk = await startLocalDesk({
      dataDir,
      port: 0,
      smtpPort: 0,
      clock: manualClock(amsterdam('2026-11-24 09:00')),
      agentToken: token,
      pollIntervalMs: 20,
      secrets: { WEBHOOK_SECRET_GLOBEX_PORTAL: portalSecret },
      log: (line) => lines.push(line),
      beforeStoreRestart: () => restartHeld,
    });
    const url = desk.url;
    const session = (await consoleAuthOf(desk.desk).start('local-agent', 'token', false)).cookie.split(';')[0]!;
    const mail = (subject: string) =>
      nodemailer.createTransport({ host: '127.0.0.1', port: desk!.smtpPort, secure: false, ignoreTLS: true }).sendMail({
        from: 'jan@acme.example.nl',
        to: 'servicedesk@desk.example.com',
        subject,
        text: 'De printer doet het niet.',
      });
    const delivery = () => {
      const body = JSON.stringify({ title: 'Portal down' });
      const now = new Date();
      const headers = {
        'content-type': 'application/json',
        'webhook-id': 'msg_outage',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(portalSecret).sign('msg_outage', now, body),
      };
      return fetch(`${url}/v1/webhooks/globex-portal`, { method: 'POST', headers, body });
    };
    const [java] = processesBelow(process.pid)
      .filter((p) => p.args.includes('DynamoDBLocal.jar') && p.args.includes(dataDir))
      .map((p) => p.pid);
    expect(java).toBeDefined();

    // Act: DynamoDB Local dies under the desk.
    process.kill(java!, 'SIGKILL');
    await eventually(async () => expect(alive(java!)).toBe(false));
    const [api, webhook, page, smtp, health] = await Promise.all([
      fetch(`${url}/v1/tickets`, { headers: { authorization: `Bearer ${token}` } }),
      delivery(),
      fetch(`${url}/console`, { headers: { cookie: session } }),
      mail('Printer kapot tijdens de storing').then(
        () => null,
        (error: { responseCode?: number }) => error,
      ),
      fetch(`${url}/healthz`),
    ]);
    // The poller and the outbox loop go on failing in the background meanwhile (every 20 ms).
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assert: while it is down, every channel says "try again later".
    for (const response of [api, webhook, health]) {
      expect({
        status: response.status,
        type: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
      }).toEqual({ status: 503, type: 'application/problem+json', retryAfter: '5' });
    }
    expect(await api.json()).toMatchObject({
      type: '/problems/store-unavailable',
      title: 'Temporarily unavailable',
      status: 503,
    });
    expect({
      status: page.status,
      type: page.headers.get('content-type'),
      retryAfter: page.headers.get('retry-after'),
    }).toEqual({ status: 503, type: expect.stringContaining('text/html'), retryAfter: '5' });
    expect(await page.text()).toContain('cannot reach its store');
    expect(smtp?.responseCode).toBe(451);
    expect(lines.filter((line) => /cannot be reached/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^(timer|outbox|mail intake failed)/.test(line))).toEqual([]);

    // Act: the store may come back.
    releaseRestart();
    await eventually(async () => expect((await fetch(`${url}/healthz`)).status).toBe(200), 1200);
    const sent = await mail('Printer kapot na de storing');
    const tickets = (await call(`${url}/v1/tickets`, { token })).json.tickets as { subject: string }[];

    // Assert: it healed, and said so once.
    expect(sent.accepted).toEqual(['servicedesk@desk.example.com']);
    expect(tickets.map((t) => t.subject)).toContain('Printer kapot na de storing');
    expect(lines.filter((line) => /restarted/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /answers again/.test(line))).toHaveLength(1);
  }, 120_000);
});

describe('DynamoDB Local that will not come back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-store-lost-'));
  afterAll(() => {
    for (const pid of processesNaming(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops `npm start` with a non-zero exit code and a message that says why', async () => {
    // Arrange: the desk as `npm start` runs it; its store's folder then turns into a file, so no restart can work.
    const desk = await startDeskProcess([
      '--data-dir',
      dataDir,
      '--port',
      String(await freePort()),
      '--smtp-port',
      String(await freePort()),
    ]);
    const [java] = javaBelow(desk.child.pid!);
    renameSync(join(dataDir, 'dynamodb'), join(dataDir, 'dynamodb-moved'));
    writeFileSync(join(dataDir, 'dynamodb'), 'not a folder');

    // Act
    process.kill(java!, 'SIGKILL');
    const code = await desk.exited;

    // Assert
    expect(code).toBe(1);
    expect(desk.output()).toMatch(
      /the desk cannot go on: DynamoDB Local stopped \(killed by SIGKILL\) and did not come back after 3 restarts: EEXIST/,
    );
    expect(processesNaming(dataDir)).toEqual([]);
  });
});
