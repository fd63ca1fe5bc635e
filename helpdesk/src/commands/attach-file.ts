import { rm } from 'node:fs/promises';
import type { ReceivedFile } from '@insightdesk/shared/api';
import type { Executor } from '@insightdesk/shared/db';
import { attachmentKey, type Storage } from '@insightdesk/shared/storage';
import type { Access } from '../access';
import { type AttachmentRow, createAttachment } from '../attachments';

/** What the route does with the row's writing: its answer, and whether this request's row is kept. */
export interface Recorded<R> {
  readonly answer: R;
  /** False when nothing of this request was committed: a refusal, or a replay of an earlier one. */
  readonly kept: boolean;
}

/**
 * A received file attached to a ticket. The file is stored first, under a key of its own (the
 * upload's scratch copy is removed whatever happens), then its row and `attachment.created` are
 * written in one transaction, which the caller runs where it answers (the route: inside its
 * Idempotency-Key handling, once the file's hash is known). A stored file whose row is not
 * committed — an error, a refusal, a replayed request — is deleted again: no file without a row.
 */
export async function attachFile<R>(
  deps: { readonly storage: Storage },
  scope: Access,
  ticketId: string,
  file: ReceivedFile,
  record: (create: (db: Executor) => Promise<AttachmentRow>) => Promise<Recorded<R>>,
): Promise<R> {
  const id = Bun.randomUUIDv7();
  const key = attachmentKey(scope.orgId, id);
  try {
    await deps.storage.putFile(key, file.path, file.contentType);
  } finally {
    await rm(file.path, { force: true }); // moved by putFile unless it failed
  }
  const discard = () => deps.storage.delete(key).catch(() => undefined);
  const create = (db: Executor) =>
    db.transaction((tx) => createAttachment(tx, scope, ticketId, { id, ...file, storageKey: key }));
  const recorded = await record(create).catch(async (err) => {
    await discard();
    throw err;
  });
  if (!recorded.kept) await discard();
  return recorded.answer;
}
