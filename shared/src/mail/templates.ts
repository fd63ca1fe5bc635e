/** A rendered email: plain text and HTML with the same content. */
export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Lines of text as HTML paragraphs (user content escaped). */
export const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/** The HTML every mail shares: a title, the body, and a button for its one action. */
export function layout(
  title: string,
  body: string,
  action?: { label: string; url: string },
): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933; max-width: 560px; margin: 24px auto;">
${body}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` : ''}
<hr style="border:none;border-top:1px solid #e4e7eb"><p style="color:#7b8794;font-size:12px">InsightDesk</p>
</body></html>`;
}

export function invitationMail(p: {
  organization: string;
  inviter: string;
  role: string;
  link: string;
}): MailContent {
  const subject = `${p.inviter} invited you to ${p.organization} on InsightDesk`;
  const text = `${p.inviter} invited you to join ${p.organization} as ${p.role}.\n\nAccept the invitation:\n${p.link}\n\nIf you did not expect this, ignore this email.\n`;
  const html = layout(
    subject,
    `<p>${escapeHtml(p.inviter)} invited you to join <strong>${escapeHtml(p.organization)}</strong> as ${escapeHtml(p.role)}.</p>
<p>If you did not expect this, ignore this email.</p>`,
    { label: 'Accept the invitation', url: p.link },
  );
  return { subject, text, html };
}

export function verifyEmailMail(p: { name: string; link: string }): MailContent {
  const subject = 'Confirm your email address for InsightDesk';
  const text = `Hello ${p.name},\n\nConfirm that this is your email address:\n${p.link}\n\nThe link works for 48 hours. If you did not create an InsightDesk account, ignore this email.\n`;
  const html = layout(
    subject,
    `<p>Hello ${escapeHtml(p.name)},</p>
<p>Confirm that this is your email address. The link works for 48 hours.</p>
<p>If you did not create an InsightDesk account, ignore this email.</p>`,
    { label: 'Confirm my email', url: p.link },
  );
  return { subject, text, html };
}

export function passwordResetMail(p: { name: string; link: string }): MailContent {
  const subject = 'Reset your InsightDesk password';
  const text = `Hello ${p.name},\n\nSomeone asked to reset the password of your InsightDesk account. To choose a new one:\n${p.link}\n\nThe link works once, for 30 minutes. Resetting ends every session of your account. If you did not ask for this, ignore this email: your password stays as it is.\n`;
  const html = layout(
    subject,
    `<p>Hello ${escapeHtml(p.name)},</p>
<p>Someone asked to reset the password of your InsightDesk account. The link works once, for 30 minutes; resetting ends every session of your account.</p>
<p>If you did not ask for this, ignore this email: your password stays as it is.</p>`,
    { label: 'Choose a new password', url: p.link },
  );
  return { subject, text, html };
}

/** To an organization's admins: the platform turned one of its webhook endpoints off. */
export function webhookDisabledMail(p: {
  name: string;
  organization: string;
  url: string;
  description: string;
  reason: 'gone' | 'failing';
}): MailContent {
  const subject = `A webhook endpoint of ${p.organization} was disabled`;
  const why =
    p.reason === 'gone'
      ? 'it answered 410 Gone, which says it no longer wants deliveries'
      : 'every delivery to it has failed for days, with no success';
  const label = p.description ? `${p.description} (${p.url})` : p.url;
  const text = `Hello ${p.name},\n\nThe webhook endpoint ${label} of ${p.organization} was disabled: ${why}. Events are no longer sent to it.\n\nOnce it works again, enable it (PATCH its "enabled") and recover what it missed (POST …/recover).\n`;
  const html = layout(
    subject,
    `<p>Hello ${escapeHtml(p.name)},</p>
<p>The webhook endpoint <strong>${escapeHtml(label)}</strong> of ${escapeHtml(p.organization)} was disabled: ${escapeHtml(why)}. Events are no longer sent to it.</p>
<p>Once it works again, enable it and recover what it missed.</p>`,
  );
  return { subject, text, html };
}
