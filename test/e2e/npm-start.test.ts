import { spawn, execFileSync } from 'node:child_process';
import { freePort } from '../../local/dynamodb-local';
import { call } from '../support/http';

const javaProcesses = () => {
  try {
    return execFileSync('pgrep', ['-f', 'DynamoDBLocal.jar'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('npm start', () => {
  it('serves the desk, prints the agent token, and stops cleanly on Ctrl-C with no Java process left', async () => {
    const before = javaProcesses();
    const port = await freePort();
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts', '--in-memory', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const during = javaProcesses();
    const listed = await call(`http://127.0.0.1:${port}/v1/tickets`, { token });
    child.kill('SIGINT');
    const code = await exited;

    expect(listed.status).toBe(200);
    expect(during.length).toBe(before.length + 1);
    expect(code).toBe(0);
    expect(output).toContain('stopped.');
    expect(javaProcesses().sort()).toEqual(before.sort());
  });
});
