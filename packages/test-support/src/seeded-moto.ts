import { fixtureClients, seedNetwork, type FixtureClients, type SeededNetwork } from './aws-fixtures';
import { startMoto, type Moto } from './moto';

/**
 * The setup most emulator tests share: moto started once for the file with fixture clients and a seeded
 * network (beforeAll), everything stopped after it (afterAll). What it answers are live views of objects
 * made in beforeAll, so tests keep writing `moto.env`, `fixtures` and `net` as plain values.
 */
export function useSeededMoto(name?: string): { moto: Moto; fixtures: FixtureClients; net: SeededNetwork } {
  const made: { moto?: Moto; fixtures?: FixtureClients; net?: SeededNetwork } = {};
  beforeAll(async () => {
    made.moto = await startMoto();
    made.fixtures = fixtureClients(made.moto);
    made.net = await seedNetwork(made.fixtures, name);
  });
  afterAll(async () => {
    made.fixtures?.destroy();
    await made.moto?.stop();
  });
  return { moto: view(() => made.moto), fixtures: view(() => made.fixtures), net: view(() => made.net) };
}

function view<T extends object>(current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (!value) throw new Error('useSeededMoto: used outside a test (beforeAll has not run yet)');
    return value;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(target(), key),
  });
}
