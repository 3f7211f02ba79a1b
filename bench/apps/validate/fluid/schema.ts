/**
 * The body schema of bench/http.ts's validated POST, shared by WebFluid's app and the bare
 * Fastify reference (bench/reference/validate-server.ts), so that both compile the same JSON
 * Schema.
 */
import Type from "typebox";

export const Note = Type.Object({ value: Type.String({ maxLength: 200 }) });

/** What the load generator posts (valid, so every answer is a 200). */
export const NOTE_BODY = JSON.stringify({ value: "a note of a few words, well under the limit" });
