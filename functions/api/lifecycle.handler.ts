// GET /v1/lifecycle — the statechart's lifecycle as JSON and as a Mermaid diagram.
import { lifecycleGraph, lifecycleMermaid } from '../../workflows/lifecycle/lifecycle-diagram';
import { json, publicEndpoint } from '../http/agent-endpoint';
import { deskFromEnv, type Desk } from '../desk';

export function makeLifecycleHandler(desk: Desk) {
  const body = {
    ...lifecycleGraph(desk.machine),
    mermaid: { nl: lifecycleMermaid(desk.machine, 'nl'), en: lifecycleMermaid(desk.machine, 'en') },
  };
  return publicEndpoint(async () => json(200, body, { 'cache-control': 'public, max-age=300' }), desk);
}

export const handler = makeLifecycleHandler(deskFromEnv());
