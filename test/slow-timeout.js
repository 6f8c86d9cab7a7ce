// Integration and scenario tests start emulators and run bundles: give hooks and tests room.
jest.setTimeout(Number(process.env.IMMUTABLE_TEST_TIMEOUT ?? 240000));
