export { setup as default } from './moto-pool.mjs';
