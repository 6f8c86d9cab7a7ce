/** Makes the run's moto pool folder (IMMUTABLE_MOTO_POOL), unless IMMUTABLE_MOTO_POOL_OFF=1. */
export function setup(): Promise<void>;
/** Stops the motos started in the pool and removes it. */
export function teardown(): Promise<void>;
