import { githubEnv, isProductionCluster } from '../../src/deployments';

describe('githubEnv', () => {
  const base = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'abc123', GITHUB_RUN_ID: '7' };

  it('defaults to api.github.com and github.com', () => {
    expect(githubEnv(base)).toEqual({
      apiUrl: 'https://api.github.com',
      owner: 'acme',
      repo: 'shop',
      ref: 'abc123',
      runUrl: 'https://github.com/acme/shop/actions/runs/7',
    });
  });

  it("honours GITHUB_API_URL and GITHUB_SERVER_URL (GitHub Enterprise Server's /api/v3)", () => {
    const env = githubEnv({
      ...base,
      GITHUB_API_URL: 'https://ghe.example/api/v3/',
      GITHUB_SERVER_URL: 'https://ghe.example/',
    });
    expect(env?.apiUrl).toBe('https://ghe.example/api/v3');
    expect(env?.runUrl).toBe('https://ghe.example/acme/shop/actions/runs/7');
  });

  it('falls back to GITHUB_REF without a sha, and has no run URL without a run id', () => {
    expect(githubEnv({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: 'refs/heads/main' })).toMatchObject({
      ref: 'refs/heads/main',
      runUrl: undefined,
    });
  });

  it('is undefined outside a workflow run', () => {
    expect(githubEnv({})).toBeUndefined();
    expect(githubEnv({ GITHUB_SHA: 'abc' })).toBeUndefined();
    expect(githubEnv({ GITHUB_REPOSITORY: 'acme/shop' })).toBeUndefined();
    expect(githubEnv({ GITHUB_REPOSITORY: 'acme', GITHUB_SHA: 'abc' })).toBeUndefined();
  });
});

describe('isProductionCluster', () => {
  it.each([
    ['shop-prod', true],
    ['shop-production', true],
    ['shop-PROD-canary', true],
    ['shop', false],
    ['shop-staging', false],
    ['shop--prod', false],
    ['prod', false],
    ['not a cluster-prod', false],
  ])('%s → %s', (cluster, production) => {
    expect(isProductionCluster(cluster)).toBe(production);
  });
});
