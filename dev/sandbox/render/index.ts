// The sandbox renderer: Block Kit → safe HTML, mrkdwn → HTML, and view state collection.
// The data-attribute contract for the browser script is documented at the top of ./blocks.ts.
export { renderBlocks, renderHome, renderMessage, renderModal } from "./blocks.js";
export type { MessageFile, MessageLike, RenderContext, RenderViewOptions, Surface, ViewLike } from "./blocks.js";
export { decodeSlackEntities, escapeHtml, KNOWN_EMOJI, mrkdwnToHtml, plainTextToHtml, safeUrl } from "./mrkdwn.js";
export type { MrkdwnOptions, NameDirectory } from "./mrkdwn.js";
export { collectViewState, fieldName, findElement, formValueFromState, parseFieldName, SANDBOX_TIME_ZONE } from "./state.js";
export type { CollectOptions, StateOption, StateValue, ViewStateField, ViewStateValues } from "./state.js";
export { SANDBOX_CSS } from "./styles.js";
