// Where a running `npm start` desk can be reached by the tools beside it (`npm run seed`): its
// URL, its store's endpoint and table and its policy file, kept in its data folder while it runs.
// DynamoDB Local listens on a port chosen at each start, so nothing else could tell them.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningDesk {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  /** The policy file the desk runs with; null for the built-in policy. */
  policyFile: string | null;
  pid: number;
}

const fileOf = (dataDir: string) => join(dataDir, 'desk.json');

export function announceRunningDesk(dataDir: string, desk: RunningDesk): void {
  writeFileSync(fileOf(dataDir), `${JSON.stringify(desk, null, 2)}\n`);
}

export function withdrawRunningDesk(dataDir: string): void {
  rmSync(fileOf(dataDir), { force: true });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as somebody else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The desk running on this data folder; null when none is (a file left by a desk that died counts as none). */
export function runningDeskOf(dataDir: string): RunningDesk | null {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return null;
  const desk = JSON.parse(readFileSync(file, 'utf8')) as RunningDesk;
  return isAlive(desk.pid) ? desk : null;
}
