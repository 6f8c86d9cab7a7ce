import {
  fixtureClients,
  makeAmi,
  seedNetwork,
  startFaultProxy,
  startMoto,
  type FaultProxy,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';

export interface CountedWorld {
  moto: Moto;
  /** In front of moto: counts (and times) every call of the run it measures. */
  proxy: FaultProxy;
  net: SeededNetwork;
  /** Two AMIs: the first deploy's and the measured red/black deploy's. */
  amis: [string, string];
}

/**
 * Runs a measurement against its own moto, seeded with a network and two AMIs, behind a counting proxy, and
 * stops them all after, whatever happens: the bundle and the AWS CLI script are measured in the same world.
 */
export async function withCountedWorld<T>(
  name: string,
  measure: (world: CountedWorld) => Promise<T>,
): Promise<T> {
  const moto = await startMoto();
  let proxy: FaultProxy | undefined;
  const fixtures = fixtureClients(moto);
  try {
    proxy = await startFaultProxy({ target: moto.endpoint });
    const net = await seedNetwork(fixtures, name);
    const amis: [string, string] = [
      await makeAmi(fixtures, `${name}-1`),
      await makeAmi(fixtures, `${name}-2`),
    ];
    return await measure({ moto, proxy, net, amis });
  } finally {
    fixtures.destroy();
    await proxy?.stop();
    await moto.stop();
  }
}
