// `npm start` as a child process for end-to-end tests: spawned as a user would run it, waited for
// until it prints its first agent's token, and its process tree (tsx, the desk's node, DynamoDB Local's
// Java) found by walking `ps`, so a test can stop it cleanly or kill parts of it.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';

interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
}

/** Every process below `root` in the process tree (not `root` itself). */
export function processesBelow(root: number): ProcessRow[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => row.pid !== root && below.has(row.pid));
}

/** Processes whose command line names `path` (a test's own data folder): what a failed test may leave behind. */
export const processesNaming = (path: string): number[] =>
  processesBelow(1)
    .filter((row) => row.args.includes(path))
    .map((row) => row.pid);

/** The DynamoDB Local (Java) processes started anywhere below `root`. */
export const javaBelow = (root: number): number[] =>
  processesBelow(root)
    .filter((row) => row.args.includes('DynamoDBLocal.jar'))
    .map((row) => row.pid);

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export interface DeskProcess {
  child: ChildProcess;
  /** The first agent's token, as it printed it. */
  token: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `npm start` (tsx local/start.ts) with these arguments; resolves once it serves. */
export async function startDeskProcess(args: string[], env: Record<string, string> = {}): Promise<DeskProcess> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const token = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /agent: .*? — token (\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start exited: ${output}`));
      }
    }, 50);
  });
  return { child, token, output: () => output, exited };
}
