// The 12351 web chat: the privacy notice, then the conversation (docs/webchat.md).
// The conversation is a random token kept in localStorage; messages not yet taken by the
// server wait in localStorage too and are sent again, with the same id, until they are.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const memory = {};
  const store = {  // localStorage, or memory where the browser refuses it
    get(key) { try { return localStorage.getItem(key); } catch { return memory[key] ?? null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch { memory[key] = value; } },
  };
  const randomId = (bytes) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  let token = store.get("hotline.token");
  let pending = JSON.parse(store.get("hotline.pending") || "[]");  // [{id, text} | {id, button, label}]
  let cursor = "";
  let sending = false;

  function start() {
    store.set("hotline.notice", "read");
    if (!token) { token = randomId(16); store.set("hotline.token", token); }
    $("notice").hidden = true;
    $("chat").hidden = $("composer").hidden = $("status").hidden = false;
    poll();
    flush();
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, headers: {"X-Chat-Token": token, ...(body ? {"Content-Type": "application/json"} : {})},
      body: body ? JSON.stringify(body) : undefined, cache: "no-store",
    });
    return response;
  }

  async function poll() {  // long polling: one request waits up to 25 s for the next lines
    let failures = 0, wait = 0;  // the first answer at once (the conversation so far), then wait for news
    for (;;) {
      try {
        const response = await api("GET", `api/messages?since=${encodeURIComponent(cursor)}&wait=${wait}`);
        if (!response.ok) throw new Error(response.status);
        const answer = await response.json();
        answer.lines.forEach(draw);
        if (!wait) pending.filter((item) => !document.querySelector(`li[data-id="${item.id}"]`)).forEach(drawPending);
        cursor = answer.cursor || cursor;
        failures = 0;
        wait = 25;
        $("offline").hidden = true;
      } catch {
        failures += 1;
        if (failures > 1) $("offline").hidden = false;
        await sleep(Math.min(30000, 1000 * 2 ** failures));
      }
    }
  }

  function send(item) {
    item.id = randomId(9);
    pending.push(item);
    store.set("hotline.pending", JSON.stringify(pending));
    drawPending(item);
    flush();
  }

  async function flush() {  // one message at a time, in order; answered before the next goes
    if (sending) return;
    sending = true;
    $("working").hidden = false;
    let failures = 0;
    while (pending.length) {
      const item = pending[0];
      try {
        const {id, text, button} = item;
        const response = await api("POST", "api/messages", button ? {id, button} : {id, text});
        if (response.status >= 500) throw new Error(response.status);
        const shown = document.querySelector(`li[data-id="${item.id}"]`);
        if (shown) shown.classList.replace("sending", response.ok ? "sent" : "failed");
        pending.shift();
        store.set("hotline.pending", JSON.stringify(pending));
        failures = 0;
      } catch {
        failures += 1;
        $("offline").hidden = failures < 2;
        await sleep(Math.min(30000, 1000 * 2 ** failures));
      }
    }
    $("working").hidden = true;
    $("offline").hidden = true;
    sending = false;
  }

  function line(from, id) {
    const li = document.createElement("li");
    li.className = from;
    if (id) li.dataset.id = id;
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    li.append(bubble);
    return [li, bubble];
  }

  function paragraphs(bubble, text) {  // the 依据 line (the articles an answer cites) stands out
    let plain = [];
    const flushPlain = () => {
      if (plain.length) bubble.append(Object.assign(document.createElement("p"), {textContent: plain.join("\n")}));
      plain = [];
    };
    for (const row of text.split("\n")) {
      if (row.startsWith("依据：")) {
        flushPlain();
        bubble.append(Object.assign(document.createElement("p"), {className: "cite", textContent: row}));
      } else plain.push(row);
    }
    flushPlain();
  }

  function add(li) {
    $("lines").append(li);
    li.scrollIntoView({block: "end"});
  }

  function drawPending(item) {
    const [li, bubble] = line("worker sending", item.id);
    bubble.textContent = item.label || item.text;
    add(li);
  }

  function draw(entry) {
    if (entry.from === "worker") {
      document.querySelector(`li[data-id="${entry.id}"]`)?.remove();  // drawn when sent: now in its place
      const [li, bubble] = line("worker", entry.id);
      bubble.textContent = entry.text;
      add(li);
      return;
    }
    const [li, bubble] = line("assistant");
    paragraphs(bubble, entry.text);
    if (entry.file) {
      const link = Object.assign(document.createElement("a"), {className: "file", textContent: `下载 ${entry.file}`});
      link.href = `api/files/${encodeURIComponent(entry.file)}?token=${encodeURIComponent(token)}`;
      link.download = entry.file;
      bubble.append(link);
    }
    if (entry.buttons.length) {
      const chips = Object.assign(document.createElement("div"), {className: "chips"});
      for (const [title, button] of entry.buttons) {
        const chip = Object.assign(document.createElement("button"), {type: "button", textContent: title});
        chip.addEventListener("click", () => send({button, label: title}));
        chips.append(chip);
      }
      li.append(chips);
    }
    add(li);
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text) return;
    $("text").value = "";
    $("text").style.height = "";
    send({text});
  });
  $("text").addEventListener("keydown", (event) => {  // Enter sends on a keyboard; not while an IME composes
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("text").addEventListener("input", () => {
    $("text").style.height = "";
    $("text").style.height = `${$("text").scrollHeight}px`;
  });
  window.addEventListener("resize", () => $("lines").lastElementChild?.scrollIntoView({block: "end"}));  // the keyboard opened
  $("status").addEventListener("click", () => send({text: "/status", label: "查看进展"}));
  $("continue").addEventListener("click", start);
  if (store.get("hotline.notice") === "read") start();
})();
