/**
 * Rate limits written as Flask-Limiter writes them: `100/minute`, `100 per minute`,
 * `10/5 minutes`, several separated by `;` (or `,`): `10/second; 1000/day`.
 */

/** One limit: at most `count` requests per `windowMs`. */
export interface RateLimitRule {
  readonly count: number;
  readonly windowMs: number;
  /** As people say it: `100 per 1 minute`. */
  readonly text: string;
}

const PERIOD_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

const LIMIT = /^(\d+)\s*(?:\/|\s+per\s+)\s*(\d+)?\s*(second|minute|hour|day|month|year)s?$/i;

/** What the syntax is, for error messages. */
export const RATE_LIMIT_SYNTAX =
  'write COUNT/PERIOD or COUNT per PERIOD, PERIOD being second, minute, hour, day, month or year, optionally with a number ' +
  '("100/minute", "10 per 5 minutes"); separate several with ";" ("10/second; 1000/day")';

/** The limits of `text`, or a description of what is wrong with it. */
export function parseRateLimits(text: string): RateLimitRule[] | { readonly problem: string } {
  const rules: RateLimitRule[] = [];
  for (const part of text.split(/[;,]/)) {
    const item = part.trim();
    if (item === "") continue;
    const match = LIMIT.exec(item);
    const count = Number(match?.[1]);
    const multiple = Number(match?.[2] ?? 1);
    if (!match || count < 1 || multiple < 1) {
      return { problem: `${JSON.stringify(item)} is not a rate limit; ${RATE_LIMIT_SYNTAX}` };
    }
    const period = match[3]!.toLowerCase();
    rules.push({ count, windowMs: multiple * PERIOD_MS[period]!, text: `${count} per ${multiple} ${period}${multiple === 1 ? "" : "s"}` });
  }
  if (rules.length === 0) return { problem: `no rate limit in ${JSON.stringify(text)}; ${RATE_LIMIT_SYNTAX}` };
  return rules;
}
