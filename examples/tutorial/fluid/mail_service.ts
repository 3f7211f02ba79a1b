/** Mail of the app: the welcome message sent when a model is created (see POST /my-model in api/routes.ts). */
import { mail } from "webfluid/mail";
import type { MyModel } from "./models.ts";

/** Who hears about new models. */
export const WELCOME_RECIPIENT = "team@example.com";

/** Sends the welcome mail for a new model in the background: the request does not wait for it. */
export function sendWelcome(model: MyModel): void {
  const body = mail.template("welcome", { id: model.id, value: model.value });
  mail.send(WELCOME_RECIPIENT, `Welcome, model ${model.id}`, body);
}
