// Notifications to supervisors about their tasks. They name roles and jurisdictions, never people: who holds a
// role is the department's directory's business, and personal data stays out of the outbox.
import { OnceFileStore } from './once-file-store';

export interface Notification {
  /** Idempotency key: a notification with an id already sent is not sent again. */
  id: string;
  kind: 'task-opened' | 'task-climbed' | 'task-acknowledged' | 'task-reassigned' | 'task-resolved' | 'task-closed' | 'task-withdrawn' | 'task-overdue-at-top' | 'task-sla-moved';
  to: { role: string; province: string; district: string; policeStation: string };
  caseId: string;
  taskId: string;
  level: number;
  slaDueAt: number | null;
  /** In English; receivers in another language get it rendered from the fields (notification-text.ts). */
  text: string;
  /** What raised the task (absent in notifications sent before it was recorded). */
  cause?: { kind: 'clock-breach'; clockId: string } | { kind: 'gate-failure'; gateId: string };
}

/** Pluggable delivery (SMS gateway, e-mail, the CMMS inbox). `send` must be idempotent by `notification.id`. */
export interface NotificationSender {
  send(notification: Notification): Promise<'sent' | 'already-sent'>;
}

/** The default sender: a local outbox directory another process (or a person) drains. */
export function fileOutbox(directory: string): NotificationSender & { store: OnceFileStore<Notification> } {
  const store = new OnceFileStore<Notification>(directory);
  return {
    store,
    async send(notification) {
      return (await store.put(notification.id, notification)) === 'written' ? 'sent' : 'already-sent';
    },
  };
}
