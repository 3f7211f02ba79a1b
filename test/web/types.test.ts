/**
 * Compile-time checks of sessions and cookies, run by `tsc --noEmit`; `@ts-expect-error`
 * lines are the negative cases.
 */
import { test } from "node:test";
import { HTMLResponse, type CookieOptions, type Request, type Session, type SessionValue } from "../../src/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

declare module "../../src/index.ts" {
  interface SessionData {
    typesTestUserId: number;
  }
}

test("session and cookie types", () => {
  const handler = (request: Request) => {
    const session: Session = request.session;
    expectType<Equal<ReturnType<typeof session.get<"typesTestUserId">>, number | undefined>>(true);
    expectType<Equal<ReturnType<typeof session.get<"undeclared">>, SessionValue | undefined>>(true);
    session.set("typesTestUserId", 7);
    // @ts-expect-error a declared key takes its declared type
    session.set("typesTestUserId", "7");
    session.set("cart", [{ id: 1, qty: 2 }]);
    // @ts-expect-error sessions hold JSON values, not functions
    session.set("callback", () => 1);
    // @ts-expect-error nor dates (store an ISO string)
    session.set("when", new Date());
    for (const [key, value] of session) expectType<Equal<[typeof key, typeof value], [string, SessionValue]>>(true);
    const token: string = request.csrfToken();
    const signed: string | undefined = request.signedCookie("a");
    const options: CookieOptions = { sameSite: "strict", maxAge: 60, signed: true };
    // @ts-expect-error sameSite is one of lax, strict, none
    const bad: CookieOptions = { sameSite: "sometimes" };
    return new HTMLResponse(token + signed + String(bad)).setCookie("a", "b", options).deleteCookie("c", { path: "/" });
  };
  void handler;
});
