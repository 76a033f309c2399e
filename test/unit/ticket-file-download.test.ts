// How a ticket's file is answered as a download: the name it is saved under (a name only, the real
// one in RFC 5987's filename*, an ASCII fallback beside it) and the type it is served as (its own
// only when no browser runs script in it).
import { contentDisposition, fileResponse, safeFileName, servedType } from '../../functions/files/ticket-file';

describe("a ticket's file as a download", () => {
  it('saves it under its own name, UTF-8 in filename* and an ASCII fallback', () => {
    expect(contentDisposition("Offerte März (v2)'s.pdf")).toBe(
      `attachment; filename="Offerte M_rz (v2)'s.pdf"; filename*=UTF-8''Offerte%20M%C3%A4rz%20%28v2%29%27s.pdf`,
    );
  });

  it('keeps only the name: no folders, no control characters, no leading dots, never empty', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\jan\\scan.pdf')).toBe('scan.pdf');
    expect(safeFileName('report\r\nSet-Cookie: x.pdf')).toBe('reportSet-Cookie: x.pdf');
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('../')).toBe('attachment');
    expect(safeFileName('a'.repeat(500))).toHaveLength(200);
  });

  it('serves a safe type as itself and anything a browser could run as octet-stream', () => {
    expect(servedType('Application/PDF; name=x.pdf')).toBe('application/pdf');
    expect(servedType('image/png')).toBe('image/png');
    expect(servedType('text/html')).toBe('application/octet-stream');
    expect(servedType('image/svg+xml')).toBe('application/octet-stream');
    expect(servedType('')).toBe('application/octet-stream');
  });

  it('answers with the bytes base64, never cached, sniffed or rendered', () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);

    const response = fileResponse({ name: 'x.pdf', type: 'application/pdf', size: 6, sha256: 'a'.repeat(64) }, bytes);

    expect(response).toMatchObject({
      statusCode: 200,
      isBase64Encoded: true,
      body: bytes.toString('base64'),
      headers: {
        'content-type': 'application/pdf',
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    });
  });
});
