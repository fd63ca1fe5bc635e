import { readMaildir } from './maildir';
import { say, table } from './output';
import { paths } from './paths';

/** `./stack mail [N]`: the latest messages the local SMTP catcher received. */
export function listMail(count: number) {
  const messages = readMaildir(paths.mail).slice(
    0,
    Number.isFinite(count) && count > 0 ? count : 10,
  );
  if (messages.length === 0) {
    say('no mail yet (the catcher stores messages in .data/mail/)');
    return;
  }
  console.log(
    table([
      ['RECEIVED', 'FROM', 'TO', 'SUBJECT'],
      ...messages.map((m) => [
        m.receivedAt.toISOString().replace('T', ' ').slice(0, 19),
        m.headers.from ?? '',
        m.headers.to ?? '',
        m.headers.subject ?? '',
      ]),
    ]),
  );
  say(`files: ${paths.mail}/new/`);
}
