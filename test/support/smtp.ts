/**
 * A real SMTP server for tests and benchmarks, on loopback (smtp-server, messages parsed with
 * mailparser): STARTTLS or implicit TLS on a self-signed certificate, AUTH, a refused recipient,
 * dropped connections, and temporary (4xx) failures before it accepts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";

/** A message the server accepted: its envelope (Bcc included) and the parsed message. */
export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** Undefined when the server was started with `parse: false` (benchmarks). */
  readonly parsed: ParsedMail | undefined;
  readonly raw: Buffer;
  /** The connection was encrypted (STARTTLS or implicit TLS). */
  readonly secure: boolean;
  /** The user the client logged in as. */
  readonly user: string | undefined;
  /** The connection's id: messages sent over one connection share it. */
  readonly connection: string;
}

export interface TestSmtpOptions {
  /** Offers STARTTLS (or, with `implicitTls`, speaks TLS from the first byte) with this certificate. */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly implicitTls?: boolean;
  /** Requires a login with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Recipients answered `550` at RCPT TO. */
  readonly rejectRecipients?: RegExp;
  /** This many first messages are answered `451` after DATA; the next ones are accepted. */
  readonly temporaryFailures?: number;
  /** This many first connections are dropped at MAIL FROM. */
  readonly dropConnections?: number;
  /** Parse each message (default true). */
  readonly parse?: boolean;
  /** Milliseconds the server takes to answer each message once its DATA has arrived (a slow server). */
  readonly answerDelayMs?: number;
}

/** A self-signed certificate for `localhost` / 127.0.0.1, made with openssl. */
export function selfSignedCertificate(): { key: string; cert: string; certFile: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "wf-smtp-cert-"));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", keyFile, "-out", certFile,
  ], { stdio: "ignore" });
  return {
    key: readFileSync(keyFile, "utf8"),
    cert: readFileSync(certFile, "utf8"),
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Connections opened so far. */
  connections = 0;
  /** Messages whose DATA began to arrive so far (delivered or not). */
  dataStarted = 0;
  readonly #server: SMTPServer;
  readonly #waiters = new Set<() => void>();
  #temporaryLeft: number;
  #dropLeft: number;
  #port = 0;

  constructor(options: TestSmtpOptions = {}) {
    this.#temporaryLeft = options.temporaryFailures ?? 0;
    this.#dropLeft = options.dropConnections ?? 0;
    const parse = options.parse ?? true;
    const serverOptions: SMTPServerOptions = {
      secure: options.implicitTls === true,
      key: options.tls?.key,
      cert: options.tls?.cert,
      disabledCommands: [...(options.tls ? [] : ["STARTTLS"]), ...(options.auth ? [] : ["AUTH"])],
      authOptional: !options.auth,
      allowInsecureAuth: false,
      logger: false,
      size: 50 * 1024 * 1024,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onAuth: (auth, _session, callback) => {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
          callback(null, { user: auth.username });
        } else {
          callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
        }
      },
      onMailFrom: (_address, session, callback) => {
        if (this.#dropLeft > 0) {
          this.#dropLeft--;
          this.#connectionOf(session)?._socket.destroy();
          return;
        }
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (options.rejectRecipients?.test(address.address)) return callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
        callback();
      },
      onData: (stream, session, callback) => {
        this.dataStarted++;
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => setTimeout(answer, options.answerDelayMs ?? 0));
        const answer = () => {
          if (this.#temporaryLeft > 0) {
            this.#temporaryLeft--;
            return callback(smtpError(451, "4.7.1 Greylisted, please try again later"));
          }
          const raw = Buffer.concat(chunks);
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          };
          const record = (parsed: ParsedMail | undefined) => {
            this.received.push({ envelope, parsed, raw, secure: session.secure, user: session.user as string | undefined, connection: session.id });
            for (const waiter of [...this.#waiters]) waiter();
            callback(null, `2.0.0 Ok: queued as ${this.received.length}`);
          };
          if (!parse) return record(undefined);
          simpleParser(raw).then(record, (error: Error) => callback(error));
        };
      },
    };
    this.#server = new SMTPServer(serverOptions);
    this.#server.on("error", () => undefined);
  }

  #connectionOf(session: SMTPServerSession) {
    return [...this.#server.connections].find((connection) => connection.session.id === session.id);
  }

  get port(): number {
    return this.#port;
  }

  /** Listens on 127.0.0.1 (a free port unless `port` is given); resolves with the port. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => {
        const address = this.#server.server.address();
        this.#port = typeof address === "object" && address ? address.port : port;
        resolve(this.#port);
      });
    });
  }

  /** Resolves once `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 10_000): Promise<readonly ReceivedMail[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.received.length < count) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(this.received);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`the SMTP server received ${this.received.length} message(s) in ${timeoutMs} ms, not ${count}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
