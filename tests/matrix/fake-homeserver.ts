/**
 * A fake Matrix homeserver on 127.0.0.1 for protocol tests: the Client-Server endpoints the real
 * matrix-bot-sdk and our adapter call (whoami, profile, account data, filter, joined_rooms, sync with long
 * polling, join, leave, state, joined_members, send with transaction ids). Faults (429, 5xx, hanging
 * requests) can be injected per path; the server can be stopped and started again on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeMatrix } from './fake-matrix.js';
import { syncResponse } from './fake-sync.js';

export interface Fault {
  readonly method?: string;
  readonly path: RegExp;
  /** How many matching requests fail; then the fault is used up. */
  times: number;
  /** How many matching requests pass untouched before the fault applies. */
  skip?: number;
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Never answer (until the server stops). */
  readonly hang?: boolean;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string, e.g. "?timeout=2000&since=s3". */
  readonly query: string;
  readonly at: number;
}

type Json = Record<string, unknown> | unknown[];

export class FakeHomeserver {
  readonly matrix = new FakeMatrix();
  readonly requests: LoggedRequest[] = [];
  readonly unknown: string[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes away like a crashed server: open connections are cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  fail(fault: Fault): void {
    this.faults.push(fault);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.search, at: Date.now() });
    const body = await readJson(req);
    const fault = this.faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (fault && (fault.skip ?? 0) > 0) fault.skip! -= 1;
    else if (fault) {
      fault.times -= 1;
      if (fault.hang) return;
      return send(
        res,
        fault.status ?? 500,
        (fault.body ?? { errcode: 'M_UNKNOWN', error: 'injected' }) as Json,
        fault.headers,
      );
    }
    if (url.pathname === '/_matrix/client/versions') return send(res, 200, { versions: ['v1.1', 'v1.6'] });
    if (req.headers.authorization !== `Bearer ${this.matrix.accessToken}`) {
      return send(res, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token' });
    }
    const parts = url.pathname
      .replace(/^\/_matrix\/client\/v3\//, '')
      .split('/')
      .map(decodeURIComponent);
    try {
      const answer = await this.route(method, parts, url.searchParams, body);
      if (answer) return send(res, answer[0], answer[1]);
    } catch (err) {
      return send(res, 500, { errcode: 'M_UNKNOWN', error: String(err) });
    }
    this.unknown.push(`${method} ${url.pathname}`);
    send(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
  }

  private async route(
    method: string,
    p: string[],
    qs: URLSearchParams,
    body: Record<string, unknown>,
  ): Promise<[number, Json] | undefined> {
    const m = this.matrix;
    const route = `${method} ${p[0]}`;
    if (route === 'GET account' && p[1] === 'whoami')
      return [200, { user_id: m.botUserId, device_id: 'BOTDEVICE' }];
    if (route === 'GET profile') return [200, { displayname: m.botDisplayName }];
    if (route === 'GET joined_rooms') {
      return [200, { joined_rooms: [...m.rooms.keys()].filter((id) => m.membership(id) === 'join') }];
    }
    if (p[0] === 'user' && p[2] === 'filter')
      return method === 'POST' ? [200, { filter_id: '1' }] : [200, {}];
    if (p[0] === 'user' && p[2] === 'account_data') {
      const key = p[3] ?? '';
      if (method === 'PUT') m.accountData.set(key, body);
      const data = m.accountData.get(key);
      return data === undefined
        ? [404, { errcode: 'M_NOT_FOUND', error: 'Account data not found' }]
        : [200, data as Json];
    }
    if (route === 'GET sync') {
      const since = Number((qs.get('since') ?? '').replace(/^s/, '')) || 0;
      await m.waitForItems(since, qs.has('since') ? Math.min(Number(qs.get('timeout') ?? 0), 30_000) : 0);
      return [200, syncResponse(m, qs.has('since') ? since : undefined)];
    }
    if (route === 'POST join') return this.join(p[1] ?? '');
    if (p[0] === 'rooms' && p[1]) return this.roomRoute(method, p[1], p.slice(2), body);
    return undefined;
  }

  private join(roomId: string): [number, Json] {
    const m = this.matrix;
    if (!m.rooms.has(roomId)) return [404, { errcode: 'M_NOT_FOUND', error: 'No such room' }];
    const membership = m.membership(roomId);
    if (membership !== 'invite' && membership !== 'join')
      return [403, { errcode: 'M_FORBIDDEN', error: 'You are not invited' }];
    if (membership === 'invite')
      m.state(roomId, m.botUserId, 'm.room.member', m.botUserId, { membership: 'join' });
    return [200, { room_id: roomId }];
  }

  private roomRoute(
    method: string,
    roomId: string,
    rest: string[],
    body: Record<string, unknown>,
  ): [number, Json] | undefined {
    const m = this.matrix;
    if (!m.rooms.has(roomId)) return [404, { errcode: 'M_NOT_FOUND', error: 'No such room' }];
    const joined = m.membership(roomId) === 'join';
    const forbidden: [number, Json] = [403, { errcode: 'M_FORBIDDEN', error: 'You are not in this room' }];
    const [what, a, b] = rest;
    if (method === 'POST' && what === 'join') return this.join(roomId);
    if (method === 'POST' && what === 'leave') {
      if (m.membership(roomId) !== 'leave')
        m.state(roomId, m.botUserId, 'm.room.member', m.botUserId, { membership: 'leave' });
      return [200, {}];
    }
    if (!joined) return forbidden;
    if (method === 'GET' && what === 'joined_members') {
      return [
        200,
        { joined: Object.fromEntries(m.joinedMembers(roomId).map((u) => [u, { display_name: null }])) },
      ];
    }
    if (method === 'GET' && what === 'state' && a === undefined) return [200, m.roomState(roomId)];
    if (method === 'GET' && what === 'state' && a) {
      const event = m.stateEvent(roomId, a, b ?? '');
      return event ? [200, event.content] : [404, { errcode: 'M_NOT_FOUND', error: 'Event not found' }];
    }
    if (method === 'PUT' && what === 'send' && a && b)
      return [200, { event_id: m.sendFromBot(roomId, a, b, body) }];
    return undefined;
  }
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(
          chunks.length
            ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
            : {},
        );
      } catch {
        resolve({});
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
