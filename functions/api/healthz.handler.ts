// GET /healthz — the process is up and the table answers.
import { publicEndpoint, json } from '../http/agent-endpoint';
import { deskFromEnv, type Desk } from '../desk';

export function makeHealthzHandler(desk: Desk) {
  return publicEndpoint(async () => {
    await desk.store.ping();
    return json(200, { status: 'ok', at: new Date(desk.clock.now()).toISOString() });
  }, desk);
}

export const handler = makeHealthzHandler(deskFromEnv());
