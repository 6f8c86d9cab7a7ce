export {
  SETUP_PACKER_INPUTS,
  SETUP_PACKER_OUTPUTS,
  DEFAULT_MIRROR_URL,
  parseSetupPackerOptions,
  parseVersionRequest,
  parseVersionFileText,
  readVersionFile,
  hclConstraintToSemverRange,
  type RawSetupPackerInputs,
  type SetupPackerOptions,
  type VersionRequest,
} from './options';
export {
  releasePlatform,
  parseReleaseIndex,
  pickVersion,
  parseSha256Sums,
  type ReleasePlatform,
  type ReleaseIndex,
} from './releases';
export { proxyAwareGet, redactUrl, type HttpGet, type HttpGetOptions, type HttpHead } from './http';
export { defaultToolCacheRoot as packerToolCacheRoot } from './tool-cache';
export {
  installPacker,
  readPackerVersion,
  DOWNLOAD_LIMITS,
  type DownloadLimits,
  type InstallEnvironment,
  type InstalledPacker,
} from './install';
export { HASHICORP_RELEASE_KEY, HASHICORP_RELEASE_KEY_FINGERPRINT } from './hashicorp-key';
