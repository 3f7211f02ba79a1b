/** The HMAC signer of signed cookies and session cookies (src/web/signing.ts). */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { Signer as FastifySigner } from "@fastify/cookie";
import { createSigner } from "../../src/web/signing.ts";

/** The key a purpose signs with, derived from a secret as signing.ts derives it. */
const derived = (secret: string, purpose: string) => createHmac("sha256", secret).update(`webfluid.${purpose}`).digest();

test("values are signed in @fastify/cookie's format, so cookies signed before stay valid both ways", () => {
  const ours = createSigner(["current"], "session");
  const theirs = new FastifySigner([derived("current", "session")], "sha256");
  for (const value of ["", "a", "x.y", "héllo wörld", "eyJkYXRhIjp7fSwicGVybWFuZW50IjpmYWxzZSwidCI6MX0"]) {
    assert.equal(ours.sign(value), theirs.sign(value));
    assert.deepEqual(ours.unsign(theirs.sign(value)), { valid: true, renew: false, value });
  }
});

test("a key of SECRET_KEY_FALLBACKS verifies and asks for renewal; another purpose's or a dropped key does not verify", () => {
  const signer = createSigner(["new", "old"], "session");
  const byOld = createSigner(["old"], "session").sign("data");
  assert.deepEqual(signer.unsign(byOld), { valid: true, renew: true, value: "data" });
  assert.deepEqual(createSigner(["new"], "session").unsign(byOld), { valid: false, renew: false, value: null });
  assert.deepEqual(signer.unsign(createSigner(["new"], "cookie").sign("data")), { valid: false, renew: false, value: null });
});

test("a changed value or signature, a signature of another length or with other characters, never verifies", () => {
  const signer = createSigner(["current"], "cookie");
  const signed = signer.sign("42");
  const signature = signed.slice(3);
  const invalid = { valid: false, renew: false, value: null };
  assert.equal(signature.length, 43);
  const lastChanged = signature.slice(0, -1) + (signature.endsWith("A") ? "B" : "A");
  for (const forged of [
    `43.${signature}`,
    `42.${lastChanged}`,
    `42.${signature.slice(0, -1)}`,
    `42.${signature}A`,
    `42.${signature}=`,
    `42.${signature.slice(0, -1)}${String.fromCharCode(0x100 + signature.charCodeAt(42))}`, // its low byte is the right character
    `42.${signature.slice(0, -2)}é`, // 43 characters, 44 bytes in UTF-8
    "42",
    "42.",
    "",
  ]) {
    assert.deepEqual(signer.unsign(forged), invalid, forged);
  }
  // A failed attempt leaves nothing behind for the next one.
  assert.deepEqual(signer.unsign(signed), { valid: true, renew: false, value: "42" });
});
