import { freePort } from '../../local/dynamodb-local';
import { call } from '../support/http';
import { alive, javaBelow, startDeskProcess } from '../support/desk-process';

describe('npm start', () => {
  it("serves the desk, prints each agent's own token, and stops cleanly on Ctrl-C with no Java process left", async () => {
    const port = await freePort();
    const smtpPort = await freePort();
    const desk = await startDeskProcess(['--in-memory', '--port', String(port), '--smtp-port', String(smtpPort)]);
    const java = javaBelow(desk.child.pid!);
    const listed = await call(`http://127.0.0.1:${port}/v1/tickets`, { token: desk.token });
    desk.child.kill('SIGINT');
    const code = await desk.exited;

    expect(listed.status).toBe(200);
    expect(desk.output()).toMatch(/Anna de Vries \(id anna; teams: service-desk\) — token \S+/);
    expect(desk.output()).toMatch(/Bram Jansen \(id bram; teams: changes\) — token \S+/);
    expect(java).toHaveLength(1);
    expect(code).toBe(0);
    expect(desk.output()).toContain('stopped.');
    expect(java.filter(alive)).toEqual([]);
  });
});
