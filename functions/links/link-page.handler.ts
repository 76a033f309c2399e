// GET /v1/links/{token} — the page behind a customer's link. Never changes anything: mail scanners
// and link previews fetch it. HEAD answers 200 before any token logic.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signLink, type LinkAction } from '../../workflows/links/link-token';
import { isAffirmative, siblingOf } from '../../workflows/links/link-rules';
import { publicEndpoint } from '../http/agent-endpoint';
import { checkLink } from './link-check';
import { linkTokenOf } from '../http/path-params';
import { decisionPage, donePage, linkPageHeaders, linkPageResponse, refusalPage } from './link-views';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';

export function makeLinkPageHandler(desk: Desk) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    if (event.requestContext.http.method === 'HEAD') return { statusCode: 200, headers: linkPageHeaders };
    const links = desk.links;
    if (!links) return linkPageResponse(404, refusalPage('nl', 'malformed'));
    const token = linkTokenOf(event);
    if (token === null) return linkPageResponse(400, refusalPage('nl', 'malformed'));
    const state = await checkLink(desk, links.keys, token, event);
    if (state.kind === 'refused') return linkPageResponse(state.status, refusalPage(state.language, state.refusal));
    if (state.kind === 'used')
      return linkPageResponse(
        410,
        donePage(
          state.language,
          state.use.action as LinkAction,
          state.use.ticketId,
          state.use.at,
          true,
          desk.policy.businessHours.timeZone,
        ),
      );
    // Both answers to the same question on one page; they share the nonce, so only one can count.
    const { keyId: _keyId, ...claims } = state.claims;
    const sibling = siblingOf[claims.action]!;
    const siblingToken = signLink(links.keys, { ...claims, action: sibling });
    const [yes, no] = isAffirmative(claims.action) ? [token, siblingToken] : [siblingToken, token];
    const url = (t: string) => `${links.baseUrl}/v1/links/${t}`;
    return linkPageResponse(
      200,
      decisionPage(
        state.language,
        claims.action,
        state.head.snapshot.context,
        desk.policy.rates.onSiteHourlyCents,
        { yes: url(yes), no: url(no) },
        desk.policy.businessHours.timeZone,
      ),
    );
  }, desk);
}

export const handler = makeLinkPageHandler(deskInAws());
