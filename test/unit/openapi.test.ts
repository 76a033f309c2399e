// The API described, not hand-kept: the OpenAPI document follows the route table and the schemas,
// and is a valid OpenAPI 3.1 document.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../../functions/http/openapi-document';
import { httpRoutes } from '../../functions/http/route-table';
import { channelMaySend, ticketEventTypes } from '../../workflows/lifecycle/ticket-events';

const document = openApiDocument() as {
  paths: Record<
    string,
    Record<
      string,
      {
        security: unknown[];
        summary: string;
        requestBody?: {
          content: Record<string, { schema: { oneOf?: { properties: { type: { const: string } } }[] } }>;
        };
      }
    >
  >;
};

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const out = execFileSync(
      process.execPath,
      ['node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js', file],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ valid: true });
  });

  it('has exactly the API routes of the route table, with their summaries and who may call them', () => {
    const api = httpRoutes.filter((r) => !r.path.startsWith('/console'));
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(api.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of api) {
      const op = document.paths[route.path]![route.method.toLowerCase()]!;
      expect(op.summary).toBe(route.summary);
      expect(op.security).toEqual(route.access === 'agent' ? [{ agent: [] }] : []);
    }
  });

  it('describes every event an agent may send, and none of the channel events', () => {
    const body = document.paths['/v1/tickets/{id}/events']!.post!.requestBody!.content['application/json']!.schema;
    const types = body.oneOf!.map((s) => s.properties.type.const).sort();
    expect(types).toEqual(ticketEventTypes.filter((t) => channelMaySend(t, 'agent')).sort());
    expect(types).not.toContain('COMMENT');
  });
});
