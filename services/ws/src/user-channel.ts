import type { Logger } from '@insightdesk/shared/logger';
import { decodeNotificationMessage, NOTIFICATION_CHANNEL } from '@insightdesk/shared/realtime';
import type { Redis } from '@insightdesk/shared/valkey';
import type { AppServer } from './types';

/**
 * Each user's private channel: a notification published for them reaches every socket of theirs
 * on this instance (room `user:{id}`, joined at the handshake), whatever organizations those
 * subscribed to. Every instance hears every notification and hands it to its own sockets.
 */
export function deliverNotifications(io: AppServer, connection: Redis, logger: Logger) {
  connection.on('message', (channel: string, raw: string) => {
    if (channel !== NOTIFICATION_CHANNEL) return;
    const message = decodeNotificationMessage(raw);
    if (!message) return logger.warn('notification of an unknown shape ignored');
    io.local.to(`user:${message.userId}`).emit('notification.created', message.notification);
  });
  const subscribe = () =>
    void connection
      .subscribe(NOTIFICATION_CHANNEL)
      .catch((err) => logger.warn({ err }, 'notification channel not subscribed'));
  connection.on('ready', subscribe);
  if (connection.status === 'ready') subscribe();
}
