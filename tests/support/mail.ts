import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { DATA, eventually } from './stack';

export interface Mail {
  readonly file: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly template: string;
}

const parsed = new Map<string, Mail>();

/** Every message the SMTP catcher stored (Maildir under .data/mail), parsed. */
export async function allMail(): Promise<Mail[]> {
  const out: Mail[] = [];
  for (const sub of ['new', 'cur']) {
    const dir = join(DATA, 'mail', sub);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {}
    for (const name of names) {
      const file = join(dir, name);
      let mail = parsed.get(file);
      if (!mail) {
        const email = await PostalMime.parse(readFileSync(file));
        mail = {
          file,
          to: (email.to ?? []).map((a) => (a.address ?? '').toLowerCase()),
          subject: email.subject ?? '',
          text: email.text ?? '',
          html: email.html ?? '',
          messageId: email.messageId ?? '',
          template: email.headers.find((h) => h.key === 'x-insightdesk-template')?.value ?? '',
        };
        parsed.set(file, mail);
      }
      out.push(mail);
    }
  }
  return out;
}

export async function mailTo(address: string): Promise<Mail[]> {
  return (await allMail()).filter((m) => m.to.includes(address.toLowerCase()));
}

/** Waits until `address` has received `count` messages (matching `filter`), and returns them. */
export async function waitForMail(
  address: string,
  count = 1,
  filter: (m: Mail) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<Mail[]> {
  return eventually(
    async () => {
      const found = (await mailTo(address)).filter(filter);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
    200,
  );
}
