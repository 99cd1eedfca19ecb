// Notifications reach each receiving office in its language: an Urdu receiver gets the task's facts in Urdu (kind,
// cause, level, role, SLA), an English one the workflow's own text; a receivers file naming another language is
// refused with the field named.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../activities/notification';
import { loadWebhookReceivers, webhookSender } from '../../activities/webhook-sender';

const SECRET = 'x'.repeat(40);
const received: { language: string; notification: Notification }[] = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push(JSON.parse(body) as { language: string; notification: Notification });
    res.end('ok');
  });
});
const listening = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-lang-'));
afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const notification: Notification = {
  id: 'task/x@opened:1:1',
  kind: 'task-opened',
  to: { role: 'sho', province: 'punjab', district: 'lahore', policeStation: 'model-town' },
  caseId: 'case/punjab/lahore/model-town/1-2026',
  taskId: 'task/x',
  level: 1,
  slaDueAt: Date.UTC(2026, 2, 20, 7, 0),
  text: 'task opened: clock interim-report breached (level 1, sho)',
  cause: { kind: 'clock-breach', clockId: 'interim-report' },
};

describe('notifications in the recipient\u2019s language', () => {
  it('sends Urdu to an Urdu office and the English text to an English one', async () => {
    const url = await listening;
    const sender = webhookSender({
      receivers: [
        { id: 'punjab-cfms-ur', province: 'punjab', url, secret: SECRET, language: 'ur' },
        { id: 'punjab-cfms-en', province: 'punjab', url, secret: SECRET },
      ],
      dataDir: dir,
      attempt: () => 1,
    });
    expect(await sender.send(notification)).toBe('sent');
    const ur = received.find((r) => r.language === 'ur')!;
    const en = received.find((r) => r.language === 'en')!;
    expect(en.notification.text).toBe(notification.text);
    expect(ur.notification.text).toContain('نیا کام');
    expect(ur.notification.text).toContain('ایس ایچ او');
    expect(ur.notification.text).toContain('interim-report');
    expect(ur.notification.text).toContain('مارچ'); // 20 March 2026, in Pakistan's time
    expect(ur.notification.text).not.toContain('task opened');
    // The structured fields are the same for both: only the words differ.
    expect({ ...ur.notification, text: '' }).toEqual({ ...en.notification, text: '' });
  });

  it('refuses a receivers file that names a language sopflow does not write, naming the field', () => {
    const file = path.join(dir, 'receivers.json');
    fs.writeFileSync(file, JSON.stringify({ receivers: [{ id: 'a', province: 'punjab', url: 'http://127.0.0.1:1/x', secret: SECRET, language: 'fr' }] }));
    expect(() => loadWebhookReceivers(file)).toThrow(/receivers\.0\.language/);
  });
});
