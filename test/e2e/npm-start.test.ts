import { spawn, execFileSync } from 'node:child_process';
import { freePort } from '../../local/dynamodb-local';
import { call } from '../support/http';

/** The DynamoDB Local (Java) processes started anywhere below `root` in the process tree. */
function javaBelow(root: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const below = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => below.has(row.pid) && row.args.includes('DynamoDBLocal.jar')).map((row) => row.pid);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('serves the desk, prints the agent token, and stops cleanly on Ctrl-C with no Java process left', async () => {
    const port = await freePort();
    const smtpPort = await freePort();
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts', '--in-memory', '--port', String(port), '--smtp-port', String(smtpPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    const token = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /agent token: (\S+)/.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match[1]!);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`npm start exited: ${output}`));
        }
      }, 50);
    });
    const java = javaBelow(child.pid!);
    const listed = await call(`http://127.0.0.1:${port}/v1/tickets`, { token });
    child.kill('SIGINT');
    const code = await exited;

    expect(listed.status).toBe(200);
    expect(java).toHaveLength(1);
    expect(code).toBe(0);
    expect(output).toContain('stopped.');
    expect(java.filter(alive)).toEqual([]);
  });
});
