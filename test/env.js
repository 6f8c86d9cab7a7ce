// The runner runs node24; this machine's Node 20 only earns the SDK's upgrade notice, which is noise in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The SDK backs off from 50 ms (1 s when throttled) before each retry; against moto every call it lacks is a
// 500 retried 7 times, seconds per bundle run. Tests keep every attempt and shorten the waits (bundles inherit it).
process.env.IMMUTABLE_AWS_RETRY_BASE_MS ??= '2';
