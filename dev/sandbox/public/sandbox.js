// The sandbox page's script: polls /sandbox/api/state, renders the server's HTML (Block Kit
// rendered by dev/sandbox/render), and turns clicks, changes and submits into API calls that the
// server signs and sends to the app exactly as Slack would. Attribute contract: see
// dev/sandbox/render/blocks.ts (data-action-id, data-block-id, data-type, data-dispatch,
// data-confirm, data-name, data-view-action, data-message-action …).
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let user = params.get("user") || "U0DEMOAPPL";
let channel = params.get("channel") || "";
let thread = null;
let showHome = false;
let last = {};
let modalHash = null;

async function api(path, body) {
  const res = await fetch(`/sandbox/api/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function setHtml(el, html) {
  if (last[el.id] === html) return;
  last[el.id] = html;
  el.innerHTML = html;
}

function notice(text) {
  $("sb-notice").textContent = text || "";
}

/** The fields of a view as the server's collectViewState expects them. */
function fieldsOf(root) {
  const fields = [];
  for (const el of root.querySelectorAll("[data-name]")) {
    const name = el.getAttribute("data-name");
    const type = el.getAttribute("data-type") || "";
    const optionTextByValue = {};
    for (const o of el.querySelectorAll("[data-text]")) optionTextByValue[o.value ?? o.getAttribute("value")] = o.getAttribute("data-text");
    let value;
    if (type === "checkboxes") value = [...el.querySelectorAll("input:checked")].map((i) => i.value);
    else if (type === "radio_buttons") value = el.querySelector("input:checked")?.value ?? null;
    else if (el.tagName === "SELECT" && el.multiple) value = [...el.selectedOptions].map((o) => o.value);
    else {
      const input = el.matches("input,select,textarea") ? el : el.querySelector("input,select,textarea");
      value = input ? input.value : null;
    }
    fields.push({ name: decodeURIComponent(name), type, value, optionTextByValue });
  }
  return fields;
}

async function refresh() {
  let s;
  try {
    s = await api(`state?user=${encodeURIComponent(user)}&channel=${encodeURIComponent(channel)}${thread ? `&thread=${thread}` : ""}`);
  } catch (err) {
    notice(`Sandlådan svarar inte: ${err.message}`);
    return;
  }
  channel = s.channel;
  const userSelect = $("sb-user");
  if (userSelect.options.length === 0) {
    for (const u of s.users) userSelect.add(new Option(u.label, u.id));
  }
  userSelect.value = user;
  setHtml(
    $("sb-channels"),
    s.channels
      .map((c) => `<button type="button" data-channel-id="${c.id}" aria-current="${!showHome && c.id === channel}">${c.kind === "dm" ? "@" : "#"} ${c.name}</button>`)
      .join(""),
  );
  setHtml($("sb-files"), s.filesHtml || "");
  $("sb-home-tab").setAttribute("aria-current", String(showHome));
  $("sb-channel-name").textContent = showHome ? "Hem" : (s.channels.find((c) => c.id === channel)?.name ?? channel);
  $("sb-home").hidden = !showHome;
  $("sb-messages").hidden = showHome;
  $("sb-ephemerals").hidden = showHome;
  setHtml($("sb-home"), s.homeHtml ?? "<p>Hemfliken laddas …</p>");
  setHtml($("sb-messages"), s.messagesHtml || "<p class='sb-empty'>Inga meddelanden ännu.</p>");
  setHtml($("sb-ephemerals"), s.ephemeralHtml);
  setHtml($("sb-failures"), s.failures.map((f) => `<div>${f.replace(/[<&>]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c])}</div>`).join(""));
  $("sb-thread").hidden = !s.threadHtml;
  setHtml($("sb-thread-messages"), s.threadHtml ?? "");
  // A modal is re-rendered only when the app changed it (views.update/push) or errors came back,
  // so what the user is typing is never thrown away by a poll.
  const hash = s.modal ? s.modal.hash : null;
  if (hash !== modalHash) {
    modalHash = hash;
    $("sb-modal-layer").innerHTML = s.modal ? s.modal.html : "";
    $("sb-modal-layer").querySelector("input,select,textarea")?.focus();
  }
}

function confirmed(el) {
  const raw = el.getAttribute("data-confirm");
  if (!raw) return true;
  const c = JSON.parse(raw);
  return window.confirm(`${c.title}\n\n${c.text}`);
}

async function sendAction(el) {
  // The view root (modal or home) carries data-view-type; a message root data-message-ts.
  const view = el.closest("[data-view-type]");
  const message = el.closest("[data-message-ts]");
  const type = el.getAttribute("data-type") || "button";
  let value = el.getAttribute("data-value");
  if (type === "checkboxes") value = [...el.querySelectorAll("input:checked")].map((i) => i.value);
  else if (type !== "button") {
    const input = el.matches("input,select,textarea") ? el : el.querySelector("input:checked,input,select,textarea");
    value = input ? input.value : null;
  }
  const body = {
    user,
    actionId: el.getAttribute("data-action-id"),
    blockId: el.getAttribute("data-block-id") || undefined,
    type,
    value,
  };
  if (view) {
    body.viewId = view.getAttribute("data-view-id");
    body.fields = fieldsOf(view);
  } else if (message) {
    body.channel = message.getAttribute("data-channel") || channel;
    body.messageTs = message.getAttribute("data-message-ts");
  }
  await api("action", body);
  setTimeout(refresh, 150);
}

document.addEventListener("click", async (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const channelButton = target.closest("[data-channel-id]");
  if (channelButton) {
    channel = channelButton.getAttribute("data-channel-id");
    showHome = false;
    thread = null;
    last = {};
    return refresh();
  }
  const threadButton = target.closest("[data-message-action='open-thread']");
  if (threadButton) {
    thread = threadButton.getAttribute("data-thread-ts");
    return refresh();
  }
  const viewAction = target.closest("[data-view-action]");
  if (viewAction) {
    event.preventDefault();
    const viewId = viewAction.getAttribute("data-view-id");
    if (viewAction.getAttribute("data-view-action") === "close") {
      await api("close", { user, viewId });
    } else {
      const root = viewAction.closest("[data-view-type]");
      viewAction.disabled = true;
      const result = await api("submit", { user, viewId, fields: fieldsOf(root) });
      viewAction.disabled = false;
      if (result.validationErrors) notice(`Appen svarade med en ogiltig vy: ${result.validationErrors.join("; ")}`);
    }
    modalHash = "(refresh)";
    return refresh();
  }
  const el = target.closest("[data-action-id]");
  if (el && el.getAttribute("data-dispatch") === "click") {
    event.preventDefault();
    if (!confirmed(el)) return;
    await sendAction(el);
  }
});

document.addEventListener("change", async (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const el = target?.closest("[data-action-id]");
  if (!el || el.getAttribute("data-dispatch") !== "change") return;
  if (!confirmed(el)) return;
  await sendAction(el);
});

$("sb-user").addEventListener("change", (event) => {
  user = event.target.value;
  thread = null;
  last = {};
  modalHash = null;
  if (showHome) void api("home", { user });
  void refresh();
});

$("sb-home-tab").addEventListener("click", async () => {
  showHome = true;
  thread = null;
  await api("home", { user });
  last = {};
  setTimeout(refresh, 200);
});

$("sb-thread-close").addEventListener("click", () => {
  thread = null;
  void refresh();
});

$("sb-composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("sb-input");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  const result = await api("command", { user, channel, text });
  notice(result.notice || "");
  setTimeout(refresh, 200);
});

void refresh();
setInterval(refresh, 1000);
