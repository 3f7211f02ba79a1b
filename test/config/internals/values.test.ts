import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigErrorCode } from "../../../src/config/index.ts";
import { convertText, convertTextAs } from "../../../src/config/values.ts";
import { maskUri, maskValue } from "../../../src/config/mask.ts";

const at = { where: "app.ini:1" };

describe("convertText (keys of unknown kind)", () => {
  test("1/0/true/false are booleans", () => {
    assert.deepEqual(["1", "0", "true", "False"].map((t) => convertText(t, at, "K")), [true, false, true, false]);
  });

  test("numbers, JSON and text", () => {
    assert.equal(convertText("8000", at, "K"), 8000);
    assert.equal(convertText("-2.5", at, "K"), -2.5);
    assert.deepEqual(convertText('{"test": "sqlite:///t.db"}', at, "K"), { test: "sqlite:///t.db" });
    assert.deepEqual(convertText("[1, 2]", at, "K"), [1, 2]);
    assert.equal(convertText("crazy", at, "K"), "crazy");
    assert.equal(convertText("10.0.0.1", at, "K"), "10.0.0.1");
  });

  test("broken JSON is an error naming the place and key", () => {
    assert.throws(() => convertText("{nope", at, "BINDS"), {
      code: ConfigErrorCode.BAD_VALUE,
      message: /^app\.ini:1: BINDS starts like JSON but does not parse/,
    });
  });
});

describe("convertTextAs (keys whose kind a default gives)", () => {
  test("a number key keeps 1 as a number", () => {
    assert.equal(convertTextAs("number", "1", at, "PORT"), 1);
  });

  test("booleans accept the usual words", () => {
    assert.deepEqual(["yes", "off", "ON", "0"].map((t) => convertTextAs("boolean", t, at, "DEBUG")), [true, false, true, false]);
  });

  test("lists accept comma-separated text or JSON", () => {
    assert.deepEqual(convertTextAs("list", "a, ./b.ts ,", at, "EXTENSIONS"), ["a", "./b.ts"]);
    assert.deepEqual(convertTextAs("list", '["x"]', at, "EXTENSIONS"), ["x"]);
  });

  test("a value of the wrong kind says what was expected", () => {
    assert.throws(() => convertTextAs("number", "eighty", at, "PORT"), {
      code: ConfigErrorCode.BAD_VALUE,
      message: 'app.ini:1: PORT must be a number, got "eighty"',
    });
    assert.throws(() => convertTextAs("boolean", "maybe", at, "DEBUG"), { message: /DEBUG must be a boolean/ });
  });
});

describe("maskValue", () => {
  test("hides secret keys and passwords inside URIs", () => {
    assert.equal(maskValue("SECRET_KEY", "s3cret"), "********");
    assert.equal(maskValue("MAIL_PASSWORD", "pw"), "********");
    assert.equal(maskValue("DATABASE_URI", "postgresql://me:pw@db:5432/app"), "postgresql://me:********@db:5432/app");
    assert.deepEqual(maskValue("SQLALCHEMY_BINDS", { test: "mysql://root:x@h/t" }), { test: "mysql://root:********@h/t" });
    assert.equal(maskValue("PORT", 8000), 8000);
  });

  test("hides every key whose name says secret, as Django does", () => {
    for (const key of ["API_TOKEN", "STRIPE_KEY", "DB_PASS", "OAUTH_CLIENT", "MY_SECRET_VALUE", "SECRET_KEY_FALLBACKS"]) {
      assert.equal(maskValue(key, "visible?"), "********", key);
    }
    assert.deepEqual(maskValue("SECRET_KEY_FALLBACKS", ["old1", "old2"]), "********");
    assert.equal(maskValue("SESSION_COOKIE_NAME", "session"), "session");
  });
});

describe("maskUri", () => {
  test("masks only the password, whatever it holds", () => {
    assert.equal(maskUri("mysql://root:secret@h:3306/db"), "mysql://root:********@h:3306/db");
    assert.equal(maskUri("postgresql://:secret@h/db"), "postgresql://:********@h/db", "no user name");
    assert.equal(maskUri("postgresql://u:p@ss@h/db?x=1"), "postgresql://u:********@h/db?x=1", "an unencoded @");
    assert.equal(maskUri("mysql://root@h/db"), "mysql://root@h/db");
    assert.equal(maskUri("sqlite:///a:b@c.db"), "sqlite:///a:b@c.db");
    assert.equal(maskUri("not a uri: x@y"), "not a uri: x@y");
    assert.equal(maskUri("redis://:secret@h:6379/0"), "redis://:********@h:6379/0", "no user name");
    assert.equal(maskUri("postgresql://u:a:b@c@h/db"), "postgresql://u:********@h/db", "a : and an @ in it");
  });

  test("masks query parameters named like secrets", () => {
    assert.equal(
      maskUri("postgresql://h/db?sslmode=require&password=hunter2&sslkey=/k.pem"),
      "postgresql://h/db?sslmode=require&password=********&sslkey=********",
    );
    assert.equal(maskUri("mysql://h/db?Auth_Token=x#f"), "mysql://h/db?Auth_Token=********#f");
    assert.equal(maskUri("sqlite:///app.db?mode=ro"), "sqlite:///app.db?mode=ro");
  });
});
