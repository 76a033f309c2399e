import { decideResend, parseResendBody, parseResendTarget } from '../../workflows/mail/resend-rules';

const agent = { type: 'agent' as const, id: 'piet@desk.example.com' };
const failed = {
  status: 'failed' as const,
  address: 'jan@acme.example.nl',
  failure: 'expired' as const,
  lastError: 'gave up',
  failedAt: 50,
  attempts: 40,
};

describe('deciding a resend', () => {
  it('resends only a failed mail, recording the failure it answers', () => {
    expect(decideResend(failed, null, { by: agent, at: 99, clearSuppression: false })).toEqual({
      ok: true,
      record: {
        at: 99,
        by: agent,
        failure: 'expired',
        error: 'gave up',
        failedAt: 50,
        attempts: 40,
        clearedSuppression: null,
      },
    });
    expect(decideResend({ ...failed, status: 'sent' }, null, { by: agent, at: 99, clearSuppression: true })).toEqual({
      ok: false,
      reason: 'not-failed',
      status: 'sent',
    });
  });

  it('to a suppressed address only when the agent clears the suppression, which the record keeps', () => {
    const suppression = { status: '5.1.1', at: 10 };
    expect(decideResend(failed, suppression, { by: agent, at: 99, clearSuppression: false })).toEqual({
      ok: false,
      reason: 'suppressed',
      address: 'jan@acme.example.nl',
      suppression,
    });
    expect(decideResend(failed, suppression, { by: agent, at: 99, clearSuppression: true })).toMatchObject({
      ok: true,
      record: { clearedSuppression: suppression },
    });
  });
});

describe('what a resend names', () => {
  it('takes a ticket id, an event seq and a message n, all checked before anything is read', () => {
    expect(parseResendTarget({ id: 'INC-2026-000042', seq: '7', n: '2' })).toEqual({
      ok: true,
      value: { ticketId: 'INC-2026-000042', seq: 7, n: 2 },
    });
    const fields = (params: Record<string, string>) => {
      const parsed = parseResendTarget(params);
      return parsed.ok ? [] : parsed.issues.map((i) => i.field);
    };
    expect(fields({ id: 'INC-2026-000042', seq: '0', n: '1000' })).toEqual(['seq', 'n']);
    expect(fields({ id: '../HEAD', seq: '1e3', n: '-1' })).toEqual(['id', 'seq', 'n']);
    expect(fields({ id: 'INC-2026-000042', seq: '12345678901', n: '1' })).toEqual(['seq']);
    expect(fields({})).toEqual(['id', 'seq', 'n']);
  });

  it('takes an optional body that may only ask to clear the suppression', () => {
    expect(parseResendBody({})).toEqual({ ok: true, value: { clearSuppression: false } });
    expect(parseResendBody({ clearSuppression: true })).toEqual({ ok: true, value: { clearSuppression: true } });
    expect(parseResendBody({ clearSuppression: 'yes' })).toMatchObject({
      ok: false,
      issues: [{ field: 'clearSuppression' }],
    });
    expect(parseResendBody([])).toMatchObject({ ok: false, issues: [{ field: '(body)' }] });
  });
});
