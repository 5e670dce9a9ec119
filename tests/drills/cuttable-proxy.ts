/**
 * A TCP proxy in front of PostgreSQL that the test can cut and restore: cut() destroys every connection
 * through it and stops listening (new connections are refused, as with a stopped server or a dead network
 * path); restore() listens again on the same port. The shared PostgreSQL itself is never touched.
 */
import net from 'node:net';

export interface CuttableProxy {
  readonly port: number;
  readonly url: (database: string) => string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function cuttableProxy(host: string, port: number): Promise<CuttableProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    sockets.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.pipe(upstream).pipe(client);
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  });
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const own = (server.address() as net.AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    port: own,
    url: (database) => `postgres://postgres@127.0.0.1:${own}/${database}`,
    cut: stop,
    restore: () => listen(own),
    close: stop,
  };
}
