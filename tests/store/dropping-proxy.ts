/**
 * A TCP proxy in front of PostgreSQL that can lose the answer to one statement: once armed, the first
 * connection that sends a statement containing `marker` gets the server's answer swallowed up to the end of
 * that statement (ReadyForQuery, sent after the commit), and is then cut. The statement took effect; the client
 * sees a lost connection, as after a network failure or a server restart right after a commit.
 */
import net from 'node:net';

const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

export interface DroppingProxy {
  readonly port: number;
  /** Cut the connection that next sends a statement containing `marker`, after the server answered it. */
  arm(marker: string): void;
  /** How many answers were dropped. */
  readonly dropped: number;
  close(): Promise<void>;
}

export async function droppingProxy(host: string, port: number): Promise<DroppingProxy> {
  let marker: string | undefined;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    sockets.add(client).add(upstream);
    let swallowing = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      if (marker !== undefined && chunk.includes(marker)) {
        marker = undefined;
        swallowing = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!swallowing) {
        client.write(chunk);
        return;
      }
      if (chunk.includes(READY_FOR_QUERY)) {
        dropped++;
        cut();
      }
    });
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    arm: (m) => void (marker = m),
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
