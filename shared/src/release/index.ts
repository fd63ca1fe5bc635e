export { compareVersions, RELEASE_VERSION, UNVERSIONED_RELEASE } from './version';
