import type { ProcessExit, RunningDynamoDb } from '../../local/dynamodb-local';
import { superviseDynamoDb, type SupervisorOptions } from '../../local/dynamodb-supervisor';

/** A stand-in for one DynamoDB Local process: it answers on `port` until the test makes it die. */
function fakeStore(port: number, pid: number) {
  let die: (exit: ProcessExit) => void = () => {};
  const exited = new Promise<ProcessExit>((resolve) => (die = resolve));
  let dead = false;
  const store: RunningDynamoDb & { die(): void } = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid,
    exited,
    // As the real one: a store that died before it was stopped did not stop cleanly.
    stop: async () => {
      if (dead) return { clean: false };
      dead = true;
      die({ code: 143, signal: null });
      return { clean: true };
    },
    die: () => {
      dead = true;
      die({ code: null, signal: 'SIGKILL' });
    },
  };
  return store;
}

/** A launcher that hands out stores (or failures) in turn, recording the port asked for. */
function launcher(plan: ('up' | 'fails')[]) {
  const started: ReturnType<typeof fakeStore>[] = [];
  const ports: (number | undefined)[] = [];
  const start = async (port?: number) => {
    ports.push(port);
    if (plan[ports.length - 1] === 'fails') throw new Error('Address already in use');
    const store = fakeStore(port ?? 8000, 100 + ports.length);
    started.push(store);
    return store;
  };
  return { start, started, ports };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const until = async (check: () => boolean) => {
  while (!check()) await settle();
};

function options(start: SupervisorOptions['start'], overrides: Partial<SupervisorOptions> = {}) {
  const lines: string[] = [];
  const events: string[] = [];
  const all: SupervisorOptions = {
    start,
    log: (line) => lines.push(line),
    backoffMs: () => 0,
    onRestarted: async () => void events.push('caught up'),
    onGaveUp: (error) => void events.push(`gave up: ${error.message}`),
    ...overrides,
  };
  return { all, lines, events };
}

describe('supervising DynamoDB Local', () => {
  it('starts it again on the same port when it dies, then lets the desk catch up', async () => {
    const { start, started, ports } = launcher(['up', 'up']);
    const { all, events } = options(start);
    const store = await superviseDynamoDb(all);

    started[0]!.die();
    await until(() => events.length > 0);

    expect(ports).toEqual([undefined, 8000]);
    expect(events).toEqual(['caught up']);
    expect(store.pid()).toBe(102);
  });

  it('gives up, saying why, when three restarts in a row fail', async () => {
    const { start, started } = launcher(['up', 'fails', 'fails', 'fails', 'up']);
    const { all, events, lines } = options(start);
    await superviseDynamoDb(all);

    started[0]!.die();
    await until(() => events.length > 0);

    expect(events).toEqual([
      'gave up: DynamoDB Local stopped (killed by SIGKILL) and did not come back after 3 restarts: Address already in use',
    ]);
    expect(lines.filter((line) => /restart \d of 3 failed/.test(line))).toHaveLength(3);
  });

  it('gives up on a store that keeps dying soon after each restart, but forgives one that stayed up a while', async () => {
    let now = 0;
    const { start, started } = launcher(Array(8).fill('up'));
    const { all, events } = options(start, { now: () => now, stableAfterMs: 60_000 });
    await superviseDynamoDb(all);
    const dies = async (i: number) => {
      const before = events.length;
      started[i]!.die();
      await until(() => events.length > before);
    };

    await dies(0);
    await dies(1);
    now = 120_000; // the second restart stayed up for two minutes
    for (const i of [2, 3, 4, 5]) await dies(i);

    expect(events).toEqual([
      ...Array(5).fill('caught up'),
      expect.stringMatching(/^gave up: .*kept stopping soon after each restart/),
    ]);
  });

  it('restarts nothing once it was asked to stop, and stops the store running now', async () => {
    const { start, started } = launcher(['up', 'up']);
    let release = () => {};
    const { all, events } = options(start, { beforeRestart: () => new Promise((resolve) => (release = resolve)) });
    const store = await superviseDynamoDb(all);
    started[0]!.die();
    await settle();

    const stopping = store.stop();
    release();
    const stopped = await stopping;

    expect(started).toHaveLength(1);
    expect(events).toEqual([]);
    expect(stopped).toEqual({ clean: false });
  });
});
