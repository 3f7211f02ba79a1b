/**
 * Model versions A and B for each change autogenerate must detect. Factories return fresh
 * entity schemas (MikroORM stores per-platform column types on them during discovery) and
 * take a table prefix, so that all cases can also run at once in one database.
 */
import { defineEntity, p, type EntitySchema } from "@mikro-orm/core";
import type { Dialect } from "../../src/migrate/vocabulary/index.ts";

export type Models = (prefix?: string) => EntitySchema[];

export interface Case {
  readonly name: string;
  readonly a: Models;
  readonly b: Models;
  /** Databases where the change cannot be seen (a blind spot): autogenerate must find nothing. */
  readonly invisibleOn?: readonly Dialect[];
}

const author = (prefix: string, extra: Record<string, unknown> = {}, table = "author") =>
  defineEntity({
    name: `${prefix}${table}`,
    tableName: `${prefix}${table}`,
    properties: { id: p.integer().primary(), name: p.string().length(100), ...extra },
  });

const bookWithColumn = (prefix: string) =>
  defineEntity({ name: `${prefix}book`, tableName: `${prefix}book`, properties: { id: p.integer().primary(), authorId: p.integer() } });

const bookWithRelation = (prefix: string, target: EntitySchema) =>
  defineEntity({ name: `${prefix}book`, tableName: `${prefix}book`, properties: { id: p.integer().primary(), author: () => p.manyToOne(target) } });

const link = (prefix: string, properties: Record<string, unknown>) =>
  defineEntity({ name: `${prefix}link`, tableName: `${prefix}link`, properties });

const everything = (prefix: string) =>
  defineEntity({
    name: `${prefix}everything`,
    tableName: `${prefix}everything`,
    properties: {
      id: p.integer().primary(),
      big: p.bigint(),
      small: p.smallint(),
      ratio: p.float(),
      exact: p.double(),
      price: p.decimal().precision(10).scale(2),
      title: p.string(),
      body: p.text().nullable(),
      active: p.boolean().default(true),
      born: p.date().nullable(),
      at: p.time().nullable(),
      createdAt: p.datetime().defaultRaw("current_timestamp"),
      meta: p.json().nullable(),
      token: p.uuid(),
      data: p.blob().nullable(),
      status: p.string().length(20).default("new"),
    },
  });

export const CASES: readonly Case[] = [
  { name: "create table", a: (x = "") => [author(x)], b: (x = "") => [author(x), everything(x)] },
  { name: "drop table", a: (x = "") => [author(x), author(x, {}, "publisher")], b: (x = "") => [author(x)] },
  {
    name: "add column",
    a: (x = "") => [author(x)],
    b: (x = "") => [author(x, { age: p.integer().nullable(), nick: p.string().default("anon") })],
  },
  {
    name: "drop column",
    a: (x = "") => [author(x, { age: p.integer().nullable(), nick: p.string().default("anon") })],
    b: (x = "") => [author(x)],
  },
  { name: "change type", a: (x = "") => [author(x, { score: p.integer() })], b: (x = "") => [author(x, { score: p.bigint() })] },
  {
    name: "change length",
    a: (x = "") => [author(x, { nick: p.string().length(50) })],
    b: (x = "") => [author(x, { nick: p.string().length(200) })],
  },
  {
    name: "change precision",
    a: (x = "") => [author(x, { price: p.decimal().precision(10).scale(2) })],
    b: (x = "") => [author(x, { price: p.decimal().precision(12).scale(4) })],
  },
  { name: "string to text", a: (x = "") => [author(x, { bio: p.string().length(50) })], b: (x = "") => [author(x, { bio: p.text() })] },
  { name: "text to string", a: (x = "") => [author(x, { bio: p.text() })], b: (x = "") => [author(x, { bio: p.string().length(50) })], invisibleOn: ["sqlite"] },
  {
    name: "change nullability",
    a: (x = "") => [author(x, { nick: p.string() })],
    b: (x = "") => [author(x, { nick: p.string().nullable() })],
  },
  {
    name: "change server default",
    a: (x = "") => [author(x, { rank: p.integer().default(0), nick: p.string() })],
    b: (x = "") => [author(x, { rank: p.integer().default(5), nick: p.string().default("x") })],
  },
  { name: "add index", a: (x = "") => [author(x)], b: (x = "") => [author(x, { name: p.string().length(100).index() })] },
  { name: "drop index", a: (x = "") => [author(x, { name: p.string().length(100).index() })], b: (x = "") => [author(x)] },
  { name: "add unique", a: (x = "") => [author(x, { email: p.string() })], b: (x = "") => [author(x, { email: p.string().unique() })] },
  { name: "drop unique", a: (x = "") => [author(x, { email: p.string().unique() })], b: (x = "") => [author(x, { email: p.string() })] },
  {
    name: "change primary key",
    a: (x = "") => [link(x, { a: p.integer().primary().autoincrement(false), b: p.integer() })],
    b: (x = "") => [link(x, { a: p.integer().primary(), b: p.integer().primary() })],
  },
  {
    name: "add foreign key",
    a: (x = "") => [author(x), bookWithColumn(x)],
    b: (x = "") => {
      const a = author(x);
      return [a, bookWithRelation(x, a)];
    },
  },
  {
    name: "drop foreign key",
    a: (x = "") => {
      const a = author(x);
      return [a, bookWithRelation(x, a)];
    },
    b: (x = "") => [author(x), bookWithColumn(x)],
  },
];

/** Several cases at once, each under its own table prefix. */
export function combined(cases: readonly Case[]): Case {
  return {
    name: cases.map((c) => c.name).join(", "),
    a: () => cases.flatMap((c, i) => c.a(`c${i}_`)),
    b: () => cases.flatMap((c, i) => c.b(`c${i}_`)),
  };
}

/** The cases a database can see. */
export function visibleOn(dialect: Dialect): Case[] {
  return CASES.filter((c) => !c.invisibleOn?.includes(dialect));
}
