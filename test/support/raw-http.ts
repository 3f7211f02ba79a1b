/**
 * HTTP over a raw TCP socket, for what `fetch` cannot send: requests that arrive slowly, are
 * malformed, or have oversized headers. The client writes its pieces with pauses between
 * them and records what the server answered and whether the server closed the connection.
 */
import { connect } from "node:net";

/** A piece of the request: bytes to write, or `{ pauseMs }` to wait before the next piece. */
export type Piece = string | { readonly pauseMs: number };

export interface RawExchange {
  /** The status of the first response, or undefined when none came. */
  readonly status: number | undefined;
  /** Its headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Its body, as text. */
  readonly body: string;
  /** Everything the server sent. */
  readonly raw: string;
  /** The server ended the connection before the client had written every piece. */
  readonly closedEarly: boolean;
}

/**
 * Connects to `port`, writes `pieces` (pausing where asked), and resolves once the server
 * closes the connection; rejects if it is still open `timeoutMs` after the last piece.
 */
export function exchange(port: number, pieces: readonly Piece[], timeoutMs = 15_000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let written = false;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {}); // a reset after the server closed; 'close' follows
    socket.on("close", () => {
      closed = true;
      clearTimeout(timer);
      resolve({ ...parse(Buffer.concat(chunks).toString("latin1")), closedEarly: !written });
    });
    void (async () => {
      for (const piece of pieces) {
        if (closed) return;
        if (typeof piece === "string") socket.write(piece);
        else await new Promise((done) => setTimeout(done, piece.pauseMs));
      }
      written = true;
      timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server kept the connection open ${timeoutMs} ms after the request; got so far:\n${Buffer.concat(chunks).toString("latin1")}`));
      }, timeoutMs);
    })();
  });
}

/** Headers, then `body` one byte at a time with `pauseMs` between bytes. */
export function slowly(head: string, body: string, pauseMs: number): Piece[] {
  return [head, ...[...body].flatMap((byte) => [{ pauseMs }, byte])];
}

function parse(raw: string): Omit<RawExchange, "closedEarly"> {
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) return { status: undefined, headers: {}, body: "", raw };
  const [statusLine, ...lines] = raw.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine!.split(" ")[1]);
  const length = Number(headers["content-length"] ?? raw.length);
  return { status, headers, body: raw.slice(end + 4, end + 4 + length), raw };
}
