/*
 * The "Let's chat" widget: one script (it loads letschat.css beside itself) that any
 * page includes with a single tag; options are data- attributes on that tag (README).
 * Everything from a message is put in the page as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var options = {
    endpoint: (data.endpoint || "/chat").replace(/\/$/, ""),
    title: data.title || "Let's chat",
    color: data.color || "",
    colorText: data.colorText || "",
    phone: data.phone || "",
    pageUrl: data.pageUrl || "",
    opener: data.button || "[data-letschat-open]",
    timeoutMs: Number(data.timeoutMs) || 8000,
  };
  // The widget's own words, in the page's language (data-lang, else <html lang>) and then
  // in the language the assistant answers in: a patient who writes Spanish gets them in
  // Spanish. Names a screen reader reads keep to the same language (lang attributes).
  var LABELS = {
    en: {
      restart: "Start over", close: "Close chat", log: "Conversation", human: "Talk to a person",
      input: "Type your message", send: "Send", from: "From: ", you: "You", assistant: "Assistant",
      important: "Assistant \u2014 important", navigator: "{name}, care navigator",
      typing: "The assistant is typing", rateGroup: "Was this answer helpful?",
      rateQ: "Helpful?", up: "Helpful", down: "Not helpful", yes: "Yes", no: "No",
      rated: "Thanks for telling us.", notRated: "Sorry, your rating could not be saved.",
      quick: "Suggested replies", waiting: "Waiting for a care navigator: you are number {place} in line.",
      chatting: "Chatting with {name}, care navigator.",
      left: "You are no longer in line for a care navigator. Ask for a person again at any time.",
      tooLong: "That message is too long: please keep it under 1,000 characters and send it in parts.",
      callPhone: "call {phone}", callHospital: "call the hospital",
      down1: "Sorry, the assistant is not answering right now. ",
      kept: "Your message was not sent; it is still in the box so you can try again. ",
      down2: "To talk to someone now, {call}. In an emergency, call 911.",
    },
    es: {
      restart: "Empezar de nuevo", close: "Cerrar el chat", log: "Conversación",
      human: "Hablar con una persona", input: "Escriba su mensaje", send: "Enviar",
      from: "Fuente: ", you: "Usted", assistant: "Asistente", important: "Asistente \u2014 importante",
      navigator: "{name}, navegador de atención al paciente", typing: "El asistente está escribiendo",
      rateGroup: "¿Le fue útil esta respuesta?", rateQ: "¿Le fue útil?", up: "Útil",
      down: "No es útil", yes: "Sí", no: "No", rated: "Gracias por decírnoslo.",
      notRated: "Lo siento, no se pudo guardar su calificación.", quick: "Respuestas sugeridas",
      waiting: "Esperando a un navegador de atención al paciente: usted es el número {place} en la fila.",
      chatting: "Chateando con {name}, navegador de atención al paciente.",
      left: "Ya no está en la fila para hablar con un navegador de atención al paciente. Puede volver a pedir hablar con una persona en cualquier momento.",
      tooLong: "Ese mensaje es demasiado largo: por favor, use menos de 1,000 caracteres y envíelo en partes.",
      callPhone: "llame al {phone}", callHospital: "llame al hospital",
      down1: "Lo siento, el asistente no está respondiendo en este momento. ",
      kept: "Su mensaje no se envió; todavía está en el cuadro de texto para que pueda intentarlo de nuevo. ",
      down2: "Para hablar con alguien ahora, {call}. En una emergencia, llame al 911.",
    },
  };
  function languageOf(code) {
    return LABELS[String(code || "").toLowerCase().slice(0, 2)] ? String(code).toLowerCase().slice(0, 2) : null;
  }
  var lang = languageOf(data.lang) || languageOf(document.documentElement.lang) || "en";
  function t(key, values) {
    return LABELS[lang][key].replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  var STORE_KEY = "letschat-session";
  var OPEN_KEY = "letschat-open";
  var IDLE_MS = 60 * 60 * 1000; // the server forgets an idle conversation after an hour too
  var MAX_MESSAGE = 1000;
  // A late answer is looked for as long as the web app lets a turn run (120 s), and a bit.
  var LATE_POLL_MS = 2000, LATE_POLL_TRIES = 65;
  // While a live chat waits or goes on, the widget asks for news about once a second.
  var LIVE_POLL_MS = 1000;
  var THUMB_PATH = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06" +
    "L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05" +
    "c.09-.23.14-.47.14-.73v-2z";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---- the session id: random, kept in this browser until an hour of quiet ---- */

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function storedSession() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "null");
      return saved && saved.id && saved.expires > Date.now() ? saved.id : null;
    } catch (e) {
      return null;
    }
  }

  function keepSession(id) {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify({ id: id, expires: Date.now() + IDLE_MS }));
    } catch (e) { /* private mode: the conversation lasts as long as the page */ }
  }

  function rememberOpen(isOpen) {
    try {
      window.sessionStorage.setItem(OPEN_KEY, isOpen ? "1" : "");
    } catch (e) { /* nothing to keep */ }
  }

  function wasOpen() {
    try {
      return window.sessionStorage.getItem(OPEN_KEY) === "1";
    } catch (e) {
      return false;
    }
  }

  /* ---- talking to the web app (same origin) ---- */

  function post(path, body) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, options.timeoutMs);
    return fetch(options.endpoint + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      signal: controller.signal,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { ok: response.ok, status: response.status, json: json };
      });
    }).finally(function () { clearTimeout(timer); });
  }

  function unreachableText(textKept) {
    var call = options.phone ? t("callPhone", { phone: options.phone }) : t("callHospital");
    return t("down1") + (textKept ? t("kept") : "") + t("down2", { call: call });
  }

  /* ---- building the panel ---- */

  var ui = {};
  var session = storedSession();
  var busy = false;
  var lastOpener = null;

  function build() {
    var root = el("div", { class: "lc-root" });
    if (options.color) root.style.setProperty("--lc-accent", options.color);
    if (options.colorText) root.style.setProperty("--lc-accent-text", options.colorText);

    var panel = el("section", { id: "lc-panel", class: "lc-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "lc-title" });
    panel.hidden = true;
    var header = el("div", { class: "lc-header" });
    header.appendChild(el("h2", { id: "lc-title", class: "lc-title" }, options.title));
    ui.restart = el("button", { type: "button", class: "lc-restart" });
    ui.close = el("button", { type: "button", class: "lc-close" }, "\u00d7");
    header.appendChild(ui.restart);
    header.appendChild(ui.close);

    ui.log = el("div", { class: "lc-log", role: "log", "aria-live": "polite", tabindex: "0" });
    ui.typing = el("p", { class: "lc-typing", role: "status" });
    ui.live = el("p", { class: "lc-live", role: "status" });
    ui.live.hidden = true;
    var actions = el("div", { class: "lc-actions" });
    ui.human = el("button", { type: "button", class: "lc-human" });
    actions.appendChild(ui.human);

    ui.form = el("form", { class: "lc-form" });
    ui.label = el("label", { for: "lc-input", class: "lc-label" });
    ui.form.appendChild(ui.label);
    var row = el("div", { class: "lc-row" });
    ui.input = el("textarea", { id: "lc-input", rows: "2", maxlength: String(MAX_MESSAGE), autocomplete: "off" });
    ui.send = el("button", { type: "submit", class: "lc-send" });
    row.appendChild(ui.input);
    row.appendChild(ui.send);
    ui.form.appendChild(row);

    [header, ui.live, ui.log, ui.typing, actions, ui.form].forEach(function (part) { panel.appendChild(part); });
    root.appendChild(panel);
    ui.panel = panel;
    ui.root = root;
    document.body.appendChild(root);
    applyLabels();
  }

  function applyLabels() {
    ui.panel.setAttribute("lang", lang);
    ui.restart.textContent = t("restart");
    ui.close.setAttribute("aria-label", t("close"));
    ui.log.setAttribute("aria-label", t("log"));
    ui.human.textContent = t("human");
    ui.label.textContent = t("input");
    ui.send.textContent = t("send");
  }

  // The assistant answers in the patient's language: the widget follows it.
  function followLanguage(code) {
    var next = languageOf(code);
    if (!next || next === lang) return;
    lang = next;
    applyLabels();
  }

  function openers() {
    var found = Array.prototype.slice.call(document.querySelectorAll(options.opener));
    if (found.length) return found;
    var launcher = el("button", { type: "button", class: "lc-launcher" }, options.title);
    ui.root.insertBefore(launcher, ui.panel);
    return [launcher];
  }

  /* ---- showing turns ---- */

  function textBlocks(text) {
    // The page's bullets arrive as "• " lines: shown as a list; other text as paragraphs.
    var fragment = document.createDocumentFragment();
    text.split(/\n{2,}/).forEach(function (block) {
      var lines = block.split("\n");
      var bullets = lines.every(function (line) { return /^\u2022 /.test(line); });
      if (bullets) {
        var list = el("ul");
        lines.forEach(function (line) { list.appendChild(el("li", {}, line.slice(2))); });
        fragment.appendChild(list);
        return;
      }
      var paragraph = el("p");
      lines.forEach(function (line, i) {
        if (i) paragraph.appendChild(el("br"));
        paragraph.appendChild(document.createTextNode(line));
      });
      fragment.appendChild(paragraph);
    });
    return fragment;
  }

  function sourceLine(custom) {
    var line = el("p", { class: "lc-source" }, t("from"));
    var link = el("a", { href: options.pageUrl + "#" + custom.section }, custom.heading || custom.section);
    line.appendChild(link);
    return line;
  }

  function thumbIcon(down) {
    // Drawn, not an emoji: shows the same on every device (Material Icons' thumb, Apache-2.0).
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "lc-thumb-icon" + (down ? " lc-thumb-down" : ""));
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", THUMB_PATH);
    svg.appendChild(path);
    return svg;
  }

  function ratingControls(turn) {
    var group = el("div", { class: "lc-rate", role: "group", "aria-label": t("rateGroup") });
    group.appendChild(el("span", { class: "lc-rate-q", "aria-hidden": "true" }, t("rateQ")));
    var note = el("span", { class: "lc-rate-note", role: "status" });
    var buttons = [["up", t("up"), t("yes")], ["down", t("down"), t("no")]].map(function (spec) {
      var button = el("button", { type: "button", class: "lc-thumb", "data-rating": spec[0], "aria-label": spec[1], "aria-pressed": String(turn.feedback === spec[0]) });
      button.appendChild(thumbIcon(spec[0] === "down"));
      button.appendChild(el("span", { class: "lc-thumb-text", "aria-hidden": "true" }, spec[2]));
      button.addEventListener("click", function () { rate(turn, spec[0], buttons, note); });
      group.appendChild(button);
      return button;
    });
    group.appendChild(note);
    return group;
  }

  function rate(turn, rating, buttons, note) {
    post("/feedback", { session: session, answer_id: turn.answer_id, rating: rating }).then(function (reply) {
      if (!reply.ok) throw new Error("not saved");
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.rating === rating)); });
      note.textContent = t("rated");
    }).catch(function () {
      note.textContent = t("notRated");
    });
  }

  function quickReplies(buttons) {
    var group = el("div", { class: "lc-quick", role: "group", "aria-label": t("quick") });
    buttons.forEach(function (b) {
      var button = el("button", { type: "button", class: "lc-quick-reply" }, b.title);
      button.addEventListener("click", function () {
        send(b.payload, b.title, false);
        ui.input.focus();
      });
      group.appendChild(button);
    });
    return group;
  }

  function addTurn(turn) {
    clearQuickReplies(); // only the newest turn offers quick replies
    var patient = turn.who === "patient";
    var custom = turn.custom || {};
    if (!patient) followLanguage(custom.lang);
    var navigator = custom.kind === "navigator";
    var item = el("div", { class: "lc-msg " + (patient ? "lc-patient" : navigator ? "lc-assistant lc-navigator" : "lc-assistant") + (custom.kind === "emergency" ? " lc-emergency" : "") });
    // Who said it is written out, not only shown by colour or side.
    var who = patient ? t("you") : navigator ? t("navigator", { name: custom.name })
      : custom.kind === "emergency" ? t("important") : t("assistant");
    item.appendChild(el("p", { class: "lc-who" }, who));
    // The text's own language, so a screen reader reads it with the right voice.
    var body = el("div", patient || !languageOf(custom.lang) ? { class: "lc-text" } : { class: "lc-text", lang: custom.lang });
    body.appendChild(textBlocks(turn.text || ""));
    item.appendChild(body);
    if (custom.kind === "answer" && custom.section) item.appendChild(sourceLine(custom));
    if (turn.answer_id) item.appendChild(ratingControls(turn));
    if (turn.buttons && turn.buttons.length) item.appendChild(quickReplies(turn.buttons));
    ui.log.appendChild(item);
    ui.log.scrollTop = ui.log.scrollHeight;
    return item;
  }

  function addNotice(text) {
    return addTurn({ who: "assistant", text: text, custom: { kind: "notice" } });
  }

  function clearQuickReplies() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".lc-quick"), function (group) { group.remove(); });
  }

  function setTyping(on) {
    ui.typing.textContent = "";
    if (on) {
      ui.typing.appendChild(document.createTextNode(t("typing")));
      ui.typing.appendChild(el("span", { class: "lc-dots", "aria-hidden": "true" }, "..."));
    }
    ui.log.setAttribute("aria-busy", on ? "true" : "false");
  }

  /* ---- the conversation ---- */

  function showReply(reply) {
    var messages = reply.json.messages || [];
    messages.forEach(addTurn);
    if (messages.some(function (m) { return (m.custom || {}).live === "waiting"; })) followLive(0);
    return reply;
  }

  /* ---- a live chat with a care navigator: the line, their words, the hand back ---- */
  var liveWait = 0;

  function setLiveStatus(text) {
    if (ui.live.textContent !== text) ui.live.textContent = text; // announced on change only
    ui.live.hidden = !text;
  }

  var following = false;

  function stopFollowingLive() {
    liveWait += 1;
    following = false;
    setLiveStatus("");
  }

  // The navigator's "End chat" marks the chat ended a moment before its notice is
  // stored: the widget asks a few more times for the notice before it stops.
  var END_NOTICE_TRIES = 10;

  function liveNews(news, state) {
    var messages = news.messages || [];
    messages.forEach(addTurn);
    if (news.status === "ended" && state.endTries < END_NOTICE_TRIES &&
        !messages.some(function (m) { return (m.custom || {}).live === "ended"; })) {
      state.endTries += 1;
      setLiveStatus("");
      return true;
    }
    if (news.status === "waiting") {
      setLiveStatus(t("waiting", { place: news.place }));
      return true;
    }
    if (news.status === "active") {
      setLiveStatus(t("chatting", { name: news.navigator }));
      return true;
    }
    setLiveStatus("");
    if (news.status === "left") {
      addNotice(t("left"));
    }
    if (news.offer_callback) {
      post("/live/callback", { session: session }).then(showReply).catch(function () {
        addNotice(unreachableText(false));
      });
    }
    return false;
  }

  function followLive(after) {
    var wait = ++liveWait;
    following = true;
    var cursor = after;
    var state = { endTries: after === null ? END_NOTICE_TRIES : 0 };
    function poll() {
      if (wait !== liveWait) return;
      post("/live", { session: session, after: cursor }).then(function (reply) {
        if (wait !== liveWait || !reply.ok) return next();
        cursor = reply.json.cursor;
        if (liveNews(reply.json, state)) next(); else { liveWait += 1; following = false; }
      }).catch(next);
    }
    function next() {
      if (wait === liveWait) setTimeout(poll, LIVE_POLL_MS);
    }
    poll();
  }

  /* The web app stopped waiting but the assistant still answers: the answer appears in
     the conversation's history, so it is shown from there when it arrives. Each wait
     has its own number: a newer message or "Start over" ends the older wait. */
  var lateWait = 0;

  function stopAwaitingLateAnswer() {
    lateWait += 1;
  }

  function lateTurns(turns, askedAt) {
    // The turns after the patient's message that is waiting (stored at or after askedAt,
    // with a second for the two servers' clocks), up to the next patient message.
    var start = -1;
    turns.forEach(function (turn, i) {
      if (start < 0 && turn.who === "patient" && turn.at >= askedAt - 1) start = i;
    });
    if (start < 0) return [];
    var late = [];
    for (var i = start + 1; i < turns.length && turns[i].who !== "patient"; i++) late.push(turns[i]);
    return late;
  }

  function awaitLateAnswer(askedAt) {
    var wait = ++lateWait;
    var triesLeft = LATE_POLL_TRIES;
    function poll() {
      if (wait !== lateWait) return;
      post("/history", { session: session }).then(function (reply) {
        if (wait !== lateWait) return; // the patient moved on
        var late = lateTurns((reply.ok && reply.json.messages) || [], askedAt);
        if (late.length) { lateWait += 1; late.forEach(addTurn); return; }
        next();
      }).catch(function () { if (wait === lateWait) next(); });
    }
    function next() {
      if (wait !== lateWait) return;
      triesLeft -= 1;
      if (triesLeft > 0) setTimeout(poll, LATE_POLL_MS);
      else addNotice(unreachableText(false));
    }
    setTimeout(poll, LATE_POLL_MS);
  }

  function send(text, shown, fromBox) {
    if (busy || !text.trim()) return;
    stopAwaitingLateAnswer();
    if (text.length > MAX_MESSAGE) {
      addNotice(t("tooLong"));
      return;
    }
    busy = true;
    if (fromBox) ui.input.value = "";
    var mine = addTurn({ who: "patient", text: shown || text });
    setTyping(true);
    post("/message", { session: session, message: text, lang: lang }).then(function (reply) {
      if (!reply.ok && !(reply.json.messages || []).length) throw new Error("no reply");
      if (!reply.ok) throw Object.assign(new Error("refused"), { reply: reply });
      keepSession(session);
      showReply(reply);
      if (reply.json.pending) awaitLateAnswer(reply.json.asked_at);
      if (reply.json.live && !following) followLive(null); // a navigator has the chat
    }).catch(function (error) {
      mine.remove();
      if (fromBox) ui.input.value = ui.input.value ? text + " " + ui.input.value : text;
      if (error.reply) showReply(error.reply);
      else addNotice(unreachableText(fromBox));
    }).finally(function () {
      setTyping(false);
      busy = false;
    });
  }

  function start() {
    stopAwaitingLateAnswer();
    stopFollowingLive();
    session = newSessionId();
    keepSession(session);
    ui.log.textContent = "";
    setTyping(true);
    return post("/open", { session: session, lang: lang }).then(showReply).catch(function () {
      addNotice(unreachableText(false));
    }).finally(function () { setTyping(false); });
  }

  function resume() {
    if (!session) return start();
    setTyping(true);
    return post("/history", { session: session }).then(function (reply) {
      setTyping(false);
      var turns = (reply.ok && reply.json.messages) || [];
      if (!turns.length) return start();
      ui.log.textContent = "";
      turns.forEach(addTurn);
      keepSession(session);
      if (reply.json.live) followLive(null); // from now on: the history showed the rest
    }).catch(function () {
      setTyping(false);
      return start();
    });
  }

  var loaded = false;

  function showPanel(shown) {
    ui.panel.hidden = !shown;
    ui.root.classList.toggle("lc-is-open", shown);
    ui.openers.forEach(function (b) { b.setAttribute("aria-expanded", String(shown)); });
    rememberOpen(shown);
  }

  function open(opener, moveFocus) {
    lastOpener = opener || lastOpener;
    showPanel(true);
    if (moveFocus !== false) ui.input.focus();
    if (!loaded) {
      loaded = true;
      resume();
    }
  }

  function close() {
    showPanel(false);
    if (lastOpener) lastOpener.focus();
  }

  function wire(buttons) {
    ui.openers = buttons;
    buttons.forEach(function (button) {
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", "lc-panel");
      button.addEventListener("click", function () {
        if (ui.panel.hidden) open(button); else close();
      });
    });
    ui.close.addEventListener("click", close);
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    ui.restart.addEventListener("click", function () {
      if (busy) return;
      start().then(function () { ui.input.focus(); });
    });
    ui.human.addEventListener("click", function () {
      send(t("human"), t("human"), false);
      ui.input.focus();
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(ui.input.value, null, true);
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send(ui.input.value, null, true);
      }
    });
  }

  function init() {
    var link = el("link", { rel: "stylesheet", href: data.stylesheet || new URL("letschat.css", script.src).href });
    document.head.appendChild(link);
    build();
    var buttons = openers();
    wire(buttons);
    if (wasOpen() && session) open(buttons[0], false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
