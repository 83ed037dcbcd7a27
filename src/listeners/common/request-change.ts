// The request a withdraw or edit action names: a button's value (the receipt DM) or the chosen
// option of a select (the App Home). Read as text only; the caller parses it as a record id.
import type { ButtonAction, StaticSelectAction } from "@slack/bolt";

export function chosenId(action: ButtonAction | StaticSelectAction): unknown {
  return action.type === "static_select" ? action.selected_option?.value : action.value;
}
