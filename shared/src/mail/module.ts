import { mailConfig, smtpIngressConfig } from '../config/groups';
import { emailQueue } from '../queues/catalog';

/** Mail: the transport out and its queue, the SMTP ingress in. */
export const mailModule = {
  name: 'mail',
  config: { mail: mailConfig, smtpIngress: smtpIngressConfig },
  queues: { email: emailQueue },
} as const;
