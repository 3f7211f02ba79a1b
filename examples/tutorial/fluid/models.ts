import { db, p } from "webfluid/db";

// Dialect-agnostic models: the same classes work on SQLite, PostgreSQL and MariaDB.
export class MyModel extends db.Model("my_model", {
  id: p.integer().primary(),
  value: p.string(),
  createdAt: p.datetime().defaultRaw("current_timestamp"),
}) {
  constructor(value: string) {
    super();
    this.value = value;
  }
}

// `bind` plays SQLAlchemy's __bind_key__: this model lives in the "test" database.
export class SecondModel extends db.Model(
  "second_model",
  {
    id: p.integer().primary(),
    value: p.string(),
    createdAt: p.datetime().defaultRaw("current_timestamp"),
  },
  { bind: "test" },
) {
  constructor(value: string) {
    super();
    this.value = value;
  }
}
