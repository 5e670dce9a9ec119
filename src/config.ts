/**
 * Configuration from environment variables (and an optional .env file), parsed once at start-up.
 * A wrong value stops start-up with a message that names the variable and what is expected.
 */
import { z } from 'zod';
import { selectLanguages, type Languages } from './content/languages.js';

import { ConfigError } from './config-error.js';

export { ConfigError };

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

const numberText = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'must be a number')
  .transform(Number);

function positive(fallback: number) {
  return optionalString
    .pipe(numberText.pipe(z.number().positive('must be greater than 0')).optional())
    .transform((v) => v ?? fallback);
}

const httpUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
  .transform((s) => s.replace(/\/+$/, ''));

const contentStaleDays = optionalString
  .pipe(
    numberText
      .pipe(z.number().int('must be a whole number of days').min(1, 'must be at least 1 (days)'))
      .optional(),
  )
  .transform((v) => v ?? 90);

/** A comma-separated list of registered language codes; each must exist and the default must be in it. */
const languageList = optionalString
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean)
      : undefined,
  )
  .superRefine((codes, ctx) => {
    try {
      selectLanguages(codes);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

const schema = z.object({
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).default('json'),
  CONTENT_DIR: z.string().trim().min(1).default('content'),
  DATA_DIR: z.string().trim().min(1).default('data'),
  /** Telegram: the token from @BotFather. */
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA... (the token from @BotFather)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: httpUrl.default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(httpUrl.optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'may only contain A-Z, a-z, 0-9, _ and - (1 to 256 characters)')
      .optional(),
  ),
  MATRIX_HOMESERVER_URL: optionalString.pipe(httpUrl.optional()),
  MATRIX_ACCESS_TOKEN: optionalString,
  MATRIX_ALLOWED_SERVERS: optionalString.transform((s) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  ),
  MATRIX_E2EE: bool(false),
  /** Force the terminal chat even when a platform is configured (handy for trying content). */
  TERMINAL: bool(false),
  /** PostgreSQL instead of the SQLite file, for several bot processes sharing the work. */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL, e.g. postgres://bot@db:5432/bot')
      .optional(),
  ),
  DATABASE_SCHEMA: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
      .optional(),
  ),
  HTTP_PORT: optionalString.pipe(
    numberText
      .pipe(z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535'))
      .optional(),
  ),
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** The operator's listener for /metrics (and /healthz, /readyz); off unless set. */
  METRICS_PORT: optionalString.pipe(
    numberText
      .pipe(z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535'))
      .optional(),
  ),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** With it, /metrics needs `Authorization: Bearer <token>` (and is served on HTTP_PORT if METRICS_PORT is unset). */
  METRICS_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9 and ._~+/=-')
      .optional(),
  ),
  TELEGRAM_RATE_PER_SECOND: positive(30),
  TELEGRAM_RATE_PER_CHAT_SECONDS: positive(1),
  /**
   * Paid broadcasts (Telegram's allow_paid_broadcast): reminders and announcements at up to 1,000 a second for
   * 0.1 Stars each, paid from the bot's Stars balance, within TELEGRAM_PAID_MAX_STARS per calendar month (UTC).
   */
  TELEGRAM_PAID_BROADCAST: bool(false),
  TELEGRAM_PAID_RATE_PER_SECOND: optionalString
    .pipe(
      numberText
        .pipe(
          z
            .number()
            .positive('must be greater than 0')
            .max(1000, 'must be at most 1000 (Telegram’s paid limit)'),
        )
        .optional(),
    )
    .transform((v) => v ?? 1000),
  TELEGRAM_PAID_MAX_STARS: optionalString.pipe(
    numberText.pipe(z.number().min(0.1, 'must be at least 0.1 (Stars; one paid message)')).optional(),
  ),
  MATRIX_RATE_PER_SECOND: positive(10),
  MATRIX_RATE_PER_ROOM_SECONDS: positive(1),
  /** Days after which sent, failed and skipped reminders are deleted. */
  RETENTION_DAYS: positive(30),
  /** Topics whose "checked" date is older than this many days are reported as stale. */
  CONTENT_STALE_DAYS: contentStaleDays,
  /** The languages to serve, a comma-separated subset of the registry (src/content/languages.ts); default all. */
  LANGUAGES: languageList,
  /** Who runs this bot, shown by /datenschutz; required when a Telegram or Matrix bot runs. */
  OPERATOR_NAME: optionalString,
  OPERATOR_CONTACT: optionalString,
  /** Secret for hashing chat ids in logs; without it a random one per process is used. */
  LOG_ID_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** The web guide's public address (https:// only): turns on the web pages and the links to them. */
  WEB_BASE_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/,
        'must be an https:// address without query or fragment, e.g. https://guide.example.org',
      )
      .transform((s) => s.replace(/\/+$/, ''))
      .optional(),
  ),
  /** The bots' public addresses, shown on the web pages ("Frag den Bot"). */
  TELEGRAM_BOT_USERNAME: optionalString.pipe(
    z
      .string()
      .transform((s) => s.replace(/^@/, ''))
      .pipe(
        z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be a Telegram username, e.g. KiWiderspruchBot'),
      )
      .optional(),
  ),
  MATRIX_BOT_USER_ID: optionalString.pipe(
    z
      .string()
      .regex(/^@[a-z0-9._=/+-]+:[A-Za-z0-9.:[\]-]+$/, 'must be a Matrix user id, e.g. @bot:example.org')
      .optional(),
  ),
  /** Admins: comma-separated conversation-independent user ids, e.g. telegram:12345,matrix:@ops:example.org */
  ADMIN_IDS: optionalString
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(telegram|matrix|terminal):\S+$/,
            'entries must look like telegram:12345 or matrix:@ops:example.org',
          ),
      ),
    ),
});

export type Config = z.output<typeof schema>;

/** LANGUAGES as the registry narrowed to those languages (all registered ones when unset). */
export function languagesOf(config: Pick<Config, 'LANGUAGES'>): Languages {
  return selectLanguages(config.LANGUAGES);
}

/** LANGUAGES alone, validated like in loadConfig (for npm run content:check). */
export function loadLanguages(env: NodeJS.ProcessEnv): Languages {
  const raw = env.LANGUAGES;
  const result = languageList.safeParse(raw === undefined || raw.trim() === '' ? undefined : raw);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => `LANGUAGES: ${i.message}`));
  return selectLanguages(result.data);
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable (as in a copied .env.example) means "not set".
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(set);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`));
  }
  const config = result.data;
  const problems: string[] = [];
  if (Boolean(config.MATRIX_HOMESERVER_URL) !== Boolean(config.MATRIX_ACCESS_TOKEN)) {
    problems.push(
      config.MATRIX_HOMESERVER_URL
        ? 'MATRIX_ACCESS_TOKEN: is required when MATRIX_HOMESERVER_URL is set'
        : 'MATRIX_HOMESERVER_URL: is required when MATRIX_ACCESS_TOKEN is set',
    );
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_BOT_TOKEN) {
    problems.push('TELEGRAM_BOT_TOKEN: is required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (config.TELEGRAM_PAID_BROADCAST && config.TELEGRAM_PAID_MAX_STARS === undefined) {
    problems.push(
      'TELEGRAM_PAID_MAX_STARS: is required when TELEGRAM_PAID_BROADCAST is true (the most Stars paid sends may cost per month, e.g. 10000)',
    );
  }
  if (
    config.TELEGRAM_PAID_BROADCAST &&
    config.TELEGRAM_PAID_RATE_PER_SECOND <= config.TELEGRAM_RATE_PER_SECOND
  ) {
    problems.push(
      `TELEGRAM_PAID_RATE_PER_SECOND: must be above TELEGRAM_RATE_PER_SECOND (${config.TELEGRAM_RATE_PER_SECOND}); paying for a rate no faster than the free one only costs Stars`,
    );
  }
  // Whoever runs a public bot must say who they are: /datenschutz names them (not needed in the terminal chat).
  const platform = Boolean(config.TELEGRAM_BOT_TOKEN) || Boolean(config.MATRIX_HOMESERVER_URL);
  if (platform && !config.TERMINAL) {
    for (const name of ['OPERATOR_NAME', 'OPERATOR_CONTACT'] as const)
      if (!config[name])
        problems.push(
          `${name}: is required when TELEGRAM_BOT_TOKEN or MATRIX_ACCESS_TOKEN is set (${name === 'OPERATOR_NAME' ? 'who runs the bot' : 'how to reach them, e.g. an e-mail address'}; /datenschutz shows it)`,
        );
  }
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT === config.HTTP_PORT)
    problems.push('METRICS_PORT: must differ from HTTP_PORT (the metrics listener is the operator’s own)');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** CONTENT_STALE_DAYS alone, validated like in loadConfig (for npm run content:check). */
export function loadContentStaleDays(env: NodeJS.ProcessEnv): number {
  const raw = env.CONTENT_STALE_DAYS;
  const result = contentStaleDays.safeParse(raw === undefined || raw.trim() === '' ? undefined : raw);
  if (!result.success)
    throw new ConfigError(result.error.issues.map((i) => `CONTENT_STALE_DAYS: ${i.message}`));
  return result.data;
}
