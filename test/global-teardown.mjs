export { teardown as default } from './moto-pool.mjs';
