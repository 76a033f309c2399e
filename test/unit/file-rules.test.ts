// The rules an agent's upload meets (workflows/files/file-rules.ts): a declared type the policy
// allows and content that looks like it; no programs or scripts whatever they claim; nothing empty,
// too large, or too many; and what the policy says when a policy file predates uploads.
import { judgeFile, judgeFiles, type FileRules } from '../../workflows/files/file-rules';
import { defaultPolicyData } from '../../workflows/policy/default-policy';
import { loadPolicy, MAX_UPLOAD_BYTES } from '../../workflows/policy/policy';

const rules: FileRules = { maxBytes: 1000, maxFiles: 2, allowedTypes: ['application/pdf', 'image/png', 'text/plain'] };
const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n', 'latin1');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const file = (name: string, type: string, bytes: Buffer) => ({ name, type, bytes });

describe('a file an agent uploads', () => {
  it('is accepted when its declared type is allowed and its content looks like it', () => {
    expect(judgeFile(file('offer.pdf', 'application/pdf', pdf), rules)).toEqual({
      ok: true,
      name: 'offer.pdf',
      type: 'application/pdf',
      size: pdf.length,
    });
    expect(judgeFile(file('screen.png', 'IMAGE/PNG', png), rules)).toMatchObject({ ok: true, type: 'image/png' });
    expect(
      judgeFile(file('notes.txt', 'text/plain; charset=utf-8', Buffer.from('Zoë’s notes\n')), rules),
    ).toMatchObject({ ok: true, type: 'text/plain' });
  });

  it('is refused when its type is not allowed, naming what is', () => {
    const verdict = judgeFile(file('photo.gif', 'image/gif', Buffer.from('GIF89a....')), rules);
    expect(verdict).toEqual({
      ok: false,
      name: 'photo.gif',
      rule: 'type-not-allowed',
      reason: 'image/gif is not taken; allowed: application/pdf, image/png, text/plain',
    });
  });

  it('is refused when its content is not what it claims to be', () => {
    expect(judgeFile(file('scan.pdf', 'application/pdf', png), rules)).toMatchObject({
      ok: false,
      rule: 'content-mismatch',
    });
    expect(judgeFile(file('data.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42])), rules)).toMatchObject({
      ok: false,
      rule: 'content-mismatch',
    });
    expect(judgeFile(file('latin.txt', 'text/plain', Buffer.from([0x43, 0x61, 0x66, 0xe9])), rules)).toMatchObject({
      ok: false,
      rule: 'content-mismatch',
    });
  });

  it.each([
    ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(50)])],
    ['a Linux program', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
  ])('is refused as %s whatever type it declares', (_what, bytes) => {
    expect(judgeFile(file('invoice.pdf', 'application/pdf', bytes), rules)).toMatchObject({
      ok: false,
      rule: 'executable',
    });
  });

  it.each(['setup.exe', 'run.BAT', 'install.ps1', 'page.html', 'logo.svg'])(
    'is refused by a name that runs or renders when opened (%s), even as harmless text',
    (name) => {
      expect(judgeFile(file(name, 'text/plain', Buffer.from('hello')), rules)).toMatchObject({
        ok: false,
        rule: 'executable',
      });
    },
  );

  it('is refused when empty, or larger than the policy takes', () => {
    expect(judgeFile(file('empty.pdf', 'application/pdf', Buffer.alloc(0)), rules)).toMatchObject({
      ok: false,
      rule: 'empty',
    });
    const big = Buffer.concat([pdf, Buffer.alloc(1000)]);
    expect(judgeFile(file('big.pdf', 'application/pdf', big), rules)).toMatchObject({
      ok: false,
      rule: 'too-large',
      reason: `the file is ${big.length} bytes; at most 1000 are taken`,
    });
  });

  it('keeps only the name, without a path or control characters', () => {
    expect(judgeFile(file('C:\\Users\\jan\\offer\u202e.pdf', 'application/pdf', pdf), rules)).toMatchObject({
      ok: true,
      name: 'offer .pdf',
    });
  });
});

describe('an upload of several files', () => {
  it('is accepted only when every file is, with a verdict for each', () => {
    const judged = judgeFiles([file('a.pdf', 'application/pdf', pdf), file('b.exe', 'application/pdf', pdf)], rules);
    expect(judged.accepted).toBe(false);
    expect(judged.verdicts.map((v) => (v.ok ? 'ok' : v.rule))).toEqual(['ok', 'executable']);
  });

  it('refuses the file past the count, and the one that takes the total over the limit', () => {
    const half = Buffer.concat([pdf, Buffer.alloc(500 - pdf.length, 0x20)]);
    const tooMany = judgeFiles(
      [1, 2, 3].map((n) => file(`${n}.pdf`, 'application/pdf', pdf)),
      rules,
    );
    expect(tooMany.verdicts.map((v) => (v.ok ? 'ok' : v.rule))).toEqual(['ok', 'ok', 'too-many']);
    const together = judgeFiles(
      [file('a.pdf', 'application/pdf', half), file('b.pdf', 'application/pdf', Buffer.concat([half, pdf]))],
      rules,
    );
    expect(together.verdicts.map((v) => (v.ok ? 'ok' : v.rule))).toEqual(['ok', 'too-large']);
  });
});

describe("the policy's file rules", () => {
  it('gives a policy file that predates uploads limits that fit a Lambda request, and every recognised type', () => {
    const { files, ...older } = defaultPolicyData as typeof defaultPolicyData & { files?: unknown };
    expect(files).toBeUndefined();
    const policy = loadPolicy(older);
    expect(policy.files.maxBytes).toBe(MAX_UPLOAD_BYTES);
    // Base64 through API Gateway adds a third; the request must stay under Lambda's 6 MB.
    expect((policy.files.maxBytes * 4) / 3).toBeLessThan(6 * 1000 * 1000);
    expect(policy.files.allowedTypes).toContain('application/pdf');
  });

  it('refuses a limit over what one request can carry, and a type the desk cannot recognise', () => {
    const over = { ...defaultPolicyData, files: { maxBytes: 10_000_000, maxFiles: 5, allowedTypes: ['text/html'] } };
    expect(() => loadPolicy(over)).toThrow(/files\.maxBytes.*files\.allowedTypes\.0/);
  });
});
