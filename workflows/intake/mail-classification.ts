// Tells mail written by a person from mail written by a machine (auto-replies, bounces, lists,
// loops), so the desk never answers a machine and never opens a ticket for one.
// RFC 3834 (Auto-Submitted), RFC 3464 (delivery-status reports), and what mail systems do in practice.
import type { Policy } from '../policy/policy';
import { header, type MailFacts } from './mail-facts';

export type MachineReason =
  | 'desk-address'
  | 'loop'
  | 'bounce'
  | 'receipt'
  | 'auto-submitted'
  | 'auto-response-suppress'
  | 'bulk'
  | 'list'
  | 'mailer-daemon'
  | 'rate-limited';

export type MailOrigin = { machine: false } | { machine: true; reason: MachineReason };

const MAILER_DAEMON = /^(mailer-daemon|postmaster|mail-daemon|noreply-dmarc-support)@/i;

export function classifyMail(facts: MailFacts, policy: Policy): MailOrigin {
  const desk = new Set(policy.intake.deskAddresses.map((a) => a.toLowerCase()));
  const from = facts.from?.address.toLowerCase() ?? '';
  const machine = (reason: MachineReason): MailOrigin => ({ machine: true, reason });

  if (desk.has(from)) return machine('desk-address');
  if ((facts.headers['x-loop'] ?? []).some((v) => [...desk].some((d) => v.toLowerCase().includes(d))))
    return machine('loop');
  if (facts.contentType === 'multipart/report' || facts.deliveryStatus) {
    return machine(/disposition-notification/i.test(header(facts, 'content-type') ?? '') ? 'receipt' : 'bounce');
  }
  if (!from || MAILER_DAEMON.test(from)) return machine('mailer-daemon');
  const autoSubmitted = header(facts, 'auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return machine('auto-submitted');
  if (header(facts, 'x-auto-response-suppress')) return machine('auto-response-suppress');
  const precedence = header(facts, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk') return machine('bulk');
  if (precedence === 'list' || header(facts, 'list-unsubscribe') || header(facts, 'list-id')) return machine('list');
  // Some responders mark their out-of-office replies only this way, without Auto-Submitted.
  if (header(facts, 'x-autoreply') || header(facts, 'x-autorespond')) return machine('auto-submitted');
  return { machine: false };
}
