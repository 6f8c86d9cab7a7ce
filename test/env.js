// The runner runs node24; this machine's Node 20 only earns the SDK's upgrade notice, which is noise in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
