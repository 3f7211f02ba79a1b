/**
 * Type tests of the public surface: compiled by `tsc --noEmit` (npm run typecheck), where
 * each `@ts-expect-error` must meet an error. At run time the file only checks that it loads.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import {
  Database,
  select,
  p,
  type AsyncExecutor,
  type Collection,
  type ModelClass,
  type ModelInstance,
  type Result,
} from "../../src/db/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(): T | undefined => undefined;

const db = new Database();

class Author extends db.Model("author", {
  id: p.integer().primary(),
  name: p.string(),
  nickname: p.string().nullable(),
  createdAt: p.datetime().defaultRaw("current_timestamp"),
  books: () => p.oneToMany(Book).mappedBy("author"),
}) {
  constructor(name: string) {
    super();
    this.name = name;
  }
}

class Book extends db.Model("book", { id: p.bigint("number").primary(), author: () => p.manyToOne(Author) }) {}

// Only compiled: never called.
async function typed(e: AsyncExecutor): Promise<void> {
  const author = new Author("Ann");
  expectType<Equal<typeof author.id, number>>();
  expectType<Equal<typeof author.name, string>>();
  expectType<Equal<typeof author.nickname, string | null | undefined>>();
  author.createdAt.toISOString();
  expectType<Equal<typeof author.books, Collection<Book>>>();
  expectType<Equal<ModelInstance<typeof Author>, Author>>();
  const asModel: ModelClass<Author> = Author;

  const inserted = await e.insert(author, { flush: true });
  expectType<Equal<typeof inserted, Author>>();
  const result = await e.exec(select(Author).where({ name: "Ann", id: { $gt: 1 } }).orderBy({ createdAt: "desc" }).limit(1));
  expectType<Equal<typeof result, Result<Author>>>();
  expectType<Equal<ReturnType<typeof result.first>, Author | null>>();
  expectType<Equal<ReturnType<typeof result.one>, Author>>();
  const count = await e.exec(select(Author).count());
  expectType<Equal<ReturnType<typeof count.scalar>, number | null>>();
  const found = await e.get(Author, 1);
  expectType<Equal<typeof found, Author | null>>();
  const inTx = await e.transaction(async (tx) => (await tx.get(Book, 1))?.author.name);
  expectType<Equal<typeof inTx, string | undefined>>();
  select(Author).populate("books");

  // @ts-expect-error the constructor takes a name
  new Author();
  // @ts-expect-error name is a string
  author.name = 1;
  // @ts-expect-error not a model class
  select(class Plain {});
  // @ts-expect-error the primary key is a number
  await e.get(Author, "1");
  // @ts-expect-error no such relation
  select(Author).populate("publisher");
  // @ts-expect-error no such column
  select(Author).where({ nope: 1 });
  // @ts-expect-error name is a string
  select(Author).where({ name: 1 });
  // @ts-expect-error no such column to order by
  select(Author).orderBy({ title: "asc" });
  void asModel;
}

it("compiles (see tsc)", () => {
  assert.equal(typeof typed, "function");
});
