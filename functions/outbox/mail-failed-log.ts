// The log line that says an outgoing mail failed for good: the dispatcher writes it once per
// message at error level (Powertools JSON), and the stack's metric filter counts it for the alarm.
export const MAIL_FAILED_LOG = 'outgoing mail failed';

export const MAIL_FAILED_METRIC = { namespace: 'ServiceDesk', name: 'OutgoingMailFailed' } as const;
