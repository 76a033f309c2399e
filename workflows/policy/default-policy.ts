// The built-in policy, validated: what tests, `npm start` and a desk without a policy file run on.
// Its data lives in default-policy-data.ts, which the Lambda wiring imports without this parse.
import { defaultPolicyData } from './default-policy-data';
import { loadPolicy, type Policy } from './policy';

export { defaultPolicyData };

export const defaultPolicy: Policy = loadPolicy(defaultPolicyData);
