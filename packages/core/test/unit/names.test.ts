import { belongsToCluster, nextGroupName, parseClusterName, parseGroupName } from '../../src/naming/names';

describe('cluster names (Frigga)', () => {
  it.each(['shop', 'shop-prod', 'shop--canary', 'shop-prod-eu.west-1a', 'my_app.v2', 'a'])(
    'accepts %s',
    (name) => {
      expect(parseClusterName(name).cluster).toBe(name);
    },
  );

  it('splits app, stack and detail', () => {
    expect(parseClusterName('shop-prod-blue-green')).toEqual({
      cluster: 'shop-prod-blue-green',
      app: 'shop',
      stack: 'prod',
      detail: 'blue-green',
    });
    expect(parseClusterName('shop--canary')).toMatchObject({ stack: '', detail: 'canary' });
  });

  it.each([
    ['', 'empty'],
    ['shop prod', 'space'],
    ['shop-v001', 'push token in stack'],
    ['shop-prod-v002', 'push token in detail'],
    ['shop-pr/od', 'slash'],
    ['a'.repeat(29), 'app too long'],
    ['shop-prod-a~b', '~, which AWS launch template names refuse'],
    ['shop-prod-eu^1', '^, which AWS launch template names refuse'],
    ['shop-', 'trailing dash'],
    ['shop--', 'trailing dashes'],
    ['shop-prod-', 'trailing dash after the stack'],
    ['-prod', 'empty app'],
    ['shop:prod', 'colon, which Auto Scaling names refuse'],
    ['shop-prod-(a)', 'parentheses: a launch template allows them, Frigga does not'],
    [`shop-${'d'.repeat(87)}`, 'longer than 91 characters'],
  ])('rejects %j (%s) naming the value', (name) => {
    expect(() => parseClusterName(name)).toThrow(`Invalid cluster ${JSON.stringify(name)}`);
  });

  it('says why shop-prod-a~b and shop- are refused', () => {
    expect(() => parseClusterName('shop-prod-a~b')).toThrow(
      'the detail part has other characters (AWS launch template names allow no ~ or ^)',
    );
    expect(() => parseClusterName('shop-')).toThrow('it ends with -, which leaves an empty stack or detail');
  });
});

describe('group names', () => {
  it('parses versions of 3 to 6 digits', () => {
    expect(parseGroupName('shop-prod-v007')).toMatchObject({ cluster: 'shop-prod', version: 7 });
    expect(parseGroupName('shop-v123456')).toMatchObject({ cluster: 'shop', version: 123456 });
    expect(parseGroupName('shop-v01')).toBeUndefined();
    expect(parseGroupName('shop')).toBeUndefined();
  });

  it('does not confuse a longer cluster sharing the prefix', () => {
    expect(belongsToCluster('shop-prod-v001', 'shop')).toBe(false);
    expect(belongsToCluster('shop-v001', 'shop')).toBe(true);
  });
});

describe('nextGroupName', () => {
  const at = (name: string, minute: number) => ({
    name,
    createdTime: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  });

  it('starts at v000', () => {
    expect(nextGroupName('shop', [])).toBe('shop-v000');
  });

  it('is the newest + 1, ignoring other clusters', () => {
    expect(nextGroupName('shop', [at('shop-v003', 1), at('shop-v004', 2), at('shop-prod-v010', 3)])).toBe(
      'shop-v005',
    );
  });

  it('wraps after v999 and skips numbers in use', () => {
    expect(nextGroupName('shop', [at('shop-v000', 1), at('shop-v998', 2), at('shop-v999', 3)])).toBe(
      'shop-v001',
    );
  });

  it('uses creation time, so a wrapped v001 is newer than v999', () => {
    expect(nextGroupName('shop', [at('shop-v999', 1), at('shop-v001', 2)])).toBe('shop-v002');
  });
});
