import { join } from 'node:path';
import { toYaml } from '../../monitoring/yaml';
import type { MonitoringLayout, Targets } from './layout';

/** The timing of one monitoring set: the stack's (seconds), or a drill's (every second). */
export interface Timing {
  readonly scrapeInterval: string;
  /**
   * postgres_exporter's: it answers in about a second when its server is down (pg_up 0), so a
   * drill's second would time its scrape out and lose the very sample that says so.
   */
  readonly databaseScrapeInterval: string;
  readonly evaluationInterval: string;
  /** Alertmanager: wait before a group's first notification, and between its updates. */
  readonly groupWait: string;
  readonly groupInterval: string;
}

export const STACK_TIMING: Timing = {
  scrapeInterval: '5s',
  databaseScrapeInterval: '5s',
  evaluationInterval: '5s',
  groupWait: '10s',
  groupInterval: '1m',
};

const GENERATED =
  '# Written by ./stack (tools/stack/monitoring/configs.ts) at each start: edit there.\n';

const staticJob = (job: string, targets: readonly { instance: string; address: string }[]) => ({
  job_name: job,
  // The services label their own series (`service`, `instance`): theirs stand.
  honor_labels: true,
  static_configs: targets.map((t) => ({ targets: [t.address], labels: { instance: t.instance } })),
});

const probeJob = (job: string, module: string, target: string, blackbox: number) => ({
  job_name: job,
  metrics_path: '/probe',
  params: { module: [module] },
  static_configs: [{ targets: [target] }],
  relabel_configs: [
    { source_labels: ['__address__'], target_label: '__param_target' },
    { source_labels: ['__param_target'], target_label: 'instance' },
    { target_label: '__address__', replacement: `127.0.0.1:${blackbox}` },
  ],
});

export function prometheusConfig(
  layout: MonitoringLayout,
  targets: Targets,
  ruleFiles: readonly string[],
  timing: Timing,
): string {
  const local = (port: number) => `127.0.0.1:${port}`;
  return toYaml(
    {
      global: {
        scrape_interval: timing.scrapeInterval,
        evaluation_interval: timing.evaluationInterval,
        scrape_timeout: timing.scrapeInterval,
      },
      rule_files: [...ruleFiles],
      alerting: {
        alertmanagers: [{ static_configs: [{ targets: [local(layout.alertmanagerPort)] }] }],
      },
      scrape_configs: [
        staticJob('api', targets.api),
        staticJob('ws', targets.ws),
        staticJob('worker', targets.worker),
        staticJob('inbound', targets.inbound),
        {
          ...staticJob(
            'postgres',
            targets.postgres.map((pg, i) => ({
              instance: pg.name,
              address: local(layout.postgresExporterPort + i),
            })),
          ),
          scrape_interval: timing.databaseScrapeInterval,
          scrape_timeout: timing.databaseScrapeInterval,
        },
        staticJob('valkey', [{ instance: 'valkey', address: local(layout.redisExporterPort) }]),
        staticJob('node', [{ instance: 'localhost', address: local(layout.nodeExporterPort) }]),
        ...(targets.https
          ? [probeJob('blackbox-https', 'https_edge', targets.https, layout.blackboxPort)]
          : []),
        ...(targets.smtp
          ? [probeJob('blackbox-smtp', 'smtp_starttls', targets.smtp, layout.blackboxPort)]
          : []),
        staticJob('prometheus', [
          { instance: 'prometheus', address: local(layout.prometheusPort) },
        ]),
        staticJob('alertmanager', [
          { instance: 'alertmanager', address: local(layout.alertmanagerPort) },
        ]),
      ] as never,
    },
    GENERATED,
  );
}

/** Every alert to the local receiver, firing and resolved, one notification per alert name. */
export function alertmanagerConfig(layout: MonitoringLayout, timing: Timing): string {
  return toYaml(
    {
      route: {
        receiver: 'local',
        group_by: ['alertname'],
        group_wait: timing.groupWait,
        group_interval: timing.groupInterval,
        repeat_interval: '4h',
      },
      receivers: [
        {
          name: 'local',
          webhook_configs: [
            { url: `http://127.0.0.1:${layout.receiverPort}/alerts`, send_resolved: true },
          ],
        },
      ],
    },
    GENERATED,
  );
}

/** The edge's HTTPS and the SMTP ingress's STARTTLS, each trusting the stack's CA only. */
export function blackboxConfig(caFile: string): string {
  const tls = { ca_file: caFile, server_name: 'localhost' };
  return toYaml(
    {
      modules: {
        https_edge: {
          prober: 'http',
          timeout: '5s',
          http: {
            preferred_ip_protocol: 'ip4',
            valid_status_codes: [200],
            tls_config: tls,
          },
        },
        smtp_starttls: {
          prober: 'tcp',
          timeout: '5s',
          tcp: {
            preferred_ip_protocol: 'ip4',
            query_response: [
              { expect: '^220 ' },
              { send: 'EHLO monitoring\r\n' },
              { expect: '^250[ -]STARTTLS' },
              { send: 'STARTTLS\r\n' },
              { expect: '^220' },
              { starttls: true },
              { send: 'QUIT\r\n' },
            ],
            tls_config: tls,
          },
        },
      },
    } as never,
    GENERATED,
  );
}

/** The configuration files of a set, by where they are written. */
export const configFiles = (layout: MonitoringLayout) => ({
  prometheus: join(layout.dir, 'prometheus.yml'),
  alertmanager: join(layout.dir, 'alertmanager.yml'),
  blackbox: join(layout.dir, 'blackbox.yml'),
});
