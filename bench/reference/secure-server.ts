/**
 * The reference of bench/http.ts's `secure` report: `GET /health` reading the session and
 * `GET /login` writing it, on bare Fastify 5 with the protections WebFluid's web layer gives
 * by default, written by hand with the same plugins:
 *
 * - @fastify/helmet with its defaults (WebFluid's default header values are helmet's; the
 *   bench checks that both send the same security headers);
 * - @fastify/cookie, signing with a key derived from the secret as WebFluid derives it;
 * - a cookie session as WebFluid's default store keeps it (WebFluid uses no session plugin:
 *   `base64url(JSON {data, permanent, t})` signed by @fastify/cookie's Signer with a key of
 *   its own), read when the route asks for it, saved in an onSend hook when it changed,
 *   `Vary: Cookie` on answers that read it. The same secret makes one cookie valid on both.
 *
 * node bench/reference/secure-server.ts --port 3000 --templates <dir> [--log-level warn]   (BENCH_SECRET_KEY in the environment)
 */
import { createHmac } from "node:crypto";
import fastifyCookie, { Signer } from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import Fastify, { type FastifyRequest } from "fastify";
import { closeOnSignal, serverArgs } from "../peers/common.ts";

const args = serverArgs();
const secret = process.env.BENCH_SECRET_KEY;
if (!secret) throw new Error("BENCH_SECRET_KEY is not set");
const signerFor = (purpose: string) => new Signer([createHmac("sha256", secret).update(`webfluid.${purpose}`).digest()], "sha256");

/** PERMANENT_SESSION_LIFETIME's default: 31 days. */
const LIFETIME = 31 * 24 * 60 * 60;
const COOKIE = "session";
const sessionSigner = signerFor("session");

interface Session {
  data: Record<string, unknown>;
  permanent: boolean;
  modified: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    sessionState: Session | null;
  }
}

/** The request's session, read from its cookie on first use; an empty one when the cookie is missing, changed or expired. */
function session(request: FastifyRequest): Session {
  if (request.sessionState) return request.sessionState;
  let made: Session = { data: {}, permanent: false, modified: false };
  const raw = request.cookies[COOKIE];
  const unsigned = raw ? sessionSigner.unsign(raw) : undefined;
  if (unsigned?.valid) {
    try {
      const saved = JSON.parse(Buffer.from(unsigned.value, "base64url").toString("utf8")) as { data?: unknown; permanent?: unknown; t?: unknown };
      if (typeof saved.t === "number" && saved.t + LIFETIME >= Math.floor(Date.now() / 1000) && typeof saved.data === "object" && saved.data !== null) {
        made = { data: saved.data as Record<string, unknown>, permanent: saved.permanent === true, modified: false };
      }
    } catch {
      // not a session: an empty one
    }
  }
  request.sessionState = made;
  return made;
}

const app = Fastify({ logger: { level: args.logLevel }, disableRequestLogging: true });
await app.register(fastifyHelmet);
await app.register(fastifyCookie, { secret: signerFor("cookie") });
app.decorateRequest("sessionState", null);
app.addHook("onSend", async (request, reply) => {
  const state = request.sessionState;
  if (!state) return;
  reply.header("vary", "Cookie");
  if (!state.modified && !state.permanent) return;
  const payload = JSON.stringify({ data: state.data, permanent: state.permanent, t: Math.floor(Date.now() / 1000) });
  reply.setCookie(COOKIE, sessionSigner.sign(Buffer.from(payload, "utf8").toString("base64url")), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: false,
    maxAge: state.permanent ? LIFETIME : undefined,
  });
});
app.get("/health", async (request) => ({ status: "ok", user: session(request).data.user ?? null }));
app.get("/login", async (request) => {
  const state = session(request);
  state.data = { ...state.data, user: "ada" };
  state.modified = true;
  return { status: "ok" };
});
await app.listen({ host: "127.0.0.1", port: args.port });
closeOnSignal(() => app.close());
