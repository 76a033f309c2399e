import { portalContentHash } from '../../workflows/portal/portal-actions';
import {
  incidentAwaitingConsent,
  pageOf,
  portalPolicy,
  quotedChange,
  requestPageOf,
  resolvedIncident,
  secrets,
} from '../support/portal-tickets';

const formsOf = (html: string) => [...html.matchAll(/<form [^>]*data-action="([a-z_]+)"/g)].map((m) => m[1]);

describe("the portal's ticket page", () => {
  it('shows no internal note, vendor words or private field of any ticket', () => {
    const pages = [quotedChange(), incidentAwaitingConsent(), resolvedIncident()].map((t) => pageOf(t));

    for (const html of pages) for (const secret of Object.values(secrets)) expect(html).not.toContain(secret);
  });

  it('has a form per allowed action, each with the CSRF token and the hash of what it answers', () => {
    const t = quotedChange();

    const html = pageOf(t);

    expect(formsOf(html)).toEqual(['reply', 'approve_quote', 'decline_quote']);
    expect(html.match(/name="csrf" value="csrf-token-1"/g)).toHaveLength(3);
    expect(html).toContain(`name="contentHash" value="${portalContentHash('approve_quote', t.context, portalPolicy)}"`);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('type="file" name="files"');
  });

  it('titles the state and the SLA targets in the customer’s language, with the quote and its total', () => {
    const t = quotedChange();

    const nl = pageOf(t, 'nl');
    const en = pageOf(t, 'en');

    expect(nl).toContain('<html lang="nl"');
    expect(nl).toContain('Reactie binnen');
    expect(nl).toContain('€ 969,00');
    expect(en).toContain('Response within');
    expect(en).toContain('Quote v2');
  });

  it('offers consent with the rate, and confirm or reopen on a resolution', () => {
    expect(formsOf(pageOf(incidentAwaitingConsent()))).toEqual(['reply', 'consent_onsite', 'decline_onsite']);
    expect(formsOf(pageOf(resolvedIncident(), 'en'))).toEqual(['reply', 'confirm_resolution', 'reopen']);
    expect(pageOf(incidentAwaitingConsent())).toContain('per uur');
  });

  it('has no script and labels every field', () => {
    const html = pageOf(quotedChange());

    const ids = [...html.matchAll(/<(?:textarea|input|select) [^>]*id="([^"]+)"/g)].map((m) => m[1]);

    expect(html).not.toMatch(/<script/i);
    for (const id of ids) expect(html).toContain(`for="${id}"`);
  });
});

describe("the portal's new-request page", () => {
  it('has the three kinds, and the catalog grouped into included and billable items', () => {
    const html = requestPageOf('en');

    expect([...html.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1])).toEqual([
      'incident',
      'service_request',
      'change',
    ]);
    expect(html).toContain('<optgroup label="Included in the service">');
    expect(html).toContain('<optgroup label="Billable on actual hours">');
    expect(html).toContain('type="date"');
    expect(html.match(/name="csrf" value="csrf-token-1"/g)).toHaveLength(3);
    expect(requestPageOf('nl')).toContain('Inbegrepen in de dienstverlening');
  });
});
