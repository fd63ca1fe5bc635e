export type { AnyConfigGroup, ConfigGroup, ConfigGroups, ConfigOf, RawEnv } from './define';
export { defineConfigGroup } from './define';
export * from './groups';
export {
  ConfigError,
  developmentSecretsInUse,
  isStrictEnvironment,
  type LoadOptions,
  loadConfig,
  REDACTED,
  redactedSummary,
} from './load';
export { LOCAL_STACK_PORTS } from './local-stack';
export {
  DEFAULT_SECRET_PROVIDERS,
  environmentSecrets,
  fileSecrets,
  type SecretContext,
  type SecretProvider,
  SecretSourceError,
} from './secrets';
