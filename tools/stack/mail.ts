import PostalMime from 'postal-mime';
import { readMaildir } from './maildir';
import { say, table } from './output';
import { paths } from './paths';

/**
 * `./stack mail [N] [--text]`: the latest messages the local SMTP catcher received; with
 * `--text`, each one's decoded text part too (to follow an invitation link by hand).
 */
export async function listMail(args: readonly string[]) {
  const text = args.includes('--text');
  const count = Number(args.find((a) => a !== '--text') ?? 10);
  const messages = readMaildir(paths.mail).slice(
    0,
    Number.isFinite(count) && count > 0 ? count : 10,
  );
  if (messages.length === 0) {
    say('no mail yet (the catcher stores messages in .data/mail/)');
    return;
  }
  const row = (m: (typeof messages)[number]) => [
    m.receivedAt.toISOString().replace('T', ' ').slice(0, 19),
    m.headers.from ?? '',
    m.headers.to ?? '',
    m.headers.subject ?? '',
  ];
  if (!text) {
    console.log(table([['RECEIVED', 'FROM', 'TO', 'SUBJECT'], ...messages.map(row)]));
    say(`files: ${paths.mail}/new/`);
    return;
  }
  for (const m of messages) {
    const [received, from, to, subject] = row(m);
    const body = (await PostalMime.parse(m.raw)).text ?? '(no text part)';
    console.log(`── ${received}  ${from} → ${to}\n   ${subject}\n\n${body.trimEnd()}\n`);
  }
}
