// Opens a modal from a button: pushed onto the stack when the button is inside a modal (the case
// file), opened on its own when it is in a message.
import type { BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ModalView } from "../../views/blocks.js";

export async function showModal(client: WebClient, body: BlockAction, view: ModalView): Promise<void> {
  if (body.view?.type === "modal") await client.views.push({ trigger_id: body.trigger_id, view });
  else await client.views.open({ trigger_id: body.trigger_id, view });
}
