// `npm start`: the whole service desk on this machine. Options:
//   --in-memory        keep nothing (default: data under .data/)
//   --data-dir DIR     where to keep data (default .data)
//   --port N           HTTP port (default 3000, or PORT)
//   --clock-speed N    run desk time N times faster, for demos
//   --smtp-port N      SMTP port for inbound mail (default 2525)
//   --policy FILE      a policy JSON file instead of the built-in one
import { parseArgs } from 'node:util';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { compiledPolicyData } from './compile-policy';
import { startLocalDesk } from './desk-runtime';
import { agentTokenEnvName, agentTokensFromEnv } from '../functions/http/agent-identity';

async function main() {
  const { values } = parseArgs({
    options: {
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.data' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'clock-speed': { type: 'string', default: '1' },
      'smtp-port': { type: 'string', default: process.env.SMTP_PORT ?? '2525' },
      policy: { type: 'string' },
    },
  });
  const clockSpeed = Number(values['clock-speed']);
  const port = Number(values.port);
  if (!Number.isFinite(clockSpeed) || clockSpeed <= 0) throw new Error('--clock-speed takes a positive number');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes a port number');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

  const dataDir = values['in-memory'] ? null : values['data-dir']!;
  const policyFile = values.policy ?? process.env.POLICY_FILE;
  // A policy file's holiday calendar is compiled here, for the years around today; the built-in's is committed.
  const policy = policyFile ? compiledPolicyData(policyFile, Date.now()).policy : defaultPolicy;
  const secretNames = policy.intake.webhookSources.flatMap((s) => s.secretEnv);
  let stopDesk = async () => {};
  const desk = await startLocalDesk({
    dataDir,
    port,
    smtpPort: Number(values['smtp-port']),
    clockSpeed,
    agentToken: process.env.AGENT_TOKEN,
    agentTokens: agentTokensFromEnv(process.env),
    secrets: Object.fromEntries(secretNames.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : []))),
    policy,
    policyFile,
    log: (line) => console.error(line),
    // DynamoDB Local died and would not come back: stop, and say so with the exit code.
    onFatal: () => void stopDesk().finally(() => process.exit(1)),
  });
  stopDesk = () => desk.stop();

  console.log(`Service desk running at ${desk.url}`);
  console.log(`  data:        ${dataDir ? `${dataDir}/ (kept across restarts)` : 'in memory (nothing kept)'}`);
  console.log(
    `  clock:       ${clockSpeed === 1 ? 'real time' : `${clockSpeed}× real time`} — desk time now ${new Date(desk.desk.clock.now()).toISOString()}`,
  );
  // Each agent signs in with a token of their own: from AGENT_TOKEN_<ID>, or made up for this run.
  for (const { identity, token } of desk.agents) {
    const teams = identity.teams.length ? identity.teams.join(', ') : 'no team';
    const fromEnv =
      process.env[agentTokenEnvName(identity.id)] || (identity === desk.agents[0]?.identity && process.env.AGENT_TOKEN);
    const kept = fromEnv ? 'from the environment' : `set ${agentTokenEnvName(identity.id)} to keep one`;
    console.log(`  agent:       ${identity.name} (id ${identity.id}; teams: ${teams}) — token ${token} (${kept})`);
  }
  console.log(`  console:     ${desk.url}/console (each agent signs in with their own token)`);
  console.log(
    `  outgoing:    ${process.env.MAIL_SMTP_URL ? 'SMTP relay (MAIL_SMTP_URL)' : `local mailbox — ${desk.url}/dev/mailbox`}`,
  );
  console.log(
    `  mail:        SMTP on 127.0.0.1:${desk.smtpPort} (${policy.intake.mailboxes.map((m) => `${m.address} → ${m.kind}`).join(', ')})`,
  );
  for (const source of policy.intake.webhookSources) {
    const name = source.secretEnv[0]!;
    // Only a secret made up for this run is shown; one from the environment never reaches a log.
    const secret = process.env[name]
      ? 'set from the environment'
      : `${desk.secrets[name]} (generated for this run; set ${name} to keep one)`;
    console.log(
      `  webhook:     POST ${desk.url}/v1/webhooks/${source.id} (${source.auth}, ${source.adapter}) — ${name}: ${secret}`,
    );
  }
  const first = desk.agents[0]!;
  console.log(`\nTry (as ${first.identity.id}): curl -H "Authorization: Bearer ${first.token}" ${desk.url}/v1/tickets`);
  console.log('Ctrl-C stops everything.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await desk.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`could not start the desk: ${error.message}`);
  process.exit(1);
});
