// Agents' uploads against DynamoDB Local and a file folder: a PDF uploaded with a note through the
// API downloads again byte for byte as an attachment that is never sniffed; a reply's PDF reaches
// the customer's mail as a real attachment; the console's reply form uploads the same way and
// shows a refusal as a page. A disguised program and an oversized file are refused by name and
// rule, and leave the ticket and the file store as they were; a body cannot name a stored digest.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { manualClock } from '../../functions/clock';
import { makeCreateTicketHandler } from '../../functions/api/create-ticket.handler';
import { makeGetTicketFileHandler } from '../../functions/api/get-ticket-file.handler';
import { makePostTicketEventHandler } from '../../functions/api/post-ticket-event.handler';
import { makeConsoleActionHandler } from '../../functions/console/console-action.handler';
import { makeConsoleTicketHandler } from '../../functions/console/console-ticket.handler';
import { createConsoleSessionStore } from '../../functions/console/console-session-store';
import { csrfTokenFor, issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console/console-session';
import type { Desk } from '../../functions/desk';
import { createLocalMailbox } from '../../functions/outbox/local-mailbox';
import { outboxDispatcherFor } from '../../functions/outbox/delivery-attempts';
import { createLocalFolderStore } from '../../functions/store/blob-store';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { consoleEvent, invoke } from '../support/console-requests';
import { HANDLER_AGENT_TOKEN, handlerDesk, handlerLinkKeys } from '../support/handler-desk';
import { amsterdam } from '../support/ticket-driver';

const keys = sessionKeysFrom({ agentToken: HANDLER_AGENT_TOKEN, linkKeys: handlerLinkKeys })!;
const { token: sessionToken, session } = issueSession(keys, 'anna', 'token', Date.now());
const csrf = csrfTokenFor(keys, session);
const clock = manualClock(amsterdam('2026-11-24 09:00'));
const files = mkdtempSync(join(tmpdir(), 'file-uploads-'));
let desk: Desk;

beforeAll(async () => {
  const { table, ...made } = await handlerDesk(clock, { blobStore: createLocalFolderStore(files) });
  desk = made.desk;
  await createConsoleSessionStore(table.client, table.tableName).create(session);
});

/** A small PDF with bytes that are not UTF-8, so a text round trip anywhere would show. */
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x80]),
  Buffer.from('\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
]);
/** A Windows program (its MZ header) named and declared as a PDF. */
const disguised = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const kept = (bytes: Buffer) => existsSync(join(files, 'attachments', digest(bytes)));

type Upload = { name: string; type: string; bytes: Buffer };

/** A multipart/form-data body as a client sends it (the platform's own encoder), base64 as API Gateway hands it over. */
async function multipart(fields: Record<string, string>, uploads: Upload[], field = 'files') {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const u of uploads) form.append(field, new Blob([new Uint8Array(u.bytes)], { type: u.type }), u.name);
  const request = new Request('http://desk.example.com/', { method: 'POST', body: form });
  const body = Buffer.from(await request.arrayBuffer());
  return { contentType: request.headers.get('content-type')!, body: body.toString('base64') };
}

const bearer = { authorization: `Bearer ${HANDLER_AGENT_TOKEN}` };

async function register(subject: string): Promise<string> {
  const response = await invoke(makeCreateTicketHandler(desk), {
    ...consoleEvent('POST', '/v1/tickets', { headers: { ...bearer, 'content-type': 'application/json' } }),
    body: JSON.stringify({ kind: 'incident', subject, requester: { email: 'jan@acme.example.nl' }, channel: 'phone' }),
  });
  expect(response.statusCode).toBe(201);
  return (JSON.parse(response.body!) as { id: string }).id;
}

/** POST /v1/tickets/{id}/events as multipart: the event as JSON in `event`, the files beside it. */
async function postWithFiles(id: string, event: Record<string, unknown>, uploads: Upload[]) {
  const { contentType, body } = await multipart({ event: JSON.stringify(event) }, uploads);
  const request: APIGatewayProxyEventV2 = {
    ...consoleEvent('POST', `/v1/tickets/${id}/events`, { headers: { ...bearer, 'content-type': contentType } }),
    pathParameters: { id },
    body,
    isBase64Encoded: true,
  };
  const response = await invoke(makePostTicketEventHandler(desk), request);
  return { statusCode: response.statusCode, json: JSON.parse(response.body ?? '{}') as Record<string, unknown> };
}

async function download(id: string, sha256: string) {
  return invoke(makeGetTicketFileHandler(desk), {
    ...consoleEvent('GET', `/v1/tickets/${id}/files/${sha256}`, { headers: bearer }),
    pathParameters: { id, sha256 },
  });
}

/** What a refusal must leave as it was: the head's version and the event log. */
const stateOf = async (id: string) => ({
  version: (await desk.store.getHead(id))!.version,
  events: (await desk.store.listEvents(id)).length,
});

describe('an agent uploads files through the API', () => {
  it('keeps a PDF sent with a note, which downloads again byte for byte, as an attachment never sniffed', async () => {
    const id = await register('Printer offer');

    const posted = await postWithFiles(id, { type: 'ADD_NOTE', text: 'The offer, for the record.' }, [
      { name: 'Offerte 2026.pdf', type: 'application/pdf', bytes: pdf },
    ]);

    expect(posted.statusCode).toBe(200);
    const note = (await desk.store.listEvents(id)).at(-1)!;
    expect(note).toMatchObject({ type: 'ADD_NOTE', actor: { type: 'agent' } });
    expect(note.event.attachments).toEqual([
      { name: 'Offerte 2026.pdf', type: 'application/pdf', size: pdf.length, sha256: digest(pdf) },
    ]);
    const file = await download(id, digest(pdf));
    expect(file.statusCode).toBe(200);
    expect(Buffer.from(file.body!, 'base64').equals(pdf)).toBe(true);
    expect(file.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': expect.stringMatching(/^attachment; filename="Offerte 2026.pdf"/),
      'x-content-type-options': 'nosniff',
    });
    expect((await desk.store.listOutbox(id)).map((m) => m.template)).toEqual(['acknowledgement']);
  });

  it("mails a reply's PDF to the customer as a real attachment", async () => {
    const id = await register('Which driver?');

    const posted = await postWithFiles(id, { type: 'REPLY', message: 'Here is the installation guide.' }, [
      { name: 'guide.pdf', type: 'application/pdf', bytes: pdf },
    ]);
    const mailbox = createLocalMailbox(mkdtempSync(join(tmpdir(), 'file-uploads-mailbox-')));
    await outboxDispatcherFor(desk, mailbox).dispatchDue();

    expect(posted.statusCode).toBe(200);
    const mails = (await mailbox.list()).filter((m) => m.subject.includes(id) && m.to === 'jan@acme.example.nl');
    const reply = mails.find((m) => m.text.includes('Here is the installation guide.'));
    expect(reply?.attachments).toEqual(['guide.pdf']);
    const sent = await PostalMime.parse((await mailbox.raw(reply!.file))!);
    const attached = sent.attachments[0]!;
    expect(attached.mimeType).toBe('application/pdf');
    expect(Buffer.from(attached.content as ArrayBuffer).equals(pdf)).toBe(true);
  });

  it('refuses a program disguised as a PDF by its name and rule, and stores and applies nothing', async () => {
    const id = await register('Disguised');
    const before = await stateOf(id);

    const posted = await postWithFiles(id, { type: 'REPLY', message: 'See the attached invoice.' }, [
      { name: 'invoice.pdf', type: 'application/pdf', bytes: disguised },
    ]);

    expect(posted.statusCode).toBe(422);
    expect(posted.json).toMatchObject({
      title: 'Files refused',
      errors: [{ file: 'invoice.pdf', rule: 'executable' }],
      detail: expect.stringContaining('invoice.pdf: the content is a Windows program'),
    });
    expect(await stateOf(id)).toEqual(before);
    expect(kept(disguised)).toBe(false);
    expect((await desk.store.listOutbox(id)).map((m) => m.template)).toEqual(['acknowledgement']);
  });

  it("refuses a file over the policy's limit, keeping none of the upload, though the other file passes", async () => {
    const id = await register('Too big');
    const before = await stateOf(id);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(defaultPolicy.files.maxBytes, 0x20)]);
    const small = Buffer.concat([pdf, Buffer.from('% another\n')]);

    const posted = await postWithFiles(id, { type: 'ADD_NOTE', text: 'Scans.' }, [
      { name: 'small.pdf', type: 'application/pdf', bytes: small },
      { name: 'scan.pdf', type: 'application/pdf', bytes: big },
    ]);

    expect(posted.statusCode).toBe(422);
    expect(posted.json.errors).toEqual([{ file: 'scan.pdf', rule: 'too-large', message: expect.any(String) }]);
    expect(await stateOf(id)).toEqual(before);
    expect([kept(small), kept(big)]).toEqual([false, false]);
  });

  it('refuses a JSON body that names a stored digest: another ticket’s file cannot be attached by quoting it', async () => {
    const id = await register('Quoting a digest');
    const ref = { name: 'Offerte 2026.pdf', type: 'application/pdf', size: pdf.length, sha256: digest(pdf) };

    const response = await invoke(makePostTicketEventHandler(desk), {
      ...consoleEvent('POST', `/v1/tickets/${id}/events`, {
        headers: { ...bearer, 'content-type': 'application/json' },
      }),
      pathParameters: { id },
      body: JSON.stringify({ type: 'ADD_NOTE', text: 'Borrowed', attachments: [ref] }),
    });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('attachments');
    expect((await download(id, digest(pdf))).statusCode).toBe(404);
  });

  it('refuses files on an event that carries none', async () => {
    const id = await register('Files on a priority change');

    const posted = await postWithFiles(id, { type: 'SET_PRIORITY', priority: 'P2', reason: 'VIP' }, [
      { name: 'why.pdf', type: 'application/pdf', bytes: pdf },
    ]);

    expect(posted.statusCode).toBe(400);
    expect(posted.json.errors).toEqual([{ field: 'files', message: 'SET_PRIORITY carries no files' }]);
  });
});

describe("the console's reply form uploads files", () => {
  const cookies = [`${SESSION_COOKIE}=${sessionToken}`];
  const postForm = async (id: string, uploads: Upload[]) => {
    const { contentType, body } = await multipart(
      { csrf, type: 'REPLY', message: 'The form you asked for.', cc: '' },
      uploads,
    );
    return invoke(makeConsoleActionHandler(desk), {
      ...consoleEvent('POST', `/console/tickets/${id}/events`, { cookies, contentType }),
      pathParameters: { id },
      body,
      isBase64Encoded: true,
    });
  };

  it('stamps the uploaded file on the reply, and the timeline links it', async () => {
    const id = await register('Console upload');
    const form = Buffer.concat([pdf, Buffer.from('% console\n')]);

    const response = await postForm(id, [{ name: 'form.pdf', type: 'application/pdf', bytes: form }]);

    expect(response.statusCode).toBe(303);
    const reply = (await desk.store.listEvents(id)).at(-1)!;
    expect(reply).toMatchObject({ type: 'REPLY', actor: { type: 'agent', id: 'anna' } });
    expect(reply.event.attachments).toEqual([expect.objectContaining({ name: 'form.pdf', sha256: digest(form) })]);
    expect(kept(form)).toBe(true);
    const page = await invoke(makeConsoleTicketHandler(desk), {
      ...consoleEvent('GET', `/console/tickets/${id}`, { cookies }),
      pathParameters: { id },
    });
    expect(page.body).toContain(`<a href="/console/tickets/${id}/files/${digest(form)}"><bdi>form.pdf</bdi></a>`);
  });

  it('offers a file input on the reply and note forms, posting them as multipart with the CSRF token', async () => {
    const id = await register('Console forms');

    const page = await invoke(makeConsoleTicketHandler(desk), {
      ...consoleEvent('GET', `/console/tickets/${id}`, { cookies }),
      pathParameters: { id },
    });

    for (const type of ['REPLY', 'ADD_NOTE']) {
      const form = new RegExp(`<form[^>]*id="form-${type}"[^>]*>[\\s\\S]*?</form>`).exec(page.body!)?.[0] ?? '';
      expect(form).toContain('enctype="multipart/form-data"');
      expect(form).toContain(`<input type="file" id="${type}-files" name="files" multiple`);
      expect(form).toContain(`name="csrf" value="${csrf}"`);
    }
  });

  it('shows a page naming the refused file and why, and applies nothing', async () => {
    const id = await register('Console refusal');
    const before = await stateOf(id);

    const response = await postForm(id, [{ name: 'empty.pdf', type: 'application/pdf', bytes: Buffer.alloc(0) }]);

    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('files refused: empty.pdf: the file is empty');
    expect(await stateOf(id)).toEqual(before);
  });

  it('takes the form with no file chosen (an empty, nameless part, as browsers send it) as a plain reply', async () => {
    const id = await register('Console without files');

    const response = await postForm(id, [{ name: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) }]);

    expect(response.statusCode).toBe(303);
    expect((await desk.store.listEvents(id)).at(-1)).toMatchObject({ type: 'REPLY', event: { attachments: [] } });
  });
});
