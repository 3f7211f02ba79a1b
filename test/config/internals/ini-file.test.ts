import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigErrorCode } from "../../../src/config/index.ts";
import { parseIni } from "../../../src/config/ini-file.ts";

describe("parseIni", () => {
  test("reads flat KEY = value lines, comments and blank lines", () => {
    const ini = parseIni("; comment\n# another\n\nPORT = 8000\nNAME=  spaced value  \n", "app.ini", {});
    assert.deepEqual(
      ini.entries.map((e) => [e.key, e.text, e.line, e.where]),
      [
        ["PORT", "8000", 4, "app.ini:4"],
        ["NAME", "spaced value", 5, "app.ini:5"],
      ],
    );
  });

  test("a [binds] section adds binds", () => {
    const ini = parseIni("DATABASE_URI = sqlite:///app.db\n[binds]\ntest = sqlite:///test.db\n", "app.ini", {});
    assert.deepEqual(ini.entries.map((e) => e.key), ["DATABASE_URI"]);
    assert.deepEqual(ini.binds.map((e) => [e.key, e.text]), [["test", "sqlite:///test.db"]]);
  });

  test("quoted values keep their text and are marked quoted", () => {
    const ini = parseIni(`A = "1"\nB = 'x = y'\nC = 1\n`, "app.ini", {});
    assert.deepEqual(ini.entries.map((e) => [e.text, e.quoted]), [["1", true], ["x = y", true], ["1", false]]);
  });

  test("values keep '=' and '#' after the first '='", () => {
    const ini = parseIni("URI = postgresql://u:p@h/db?a=b#frag\n", "app.ini", {});
    assert.equal(ini.entries[0]!.text, "postgresql://u:p@h/db?a=b#frag");
  });

  test("${VAR} and ${VAR:-default} expand from the environment", () => {
    const ini = parseIni("A = ${HOME_DIR}/x\nB = ${MISSING:-sqlite:///test.db}\nC = ${SET:-unused}\n", "app.ini", {
      HOME_DIR: "/home/me",
      SET: "set",
    });
    assert.deepEqual(ini.entries.map((e) => e.text), ["/home/me/x", "sqlite:///test.db", "set"]);
  });

  test("an unset ${VAR} without default names the variable and the line", () => {
    assert.throws(() => parseIni("\nA = ${NOPE}\n", "app_configs/app.ini", {}), {
      code: ConfigErrorCode.UNSET_VARIABLE,
      message: /^app_configs\/app\.ini:2: environment variable NOPE is not set; set it or write \$\{NOPE:-default\}$/,
    });
  });

  test("a malformed line names the file and line number", () => {
    assert.throws(() => parseIni("PORT = 1\nthis is not ini\n", "app_configs/app.ini", {}), {
      code: ConfigErrorCode.INI_SYNTAX,
      message: /^app_configs\/app\.ini:2: expected KEY = value, a \[binds\] header or a comment, got "this is not ini"$/,
    });
  });

  test("an unknown section, a bad key and a repeated key are errors with line numbers", () => {
    assert.throws(() => parseIni("[server]\n", "a.ini", {}), { message: /^a\.ini:1: unknown section \[server\]/ });
    assert.throws(() => parseIni("1KEY = x\n", "a.ini", {}), { message: /^a\.ini:1: "1KEY" is not a valid key/ });
    assert.throws(() => parseIni("A = 1\nB = 2\nA = 3\n", "a.ini", {}), { message: /^a\.ini:3: A is already set on line 1/ });
    assert.throws(() => parseIni("= value\n", "a.ini", {}), { code: ConfigErrorCode.INI_SYNTAX });
  });
});
