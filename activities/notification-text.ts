// A notification's text in its recipient's language. The workflow writes the English text with the structured
// fields beside it; a receiver configured for Urdu gets the same facts in Urdu, rendered here at delivery, so the
// workflow (and its replay) never depends on a translation.
import type { Notification } from './notification';

export type NotificationLanguage = 'en' | 'ur';

const KIND_UR: Record<Notification['kind'], string> = {
  'task-opened': 'نیا کام',
  'task-climbed': 'کام اگلے درجے پر منتقل',
  'task-acknowledged': 'کام وصول کر لیا گیا',
  'task-reassigned': 'کام دوبارہ تفویض',
  'task-resolved': 'کام نمٹا دیا گیا',
  'task-closed': 'کام بند',
  'task-withdrawn': 'کام واپس لے لیا گیا',
  'task-overdue-at-top': 'آخری درجے پر بھی مہلت گزر گئی',
  'task-sla-moved': 'کام کی مہلت آگے بڑھ گئی',
};

/** The ladders' roles as their offices are called in Urdu (transliterated titles, as the services use them). */
const ROLE_UR: Readonly<Record<string, string>> = {
  io: 'تفتیشی افسر',
  sho: 'ایس ایچ او',
  sdpo: 'ایس ڈی پی او',
  sp_investigation: 'ایس پی انویسٹی گیشن',
  dpo: 'ڈی پی او',
  adpp: 'اے ڈی پی پی',
  ddpp: 'ڈی ڈی پی پی',
  dpp: 'ڈی پی پی',
  prosecutor_general: 'پراسیکیوٹر جنرل',
};

const dueUr = (at: number): string =>
  new Intl.DateTimeFormat('ur-PK', { timeZone: 'Asia/Karachi', dateStyle: 'long', timeStyle: 'short' }).format(new Date(at));

export function notificationText(n: Notification, language: NotificationLanguage): string {
  if (language === 'en') return n.text;
  const cause = n.cause === undefined ? '' : n.cause.kind === 'clock-breach' ? `: مدت ${n.cause.clockId} گزر گئی` : `: جانچ ${n.cause.gateId} بار بار ناکام`;
  const role = ROLE_UR[n.to.role] ?? n.to.role;
  const due = n.slaDueAt === null ? '' : `؛ کارروائی کی آخری تاریخ ${dueUr(n.slaDueAt)}`;
  return `${KIND_UR[n.kind]}${cause} (درجہ ${n.level}، ${role})${due}`;
}
