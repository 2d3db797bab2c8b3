import { describe, expect, it } from 'vitest';
import { checkVersionSkew, ProvisionError } from '../src/index.js';

function refusal(deployed: string | undefined, wanted: string): string | undefined {
  try {
    checkVersionSkew(deployed, wanted);
    return undefined;
  } catch (error) {
    expect(ProvisionError.is(error)).toBe(true);
    expect((error as ProvisionError).code).toBe('VERSION_SKEW');
    return (error as ProvisionError).message;
  }
}

// kubernetes.io/releases/version-skew-policy: kube-apiserver instances are within one minor of
// each other, so the control plane is upgraded one minor at a time; kubelets are never newer than
// the API servers; nothing is downgraded.
describe(checkVersionSkew, () => {
  it.each([
    ['v1.36.1', 'v1.36.1'],
    ['v1.36.1', 'v1.36.4'],
    ['v1.36.1', 'v1.37.0'],
    ['v1.36.9', 'v1.37.0'],
  ])('lets %s become %s', (deployed, wanted) => {
    expect(refusal(deployed, wanted)).toBeUndefined();
  });

  it('does not check a stack that records no version', () => {
    expect(refusal(undefined, 'v1.40.0')).toBeUndefined();
  });

  it('refuses to skip a minor, and gives the path one minor at a time', () => {
    expect(refusal('v1.36.1', 'v1.38.0')).toBe(
      'kubernetesVersion v1.38.0: the stack runs v1.36.1, and the control plane moves one minor release at a time. Upgrade through each, with kube-aws update after every step: v1.36.1 → v1.37.x → v1.38.0 (kubernetes.io/releases/version-skew-policy)',
    );
    expect(refusal('v1.36.1', 'v1.39.2')).toContain(
      'v1.36.1 → v1.37.x → v1.38.x → v1.39.2 (kubernetes.io/releases/version-skew-policy)',
    );
  });

  it.each([
    ['v1.36.1', 'v1.35.9'],
    ['v1.36.1', 'v1.36.0'],
    ['v1.37.0', 'v1.34.2'],
  ])('refuses to go back from %s to %s', (deployed, wanted) => {
    expect(refusal(deployed, wanted)).toBe(
      `kubernetesVersion ${wanted}: the stack runs ${deployed}, and Kubernetes supports no downgrade: etcd's data and the API's stored versions may already be newer. Keep ${deployed} or a later release (kubernetes.io/releases/version-skew-policy)`,
    );
  });

  it('refuses another major release', () => {
    expect(refusal('v1.36.1', 'v2.0.0')).toMatch(
      /^kubernetesVersion v2\.0\.0: the stack runs v1\.36\.1, and Kubernetes moves between major releases/,
    );
  });
});
