/**
 * A fake Telegram Bot API for the fan-out benchmark, run as a child process so its work does not skew the
 * bot's event loop. It enforces a limit (at most LIMIT sendMessage per sliding second overall, one per second
 * per chat) and answers 429 with retry_after like Telegram does; GET /stats returns the counts. With
 * FAKE_PAID_LIMIT, a send with allow_paid_broadcast may go up to that many per second instead (both kinds
 * counted in one window, as tests/telegram/support/bot-api-rules.ts does), and /stats counts them as paid.
 */
import { createServer } from 'node:http';

const LIMIT = Number(process.env.FAKE_LIMIT ?? 1000);
const PAID_LIMIT = process.env.FAKE_PAID_LIMIT ? Number(process.env.FAKE_PAID_LIMIT) : undefined;
const arrivals: number[] = [];
let sent = 0;
let paid = 0;
let tooMany = 0;
const perChat = new Map<number, number>();
let duplicates = 0;
let firstAt = 0;
let lastAt = 0;
/** Wall-clock time of every accepted send, for "first send after" (the takeover measurement). */
const sendTimes: number[] = [];

const ok = (result: unknown) => JSON.stringify({ ok: true, result });
const me = {
  id: 1,
  is_bot: true,
  first_name: 'Bench',
  username: 'bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const url = req.url ?? '/';
    res.setHeader('content-type', 'application/json');
    if (url === '/stats')
      return void res.end(
        JSON.stringify({ sent, paid, tooMany, duplicates, chats: perChat.size, firstAt, lastAt }),
      );
    if (url.startsWith('/first-after?')) {
      const t = Number(new URLSearchParams(url.slice(url.indexOf('?') + 1)).get('t'));
      return void res.end(JSON.stringify({ at: sendTimes.find((x) => x >= t) ?? null }));
    }
    if (url === '/reset') {
      arrivals.length = 0;
      sendTimes.length = 0;
      sent = paid = tooMany = duplicates = firstAt = lastAt = 0;
      perChat.clear();
      return void res.end('{}');
    }
    const method = url.split('/')[2] ?? '';
    if (method === 'getMe') return void res.end(ok(me));
    if (method !== 'sendMessage') return void res.end(ok(true));
    const params = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(body || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(body));
    const chat = Number(params.chat_id);
    const now = performance.now();
    while (arrivals.length && arrivals[0]! <= now - 1000) arrivals.shift();
    const lastForChat = perChat.get(chat);
    const flagged = PAID_LIMIT !== undefined && params.allow_paid_broadcast === true;
    if (
      arrivals.length >= (flagged ? PAID_LIMIT : LIMIT) ||
      (lastForChat !== undefined && now - lastForChat < 1000)
    ) {
      tooMany++;
      res.statusCode = 429;
      return void res.end(
        JSON.stringify({
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: 1 },
        }),
      );
    }
    arrivals.push(now);
    if (lastForChat !== undefined) duplicates++;
    perChat.set(chat, now);
    sent++;
    if (flagged) paid++;
    firstAt ||= Date.now();
    lastAt = Date.now();
    sendTimes.push(lastAt);
    res.end(
      ok({
        message_id: sent,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat, type: 'private' },
        text: typeof params.text === 'string' ? params.text : '',
      }),
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
