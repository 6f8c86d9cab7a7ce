// Preloaded into a bundle with NODE_OPTIONS="--require <this file>": the process's clock (Date.now and
// new Date()) runs TEST_CLOCK_SKEW_MS ahead (or behind, if negative), as on a runner whose clock is off.
// Timers are untouched: they run on the monotonic clock, as they do on such a runner.
'use strict';
const skew = Number(process.env.TEST_CLOCK_SKEW_MS || 0);
if (skew) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + skew);
      else super(...args);
    }
    static now() {
      return RealDate.now() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
