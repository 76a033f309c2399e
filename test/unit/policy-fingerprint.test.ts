import { policyFingerprint, policyText } from '../../workflows/policy/policy-fingerprint';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { defaultPolicyData } from '../../workflows/policy/default-policy-data';
import { loadPolicy } from '../../workflows/policy/policy';

describe('a policy fingerprint', () => {
  it('is the same for the same content, however its keys are ordered', () => {
    const reordered = loadPolicy(Object.fromEntries(Object.entries(defaultPolicyData).reverse()));

    expect(policyFingerprint(reordered)).toBe(policyFingerprint(defaultPolicy));
    expect(policyFingerprint(defaultPolicy)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with any rule, e.g. the hour the desk opens', () => {
    const later = loadPolicy({
      ...defaultPolicyData,
      businessHours: { ...defaultPolicyData.businessHours, opens: '09:00' },
    });

    expect(policyFingerprint(later)).not.toBe(policyFingerprint(defaultPolicy));
  });

  it('keeps a text that loads back to the same policy', () => {
    const back = loadPolicy(JSON.parse(policyText(defaultPolicy)));

    expect(policyFingerprint(back)).toBe(policyFingerprint(defaultPolicy));
  });
});
