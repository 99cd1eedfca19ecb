// A source system's webhook endpoint on loopback for the crash campaign: checks each delivery's signature by the
// documented recipe (activities/webhook-sender.ts), dedupes on the idempotency key as a receiver must, and keeps
// every arrival, so the campaign can tell a redelivery (at least once, by design) from a second notification.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../activities/webhook-sender';

export interface Arrival {
  id: string;
  kind: string;
  taskId: string;
  at: number;
}

export interface WebhookReceiverLedger {
  url: string;
  /** Every signed delivery, in arrival order (a redelivered id appears more than once). */
  arrivals: Arrival[];
  /** Deliveries refused: bad signature, or a body whose id is not its idempotency key. */
  refused: number;
  /** Ids acted on: the first arrival of each. */
  actedOn: Set<string>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiverLedger> {
  const arrivals: Arrival[] = [];
  const actedOn = new Set<string>();
  let refused = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[SIGNATURE_HEADER];
      const check = verifyWebhookSignature({ secret, header: Array.isArray(header) ? header[0] : header, body });
      let parsed: { id?: unknown; kind?: unknown; notification?: { taskId?: unknown } } = {};
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        // refused below
      }
      const id = req.headers[IDEMPOTENCY_HEADER];
      if (!check.ok || typeof parsed.id !== 'string' || parsed.id !== id) {
        refused++;
        res.writeHead(400).end();
        return;
      }
      arrivals.push({ id: parsed.id, kind: String(parsed.kind), taskId: String(parsed.notification?.taskId), at: Date.now() });
      actedOn.add(parsed.id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sopflow`,
    arrivals,
    get refused() {
      return refused;
    },
    actedOn,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
