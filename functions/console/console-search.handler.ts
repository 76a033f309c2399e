// GET /console/search?q=…&… — the console's search: the API's parameters and meanings (one parser),
// except that an empty form field is no filter. Bad parameters are a 400 page naming each. Reads only.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { runSearch } from '../search/search-request';
import { htmlResponse } from './console-pages';
import { searchPage } from './console-search-page';

export function makeConsoleSearchHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, session, csrf }) => {
    // A GET form sends every field; the ones left empty ask nothing.
    const params = new Map(
      Object.entries(event.queryStringParameters ?? {}).filter(([, v]) => v !== undefined && v !== ''),
    );
    const page = {
      params: params as Map<string, string>,
      policy: desk.policy,
      machine: desk.machine,
      chrome: { csrf, agentId: session.agentId },
    };
    const answer = await runSearch(desk, Object.fromEntries(params));
    if (!answer.ok) return htmlResponse(400, searchPage({ ...page, issues: answer.issues }));
    return htmlResponse(200, searchPage({ ...page, found: { heads: answer.heads, next: answer.next } }));
  });
}

export const handler = makeConsoleSearchHandler(deskInAws());
