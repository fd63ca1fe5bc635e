import manifest from '../../../package.json';

/**
 * This release's semantic version: the root package.json's `version`, the one source of it. A
 * release is cut by setting it and recording the release's commit in CHANGELOG.md; between
 * releases it is the next one's pre-release (`1.1.0-dev`). The services report it in their full
 * `/health` and their heartbeats, the image in its `org.opencontainers.image.version` label.
 */
export const RELEASE_VERSION: string = manifest.version;

/** What an instance that reports no version runs: the releases before versions were reported. */
export const UNVERSIONED_RELEASE = '1.0.0';

/** Semantic-version precedence (pre-releases before their release): <0, 0 or >0. */
export const compareVersions = (a: string, b: string): number => Bun.semver.order(a, b);
