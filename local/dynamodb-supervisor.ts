// Keeps DynamoDB Local running under the desk. When it exits without being asked to, it is started
// again on the same port and data folder, and the desk catches up (`onRestarted`: the table, the
// journal). A store that will not come back, or keeps dying soon after each restart, is given up
// on loudly (`onGaveUp`) rather than leaving a desk that answers 503 for ever.
import type { ProcessExit, RunningDynamoDb } from './dynamodb-local';

export interface SupervisorOptions {
  /** Starts one DynamoDB Local; on a port, or on a free one the first time. */
  start(port?: number): Promise<RunningDynamoDb>;
  /** After a restart, before the store counts as healed. */
  onRestarted(): Promise<void>;
  onGaveUp(error: Error): void;
  log(line: string): void;
  /** Restarts in a row that may fail (or die again soon) before giving up. */
  maxRestarts?: number;
  backoffMs?: (attempt: number) => number;
  /** A store that stayed up this long has healed: its next exit starts a fresh count. */
  stableAfterMs?: number;
  /** Awaited before each restart (tests hold an outage open with it). */
  beforeRestart?: () => Promise<void>;
  now?: () => number;
}

export interface SupervisedDynamoDb {
  endpoint: string;
  port: number;
  /** The Java process running now (it changes with each restart). */
  pid(): number | undefined;
  stop(): Promise<{ clean: boolean }>;
}

const describeExit = ({ code, signal }: ProcessExit) => (signal ? `killed by ${signal}` : `exit code ${code}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function superviseDynamoDb(options: SupervisorOptions): Promise<SupervisedDynamoDb> {
  const maxRestarts = options.maxRestarts ?? 3;
  const backoffMs = options.backoffMs ?? ((attempt) => 250 * 2 ** (attempt - 1));
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const now = options.now ?? Date.now;

  let current = await options.start();
  const { port, endpoint } = current;
  let upSince = now();
  let failures = 0;
  let stopping = false;
  let restarting: Promise<void> = Promise.resolve();

  const watch = (store: RunningDynamoDb) =>
    void store.exited.then((exit) => {
      if (stopping || store !== current) return;
      restarting = restart(exit);
    });

  async function restart(exit: ProcessExit): Promise<void> {
    if (now() - upSince >= stableAfterMs) failures = 0;
    options.log(`store: DynamoDB Local stopped unexpectedly (${describeExit(exit)}); restarting it on port ${port}`);
    let lastError = 'it kept stopping soon after each restart';
    while (failures < maxRestarts) {
      failures++;
      await options.beforeRestart?.();
      await sleep(backoffMs(failures));
      if (stopping) return;
      try {
        current = await options.start(port);
      } catch (error) {
        lastError = (error as Error).message;
        options.log(`store: restart ${failures} of ${maxRestarts} failed: ${lastError}`);
        continue;
      }
      upSince = now();
      watch(current);
      if (stopping) return;
      options.log(`store: DynamoDB Local restarted (attempt ${failures} of ${maxRestarts})`);
      try {
        await options.onRestarted();
      } catch (error) {
        options.log(`store: catching up after the restart failed: ${(error as Error).message}`);
      }
      return;
    }
    options.onGaveUp(
      new Error(
        `DynamoDB Local stopped (${describeExit(exit)}) and did not come back after ${maxRestarts} restarts: ${lastError}`,
      ),
    );
  }

  watch(current);
  return {
    endpoint,
    port,
    pid: () => current.pid,
    async stop() {
      stopping = true;
      await restarting;
      return current.stop();
    },
  };
}
