// Reads the service report's query parameters: the month and, optionally, one customer.
import { monthQueryIssues } from '../billing/billing';
import type { Parsed } from '../lifecycle/ticket-events';
import type { Policy } from '../policy/policy';

export interface ReportQuery {
  month: string;
  /** Null for the whole desk. */
  customerId: string | null;
}

export function parseReportQuery(params: Record<string, string | undefined>, policy: Policy): Parsed<ReportQuery> {
  const issues = monthQueryIssues(params, policy, 'to report on');
  if (issues.length) return { ok: false, reason: 'invalid', issues };
  return { ok: true, value: { month: params.month!, customerId: params.customer || null } };
}
