// GET /v1/links/{token} — the page behind a customer's link. Never changes anything: mail scanners
// and link previews fetch it. HEAD answers 200 before any token logic.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signLink } from '../../workflows/links/link-token';
import { isAffirmative, siblingOf } from '../../workflows/links/link-rules';
import { publicEndpoint } from '../http/agent-endpoint';
import { openLinkOf } from './link-check';
import { decisionPage, linkPageHeaders, linkPageResponse } from './link-views';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';

export function makeLinkPageHandler(desk: Desk) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    if (event.requestContext.http.method === 'HEAD') return { statusCode: 200, headers: linkPageHeaders };
    const opened = await openLinkOf(desk, event);
    if (!opened.ok) return opened.response;
    const { token, keys, baseUrl, language, head } = opened.link;
    // Both answers to the same question on one page; they share the nonce, so only one can count.
    // A question with one answer (a written confirmation) has no sibling.
    const { keyId: _keyId, ...claims } = opened.link.claims;
    const sibling = siblingOf[claims.action];
    const siblingToken = sibling ? signLink(keys, { ...claims, action: sibling }) : null;
    const [yes, no] =
      siblingToken === null
        ? [token, null]
        : isAffirmative(claims.action)
          ? [token, siblingToken]
          : [siblingToken, token];
    const url = (t: string) => `${baseUrl}/v1/links/${t}`;
    return linkPageResponse(
      200,
      decisionPage(language, claims.action, head.snapshot.context, { yes: url(yes), no: no && url(no) }, desk.policy),
    );
  }, desk);
}

export const handler = makeLinkPageHandler(deskInAws());
