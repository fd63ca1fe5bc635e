import { compareVersions, UNVERSIONED_RELEASE } from '../release/version';
import type { Redis } from '../valkey';
import { readHeartbeats } from './heartbeat';

// Which releases are running now, from the instances' heartbeats (each beat carries the
// instance's release; one without it runs a release from before versions were reported). During
// a rolling upgrade two releases run side by side: a writer uses a message, a job or a schedule
// that only the newer release reads once no instance of an older one is left to receive it.

/** Each live instance of `services` with the release it runs. */
export async function fleetReleases(
  valkey: Redis,
  services: readonly string[],
): Promise<{ service: string; instance: string; version: string }[]> {
  const beats = await Promise.all(services.map((s) => readHeartbeats(valkey, s)));
  return beats.flatMap((list, i) =>
    list.map((beat) => ({
      service: services[i] as string,
      instance: beat.instance,
      version: typeof beat.version === 'string' ? beat.version : UNVERSIONED_RELEASE,
    })),
  );
}

/** Whether every live instance of `services` runs `version` or a later release. */
export async function fleetRuns(
  valkey: Redis,
  services: readonly string[],
  version: string,
): Promise<boolean> {
  const fleet = await fleetReleases(valkey, services);
  return fleet.every((i) => compareVersions(i.version, version) >= 0);
}
