import { platformMailJobs } from '../effects/mail-jobs';
import { emailProcessors } from '../processors/email';
import type { PlatformWorkerModule } from './deps';

/** The platform's mail: its jobs, from the events that ask for one, and their sending. */
export const mailWorker: PlatformWorkerModule = {
  name: 'mail',
  start: (deps) => ({
    processors: {
      email: emailProcessors({
        db: deps.database.db,
        mailer: deps.mailer,
        publicUrl: deps.config.app.publicUrl,
        invitationSecret: deps.config.auth.invitationSecret,
      }),
    },
    effects: [platformMailJobs(deps.queues.email)],
  }),
};
