import type { RuleProfile } from '../profile';
import { alert, type RuleGroup } from '../rule';

/** The services' instances, the edge's certificate and the hosts' disks. */
export const SERVICE_JOBS = 'api|ws|worker|inbound';

export function platformRules(p: RuleProfile): RuleGroup[] {
  return [
    {
      name: 'insightdesk-platform.alerts',
      rules: [
        alert({
          name: 'ServiceDown',
          expr: `sum by (job) (up{job=~"${SERVICE_JOBS}"}) == 0`,
          for: p.d('2m'),
          severity: 'page',
          summary: 'No {{ $labels.job }} instance answers its scrape',
          description:
            'Every instance of {{ $labels.job }} is down: for the api, nothing is served; for ws, no live events; for the workers, no mail, jobs or relay; for inbound, no mail comes in.',
        }),
        alert({
          name: 'InstanceDown',
          expr: `up{job=~"${SERVICE_JOBS}"} == 0`,
          for: p.d('10m'),
          severity: 'ticket',
          summary: '{{ $labels.instance }} ({{ $labels.job }}) has not answered for 10 minutes',
          description:
            'One instance is down while others serve: capacity is lower and a second loss is an outage.',
        }),
        alert({
          name: 'MonitoringTargetDown',
          expr: `up{job!~"${SERVICE_JOBS}"} == 0`,
          for: p.d('10m'),
          severity: 'ticket',
          summary: 'Prometheus cannot scrape {{ $labels.instance }} ({{ $labels.job }})',
          description:
            'An exporter or a part of the monitoring does not answer (or answers an error): the alerts that read it cannot fire while it is down.',
        }),
        alert({
          name: 'EdgeProbeFailing',
          expr: 'probe_success{job="blackbox-https"} == 0',
          for: p.d('2m'),
          severity: 'page',
          summary: 'The public HTTPS endpoint {{ $labels.instance }} fails its probe',
          description:
            "A request through the edge (TLS, nginx, an api instance's /health/live) fails from the monitoring host.",
        }),
        alert({
          name: 'CertificateExpiringSoon',
          expr: `min by (instance) (probe_ssl_earliest_cert_expiry) - time() < ${p.s(14 * 86400)}`,
          for: p.d('1h'),
          severity: 'ticket',
          summary: 'The certificate of {{ $labels.instance }} expires in less than 14 days',
          description:
            'Renewal did not happen (or did not reach the server): clients will refuse it.',
        }),
        alert({
          name: 'CertificateExpiring',
          expr: `min by (instance) (probe_ssl_earliest_cert_expiry) - time() < ${p.s(3 * 86400)}`,
          for: p.d('10m'),
          severity: 'page',
          summary: 'The certificate of {{ $labels.instance }} expires in less than 3 days',
          description: 'Clients refuse an expired certificate: the site and the SMTP ingress stop.',
        }),
        alert({
          name: 'DiskFillingUp',
          expr: `(\n  node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"}\n  /\n  node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}\n) < 0.15\nand\npredict_linear(node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"}[${p.d('6h')}], ${p.s(24 * 3600)}) < 0`,
          for: p.d('30m'),
          severity: 'ticket',
          summary: '{{ $labels.mountpoint }} on {{ $labels.instance }} will be full within a day',
          description:
            'Less than 15% left and filling: PostgreSQL (and its WAL), Valkey (its AOF) and the logs write there.',
        }),
        alert({
          name: 'DiskAlmostFull',
          expr: `(\n  node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"}\n  /\n  node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}\n) < 0.05`,
          for: p.d('5m'),
          severity: 'page',
          summary: 'Less than 5% left on {{ $labels.mountpoint }} of {{ $labels.instance }}',
          description:
            'PostgreSQL stops accepting writes when it cannot write WAL; Valkey stops when it cannot append to its AOF.',
        }),
      ],
    },
  ];
}
