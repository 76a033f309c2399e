// `npm run seed -- --month 2026-11 [--tickets N] [--seed S] [--data-dir DIR]`: fills a month of the
// desk `npm start` runs (on the same data folder) with tickets that lived through it, so the
// service report has something true to show. Each run adds tickets: a second run for the same
// month adds as many again, numbered after the first.
import { parseArgs } from 'node:util';
import { createDesk, LINK_VALIDITY_SECONDS } from '../functions/desk';
import { createDocumentClient } from '../functions/store/dynamo-client';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { compiledPolicyData } from './compile-policy';
import { linkKeys } from './desk-runtime';
import { localCredentials } from './dynamodb-local';
import { runningDeskOf } from './running-desk';
import { isMonth, seedMonth, type SeedSummary } from './seed-month';

const usage = 'usage: npm run seed -- --month YYYY-MM [--tickets N] [--seed S] [--data-dir DIR]';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function wholeNumber(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    fail(`--${name} takes a whole number, not "${value}"\n${usage}`, 2);
  return n;
}

function report(summary: SeedSummary, url: string) {
  const byKind = new Map<string, Map<string, number>>();
  for (const t of summary.tickets) {
    const statuses = byKind.get(t.kind) ?? new Map<string, number>();
    statuses.set(t.status, (statuses.get(t.status) ?? 0) + 1);
    byKind.set(t.kind, statuses);
  }
  console.log(
    `Seeded ${summary.tickets.length} tickets for ${summary.month} in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  );
  for (const [kind, statuses] of byKind)
    console.log(`  ${kind.padEnd(16)} ${[...statuses].map(([status, n]) => `${status} ${n}`).join(', ')}`);
  const before = summary.tickets.filter((t) => t.createdAt < summary.monthStart).length;
  if (before) console.log(`  (${before} of them opened the month before)`);
  console.log(`  events:      ${summary.events}, of which ${summary.timersFired} fired by timers`);
  const timers = summary.eventsByType.filter(([type]) => type.startsWith('timer:'));
  console.log(`  timers:      ${timers.map(([type, n]) => `${type.slice(6)} ${n}`).join(', ') || 'none'}`);
  console.log(`\nThe month's report: ${url}/console/reports?month=${summary.month}`);
  console.log(`Their mails go out through the running desk: ${url}/dev/mailbox`);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        month: { type: 'string' },
        tickets: { type: 'string', default: '80' },
        seed: { type: 'string', default: '1' },
        'data-dir': { type: 'string', default: '.data' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  const month = values.month;
  if (!month || !isMonth(month)) fail(`--month takes a month as YYYY-MM\n${usage}`, 2);
  const tickets = wholeNumber('tickets', values.tickets);
  const seed = wholeNumber('seed', values.seed);

  const running = runningDeskOf(values['data-dir']);
  if (!running)
    fail(
      `No desk is running on ${values['data-dir']}/: start the desk first with npm start (in another terminal), then seed.`,
      1,
    );
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // The desk's own policy and link keys, so seeded mails carry links the running desk accepts.
  const policy = running.policyFile ? compiledPolicyData(running.policyFile, Date.now()).policy : defaultPolicy;
  const client = createDocumentClient({
    endpoint: running.dynamoEndpoint,
    region: 'local',
    credentials: localCredentials,
  });
  const desk = createDesk({
    client,
    tableName: running.tableName,
    policy,
    links: { keys: linkKeys(values['data-dir']), baseUrl: running.url, validitySeconds: LINK_VALIDITY_SECONDS },
  });
  let shown = 0;
  const summary = await seedMonth(desk, {
    month,
    tickets,
    seed,
    onProgress: (done, total) => {
      // A line per tenth: enough to see it move, quiet in a log.
      if (done === total || done - shown >= Math.max(1, Math.ceil(total / 10))) {
        shown = done;
        console.error(`  ${done}/${total} tickets`);
      }
    },
  });
  client.destroy();
  report(summary, running.url);
}

main().catch((error: Error) => {
  console.error(`seeding failed: ${error.message}`);
  process.exit(1);
});
