// Who an agent is: the token of their own that finds them locally, the Cognito claims that name
// them in AWS, and the console session that remembers them.
import {
  agentCredentials,
  agentIdentityOf,
  agentTokenEnvName,
  agentTokensFromEnv,
  agentWithToken,
  groupsOf,
  identityFromClaims,
  identityOfSession,
  LOCAL_AGENT,
} from '../../functions/http/agent-identity';
import { issueSession, sessionKeysFrom, verifySession } from '../../functions/console/console-session';
import { defaultPolicy, defaultPolicyData } from '../../workflows/policy/default-policy';
import { loadPolicy } from '../../workflows/policy/policy';
import { parseLinkKeys } from '../../workflows/links/link-token';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const withoutAgents = loadPolicy({ ...defaultPolicyData, teams: [], agents: [], routing: [] });
const tokens = new Map([
  ['anna', 'anna-token-0123456789'],
  ['bram', 'bram-token-0123456789'],
]);
const credentials = agentCredentials(defaultPolicy, { tokenOf: (id) => tokens.get(id) });

describe("an agent's token", () => {
  it('finds the agent it belongs to, with their name, e-mail and teams', () => {
    expect(agentWithToken(credentials, 'anna-token-0123456789')).toEqual({
      id: 'anna',
      name: 'Anna de Vries',
      email: 'anna@desk.example.com',
      teams: ['service-desk'],
    });
    expect(agentWithToken(credentials, 'bram-token-0123456789')?.id).toBe('bram');
  });

  it('finds no one when it is wrong, empty, or a prefix of a real one', () => {
    expect(agentWithToken(credentials, 'anna-token-012345678')).toBeNull();
    expect(agentWithToken(credentials, '')).toBeNull();
    expect(agentWithToken(credentials, 'nobody')).toBeNull();
    expect(agentWithToken([], 'anna-token-0123456789')).toBeNull();
  });

  it('comes from AGENT_TOKEN_<ID> (id upper-cased, - as _), or the first agent takes the one agentToken', () => {
    expect(agentTokenEnvName('anna')).toBe('AGENT_TOKEN_ANNA');
    expect(agentTokenEnvName('night-shift')).toBe('AGENT_TOKEN_NIGHT_SHIFT');
    const fromEnv = agentCredentials(defaultPolicy, {
      firstToken: 'shared',
      tokenOf: agentTokensFromEnv({ AGENT_TOKEN_BRAM: 'bram-env', AGENT_TOKEN_ANNA: '' }),
    });
    expect(fromEnv.map((c) => [c.identity.id, c.token])).toEqual([
      ['anna', 'shared'],
      ['bram', 'bram-env'],
    ]);
    // An agent without a token cannot sign in with one (in AWS: Cognito only).
    expect(agentCredentials(defaultPolicy, {})).toEqual([]);
  });

  it('is the one local-agent token when the policy names no agents (older policy files)', () => {
    const [only, ...rest] = agentCredentials(withoutAgents, { firstToken: 'agent-token-1' });
    expect(rest).toEqual([]);
    expect(only).toEqual({ identity: LOCAL_AGENT, token: 'agent-token-1' });
    expect(agentWithToken([only!], 'agent-token-1')?.id).toBe('local-agent');
  });
});

describe('a Cognito account as an agent', () => {
  it("is the policy's agent with its e-mail (any case), with the teams of its groups the policy knows", () => {
    const claims = { sub: 'u-1', email: 'Bram@Desk.Example.com', 'cognito:groups': ['changes', 'admins'] };
    expect(identityFromClaims(defaultPolicy, claims)).toEqual({
      id: 'bram',
      name: 'Bram Jansen',
      email: 'bram@desk.example.com',
      teams: ['changes'],
    });
  });

  it('takes its teams from its groups, not the policy: an agent moved to another group works in that team', () => {
    const claims = { sub: 'u-1', email: 'anna@desk.example.com', 'cognito:groups': '[changes service-desk]' };
    expect(identityFromClaims(defaultPolicy, claims)?.teams).toEqual(['changes', 'service-desk']);
    expect(identityFromClaims(defaultPolicy, { sub: 'u-1', email: 'anna@desk.example.com' })?.teams).toEqual([]);
  });

  it('signs in as itself when the policy does not name it (id and name its e-mail), or its subject without one', () => {
    expect(identityFromClaims(defaultPolicy, { sub: 'u-9', email: 'Temp@desk.example.com' })).toEqual({
      id: 'temp@desk.example.com',
      name: 'temp@desk.example.com',
      email: 'temp@desk.example.com',
      teams: [],
    });
    expect(identityFromClaims(defaultPolicy, { sub: 'u-9' })?.id).toBe('u-9');
    expect(identityFromClaims(defaultPolicy, {})).toBeNull();
  });

  it('reads the groups API Gateway flattens into a string as well as a list', () => {
    expect(groupsOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(groupsOf('[a b]')).toEqual(['a', 'b']);
    expect(groupsOf('a')).toEqual(['a']);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf(42)).toEqual([]);
  });
});

describe("a console session's agent", () => {
  const keys = sessionKeysFrom({ agentTokens: [...tokens.values()], linkKeys: parseLinkKeys('k1:first-secret-0123') })!;

  it("is the policy's agent of its id, with the teams the sign-in gave or else the policy's", () => {
    const token = issueSession(keys, 'anna', 'token', NOW).session;
    expect(agentIdentityOf({ policy: defaultPolicy }, token)).toMatchObject({ id: 'anna', teams: ['service-desk'] });
    const cognito = issueSession(keys, 'anna', 'cognito', NOW, undefined, ['changes']).session;
    expect(identityOfSession(defaultPolicy, cognito)).toMatchObject({ name: 'Anna de Vries', teams: ['changes'] });
    const stranger = issueSession(keys, 'temp@desk.example.com', 'cognito', NOW, undefined, []).session;
    expect(identityOfSession(defaultPolicy, stranger)).toEqual({
      id: 'temp@desk.example.com',
      name: 'temp@desk.example.com',
      teams: [],
    });
    expect(identityOfSession(withoutAgents, issueSession(keys, 'local-agent', 'token', NOW).session)).toBe(LOCAL_AGENT);
  });

  it("ends when any agent's token changes: the session keys are bound to all of them, in any order", () => {
    const { token } = issueSession(keys, 'anna', 'token', NOW);
    const linkKeys = parseLinkKeys('k1:first-secret-0123');
    const reordered = sessionKeysFrom({ agentTokens: [...tokens.values()].reverse(), linkKeys })!;
    expect(verifySession(reordered, token, NOW).ok).toBe(true);
    const bramChanged = sessionKeysFrom({ agentTokens: ['anna-token-0123456789', 'bram-token-new'], linkKeys })!;
    expect(verifySession(bramChanged, token, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('keeps in its signed cookie the teams it was signed in with', () => {
    const { token } = issueSession(keys, 'anna', 'cognito', NOW, undefined, ['changes']);
    expect(verifySession(keys, token, NOW)).toMatchObject({ ok: true, session: { teams: ['changes'] } });
  });
});
