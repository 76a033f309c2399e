// `npm start`: the whole service desk on this machine. Options:
//   --in-memory        keep nothing (default: data under .data/)
//   --data-dir DIR     where to keep data (default .data)
//   --port N           HTTP port (default 3000, or PORT)
//   --clock-speed N    run desk time N times faster, for demos
//   --policy FILE      a policy JSON file instead of the built-in one
import { parseArgs } from 'node:util';
import { policyFromFile } from '../functions/desk';
import { startLocalDesk } from './desk-runtime';

async function main() {
  const { values } = parseArgs({
    options: {
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.data' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'clock-speed': { type: 'string', default: '1' },
      policy: { type: 'string' },
    },
  });
  const clockSpeed = Number(values['clock-speed']);
  const port = Number(values.port);
  if (!Number.isFinite(clockSpeed) || clockSpeed <= 0) throw new Error('--clock-speed takes a positive number');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes a port number');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

  const dataDir = values['in-memory'] ? null : values['data-dir']!;
  const desk = await startLocalDesk({
    dataDir,
    port,
    clockSpeed,
    agentToken: process.env.AGENT_TOKEN,
    policy: policyFromFile(values.policy ?? process.env.POLICY_FILE),
    log: (line) => console.error(line),
  });

  console.log(`Service desk running at ${desk.url}`);
  console.log(`  data:        ${dataDir ? `${dataDir}/ (kept across restarts)` : 'in memory (nothing kept)'}`);
  console.log(`  clock:       ${clockSpeed === 1 ? 'real time' : `${clockSpeed}× real time`} — desk time now ${new Date(desk.desk.clock.now()).toISOString()}`);
  console.log(`  agent token: ${desk.agentToken}`);
  console.log(`\nTry: curl -H "Authorization: Bearer ${desk.agentToken}" ${desk.url}/v1/tickets`);
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
