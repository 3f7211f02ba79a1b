/**
 * create my_model
 *
 * Revision: ef0269bbb143 (bind "default")
 * Revises: (root)
 * Created: 2026-11-25T11:34:51.960Z
 */
import type { Operations } from "webfluid/migrate";

export const revision = "ef0269bbb143";
export const downRevision: string | string[] | null = null;
export const dependsOn: string[] = [];
export const message = "create my_model";
export const createdAt = "2026-11-25T11:34:51.960Z";

export async function upgrade(op: Operations): Promise<void> {
  op.createTable("my_model", [
    op.column("id", "integer", { primary: true, autoincrement: true }),
    op.column("value", "string"),
    op.column("created_at", "datetime", { default: op.raw("current_timestamp") }),
  ]);
}

export async function downgrade(op: Operations): Promise<void> {
  op.dropTable("my_model");
}
