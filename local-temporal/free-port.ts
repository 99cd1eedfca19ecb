import net from 'node:net';

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not obtain a free port'));
      });
    });
  });
}

function tryListen(port: number): Promise<'free' | 'in-use'> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve('in-use') : reject(err)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve('free')));
  });
}

/**
 * Fails when a port stays taken: otherwise our readiness probe could talk to someone else's server. A server
 * killed a moment ago (a crash, a restart) can hold its port for a little while after the kill returns, so the
 * port is given `graceMs` to come free before that is called someone else's.
 */
export async function assertPortFree(port: number, hint: string, graceMs = 5_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    if ((await tryListen(port)) === 'free') return;
    if (Date.now() >= deadline) throw new Error(`port ${port} is already in use; ${hint}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
