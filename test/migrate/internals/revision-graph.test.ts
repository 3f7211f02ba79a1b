import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RevisionGraph, type RevisionNode } from "../../../src/migrate/script/revision-graph.ts";
import { planDowngrade, planStamp, planUpgrade, type TargetScope } from "../../../src/migrate/script/targets.ts";

function rev(id: string, down: string | string[] | null, extra: Partial<RevisionNode> = {}): RevisionNode {
  return { id, bind: "default", downRevisions: down === null ? [] : typeof down === "string" ? [down] : down, dependsOn: [], message: id, ...extra };
}

const ids = (nodes: readonly RevisionNode[]) => nodes.map((n) => n.id);
const scope = { binds: ["default"] };

describe("RevisionGraph", () => {
  const linear = new RevisionGraph([rev("aaa111", null), rev("bbb222", "aaa111"), rev("ccc333", "bbb222")]);

  test("heads, bases, order and prefixes", () => {
    assert.deepEqual(linear.heads("default"), ["ccc333"]);
    assert.deepEqual(linear.bases("default"), ["aaa111"]);
    assert.deepEqual(ids(linear.order), ["aaa111", "bbb222", "ccc333"]);
    assert.equal(linear.resolve("bbb").id, "bbb222");
  });

  test("order does not depend on the order files were read", () => {
    const shuffled = new RevisionGraph([rev("ccc333", "bbb222"), rev("aaa111", null), rev("bbb222", "aaa111")]);
    assert.deepEqual(ids(shuffled.order), ["aaa111", "bbb222", "ccc333"]);
  });

  test("unknown and ambiguous revisions, too-short prefixes", () => {
    const graph = new RevisionGraph([rev("abc111", null), rev("abc222", "abc111")]);
    assert.throws(() => graph.resolve("zzz"), { code: "WF_ERR_MIGRATE_UNKNOWN_REVISION", message: /^no revision "zzz"; wf migrate history <app> lists the revisions$/ });
    assert.throws(() => graph.resolve("abc"), { code: "WF_ERR_MIGRATE_AMBIGUOUS_REVISION", message: /matches 2 revisions \(abc111, abc222\)/ });
    assert.throws(() => graph.resolve("ab"), { code: "WF_ERR_MIGRATE_AMBIGUOUS_REVISION" });
    assert.throws(() => new RevisionGraph([rev("x1", null)]).resolve("x"), { message: 'revision prefix "x" is too short: give at least 3 characters (x1 starts with it)' });
    assert.throws(() => new RevisionGraph([], "app2").resolve("nope"), { message: 'no revision "nope"; wf migrate history app2 lists the revisions' });
  });

  test("broken graphs: duplicate id, missing parent, cross-bind parent, cycle", () => {
    assert.throws(() => new RevisionGraph([rev("a", null), rev("a", null)]), { code: "WF_ERR_MIGRATE_DUPLICATE_REVISION" });
    assert.throws(() => new RevisionGraph([rev("b", "a")]), { message: /revision b \(bind "default"\) has downRevision a, which no revision file defines/ });
    assert.throws(() => new RevisionGraph([rev("a", null, { bind: "test" }), rev("b", "a")]), { message: /use dependsOn to order across binds/ });
    assert.throws(() => new RevisionGraph([rev("a", "b"), rev("b", "a")]), { message: /form a cycle/ });
  });

  test("branches and merges", () => {
    const graph = new RevisionGraph([rev("r", null), rev("x", "r"), rev("y", "r"), rev("m", ["x", "y"])]);
    assert.deepEqual(graph.branchPoints("default"), ["r"]);
    assert.deepEqual(graph.heads("default"), ["m"]);
    const branched = new RevisionGraph([rev("r", null), rev("x", "r"), rev("y", "r")]);
    assert.deepEqual(branched.heads("default"), ["x", "y"]);
    assert.throws(() => planUpgrade(branched, new Set(), "head", scope), {
      code: "WF_ERR_MIGRATE_MULTIPLE_HEADS",
      message: 'bind "default" has 2 heads (x, y); join them with "wf migrate merge <app> x y", or upgrade to "heads"',
    });
    assert.deepEqual(ids(planUpgrade(branched, new Set(), "heads", scope)), ["r", "x", "y"]);
    assert.deepEqual(ids(planUpgrade(graph, new Set(["r", "x"]), "head", scope)), ["y", "m"]);
    assert.deepEqual(ids(planDowngrade(graph, new Set(["r", "x", "y", "m"]), "-1", scope)), ["m"], "-1 takes the merge off");
    assert.throws(() => planDowngrade(graph, new Set(["r", "x", "y", "m"]), "-2", scope), { message: /"-2" is ambiguous on bind "default": m merges x, y/ });
  });
});

describe("targets", () => {
  const graph = new RevisionGraph([rev("aaa111", null), rev("bbb222", "aaa111"), rev("ccc333", "bbb222")]);

  test("upgrade: head, +N, id, prefix, base", () => {
    assert.deepEqual(ids(planUpgrade(graph, new Set(), "head", scope)), ["aaa111", "bbb222", "ccc333"]);
    assert.deepEqual(ids(planUpgrade(graph, new Set(["aaa111"]), "head", scope)), ["bbb222", "ccc333"]);
    assert.deepEqual(ids(planUpgrade(graph, new Set(["aaa111"]), "+1", scope)), ["bbb222"]);
    assert.deepEqual(ids(planUpgrade(graph, new Set(), "+2", scope)), ["aaa111", "bbb222"]);
    assert.deepEqual(ids(planUpgrade(graph, new Set(), "bbb", scope)), ["aaa111", "bbb222"]);
    assert.deepEqual(ids(planUpgrade(graph, new Set(), "base", scope)), []);
    assert.deepEqual(ids(planUpgrade(graph, new Set(["aaa111", "bbb222", "ccc333"]), "head", scope)), []);
    assert.throws(() => planUpgrade(graph, new Set(["aaa111"]), "+5", scope), { message: /cannot go 5 revisions up on bind "default": only 2 left above aaa111$/ });
    assert.throws(() => planUpgrade(graph, new Set(), "+5", scope), { message: /only 3 left above base$/ });
  });

  test("downgrade: -N, id, base, below base", () => {
    const all = new Set(["aaa111", "bbb222", "ccc333"]);
    assert.deepEqual(ids(planDowngrade(graph, all, "-1", scope)), ["ccc333"]);
    assert.deepEqual(ids(planDowngrade(graph, all, "-2", scope)), ["ccc333", "bbb222"]);
    assert.deepEqual(ids(planDowngrade(graph, all, "aaa", scope)), ["ccc333", "bbb222"]);
    assert.deepEqual(ids(planDowngrade(graph, all, "base", scope)), ["ccc333", "bbb222", "aaa111"]);
    assert.throws(() => planDowngrade(graph, new Set(["aaa111"]), "-2", scope), {
      code: "WF_ERR_MIGRATE_BELOW_BASE",
      message: 'cannot go 2 revisions down on bind "default": only 1 is applied; use "base" to unapply them all',
    });
    assert.throws(() => planDowngrade(graph, new Set(["aaa111"]), "ccc333", scope), { message: /is not applied/ });
    assert.throws(() => planDowngrade(graph, all, "head", scope), { code: "WF_ERR_MIGRATE_BAD_TARGET" });
  });

  describe("several binds", () => {
    // default: d1 <- d2 ; test: t1 <- t2 (t2 depends on d2)
    const multi = new RevisionGraph([
      rev("d1", null),
      rev("d2", "d1"),
      rev("t1", null, { bind: "test" }),
      rev("t2", "t1", { bind: "test", dependsOn: ["d2"] }),
    ]);
    const binds = { binds: ["default", "test"] };

    test("head upgrades every bind; dependsOn orders across binds", () => {
      const plan = ids(planUpgrade(multi, new Set(), "head", binds));
      assert.deepEqual(plan.sort(), ["d1", "d2", "t1", "t2"]);
      assert.ok(plan.indexOf("d2") < plan.indexOf("t2"));
      assert.deepEqual(ids(planUpgrade(multi, new Set(), "test@head", binds)).sort(), ["d1", "d2", "t1", "t2"], "dependencies come along");
      assert.deepEqual(ids(planUpgrade(multi, new Set(), "head", { ...binds, bind: "default" })), ["d1", "d2"]);
    });

    test("relative targets need a bind when several have revisions", () => {
      const all = new Set(["d1", "d2", "t1", "t2"]);
      assert.throws(() => planDowngrade(multi, all, "-1", binds), { message: /say which with --bind <name> or "<bind>@-1"/ });
      assert.deepEqual(ids(planDowngrade(multi, all, "test@-1", binds)), ["t2"]);
      assert.deepEqual(ids(planDowngrade(multi, all, "-1", { ...binds, bind: "default" })), ["t2", "d2"], "dependents come off first");
    });

    test("an unconfigured bind is an error", () => {
      assert.throws(() => planUpgrade(multi, new Set(), "nope@head", binds), { code: "WF_ERR_MIGRATE_UNKNOWN_BIND" });
      assert.throws(() => planStamp(multi, "head", { ...binds, bind: "nope" }), { code: "WF_ERR_MIGRATE_UNKNOWN_BIND", message: /configured: default, test/ });
    });

    test("stamp: a revision id touches only its own bind; head and base every bind in scope", () => {
      const plan = (target: string, scope: TargetScope = binds) => Object.fromEntries([...planStamp(multi, target, scope)].map(([bind, wanted]) => [bind, [...wanted].sort()]));
      // Regression: stamping a default revision used to delete the test bind's rows.
      assert.deepEqual(plan("d1"), { default: ["d1"] });
      assert.deepEqual(plan("t2"), { test: ["t1", "t2"] }, "d2 (a dependency in another bind) is not stamped");
      assert.deepEqual(plan("test@t1"), { test: ["t1"] });
      assert.deepEqual(plan("head"), { default: ["d1", "d2"], test: ["t1", "t2"] });
      assert.deepEqual(plan("test@head"), { test: ["t1", "t2"] });
      assert.deepEqual(plan("base"), { default: [], test: [] });
      assert.deepEqual(plan("base", { ...binds, bind: "test" }), { test: [] });
      assert.deepEqual([...planStamp(multi, "head", binds).keys()], ["default", "test"], "the lock order");
      assert.throws(() => planStamp(multi, "d1", { ...binds, bind: "test" }), { code: "WF_ERR_MIGRATE_UNKNOWN_REVISION", message: /no revision "d1" in bind "test"/ });
      assert.throws(() => planStamp(multi, "t1", { binds: ["default"] }), { code: "WF_ERR_MIGRATE_UNKNOWN_BIND" });
    });
  });
});
