// How the table stream delivers records to each consumer, shared by the CDK event sources
// (infra/table-stream.ts) and the local harness that delivers wake-ups the same way
// (local/local-lifecycle.ts): without the CDK, so the harness loads none of it.

/** Deliveries of a record after its first, before it goes to the dead-letter queue. */
export const STREAM_RETRY_ATTEMPTS = 8;
