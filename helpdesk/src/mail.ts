import { escapeHtml, layout, type MailContent, paragraphs } from '@insightdesk/shared/mail';

/** The help desk's mails, in the platform's layout (plain text and HTML with the same content). */

export function ticketConfirmationMail(p: {
  number: number;
  subject: string;
  body: string;
  link: string;
}): MailContent {
  const subject = `[#${p.number}] We received your request: ${p.subject}`;
  const text = `We received your request #${p.number} and will get back to you.\n\n${p.subject}\n\n${p.body}\n\nFollow it here: ${p.link}\n`;
  const html = layout(
    subject,
    `<p>We received your request <strong>#${p.number}</strong> and will get back to you.</p>
<h3>${escapeHtml(p.subject)}</h3>
${paragraphs(p.body)}`,
    { label: 'Follow your request', url: p.link },
  );
  return { subject, text, html };
}

export function newTicketForAgentsMail(p: {
  number: number;
  subject: string;
  body: string;
  requester: string;
  organization: string;
  link: string;
}): MailContent {
  const subject = `[${p.organization} #${p.number}] New ticket from ${p.requester}: ${p.subject}`;
  const text = `${p.requester} opened ticket #${p.number} in ${p.organization}.\n\n${p.subject}\n\n${p.body}\n\nOpen it: ${p.link}\n`;
  const html = layout(
    subject,
    `<p>${escapeHtml(p.requester)} opened ticket <strong>#${p.number}</strong> in ${escapeHtml(p.organization)}.</p>
<h3>${escapeHtml(p.subject)}</h3>
${paragraphs(p.body)}`,
    { label: 'Open the ticket', url: p.link },
  );
  return { subject, text, html };
}

export function replyMail(p: {
  number: number;
  subject: string;
  author: string;
  body: string;
  link: string;
}): MailContent {
  const subject = `Re: [#${p.number}] ${p.subject}`;
  const text = `${p.author} replied to your request #${p.number}:\n\n${p.body}\n\nReply here: ${p.link}\n`;
  const html = layout(
    subject,
    `<p>${escapeHtml(p.author)} replied to your request <strong>#${p.number}</strong>:</p>
${paragraphs(p.body)}`,
    { label: 'See the conversation', url: p.link },
  );
  return { subject, text, html };
}

export function exportReadyMail(p: {
  organization: string;
  lines: number;
  link: string;
  hours: number;
}): MailContent {
  const subject = `Your export of ${p.organization} is ready`;
  const text = `The export of ${p.organization} you asked for is ready: ${p.lines} tickets, with their messages, as JSON Lines (gzip).\n\nDownload it (the link works for ${p.hours} hours):\n${p.link}\n`;
  const html = layout(
    subject,
    `<p>The export of <strong>${escapeHtml(p.organization)}</strong> you asked for is ready: ${p.lines} tickets, with their messages, as JSON Lines (gzip).</p>
<p>The link works for ${p.hours} hours.</p>`,
    { label: 'Download the export', url: p.link },
  );
  return { subject, text, html };
}

const TARGET_NAMES = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
} as const;

/** A service-level warning or breach, to the ticket's assignee. */
export function slaAlertMail(p: {
  kind: 'warning' | 'breached';
  target: keyof typeof TARGET_NAMES;
  number: number;
  subject: string;
  dueAt: string;
  link: string;
}): MailContent {
  const what = TARGET_NAMES[p.target];
  const subject =
    p.kind === 'breached'
      ? `[#${p.number}] Breached: ${what} was due ${p.dueAt}`
      : `[#${p.number}] Due soon: ${what} at ${p.dueAt}`;
  const line =
    p.kind === 'breached'
      ? `The ${what} target of ticket #${p.number} was due at ${p.dueAt} and is missed.`
      : `The ${what} target of ticket #${p.number} falls due at ${p.dueAt}.`;
  const text = `${line}\n\n${p.subject}\n\nOpen it: ${p.link}\n`;
  const html = layout(subject, `<p>${escapeHtml(line)}</p>\n<h3>${escapeHtml(p.subject)}</h3>`, {
    label: 'Open the ticket',
    url: p.link,
  });
  return { subject, text, html };
}
