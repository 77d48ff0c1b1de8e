/* The navigators' live page and chat page: kept current by asking the JSON views.
   Everything shown is set as text (patients' words are never markup). */
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 401 || r.redirected) { window.location.reload(); throw new Error("logged out"); }
        return r.json();
      });
  }

  function every(ms, work) {
    var busy = false;
    setInterval(function () {
      if (busy) return;
      busy = true;
      work().catch(function () {}).then(function () { busy = false; });
    }, ms);
  }

  /* ---- the live page: availability, who waits, your chats ---- */
  function acceptForm(chat) {
    var form = el("form", { method: "post", action: "chats/" + chat.id + "/accept" });
    form.appendChild(el("input", { type: "hidden", name: "csrf_token", value: csrf }));
    var described = "wait-" + chat.id + " questions-" + chat.id;
    form.appendChild(el("button", { type: "submit", "aria-describedby": described }, "Accept"));
    return form;
  }

  function waitingItem(chat) {
    var item = el("li");
    var minutes = Math.floor(chat.waiting_seconds / 60), seconds = chat.waiting_seconds % 60;
    var label = "Waiting " + minutes + " min " + seconds + " s";
    if (chat.lang !== "en") label += " · language: " + chat.lang;
    item.appendChild(el("span", { id: "wait-" + chat.id }, label));
    var questions = el("ul", { class: "questions", id: "questions-" + chat.id });
    (chat.questions.length ? chat.questions : ["No questions yet."]).forEach(function (q) {
      questions.appendChild(el("li", {}, q));
    });
    item.appendChild(questions);
    item.appendChild(acceptForm(chat));
    return item;
  }

  function sameIds(list, chats) {
    var shown = Array.prototype.map.call(list.children, function (li) { return li.dataset.id || ""; });
    return shown.join(",") === chats.map(function (c) { return String(c.id); }).join(",");
  }

  function renderWaiting(list, chats) {
    if (chats.length && sameIds(list, chats)) {  // only the times change: keep focus on a button
      chats.forEach(function (chat, i) {
        var minutes = Math.floor(chat.waiting_seconds / 60), seconds = chat.waiting_seconds % 60;
        list.children[i].querySelector("span").textContent =
          "Waiting " + minutes + " min " + seconds + " s" + (chat.lang !== "en" ? " · language: " + chat.lang : "");
      });
      return;
    }
    list.textContent = "";
    if (!chats.length) { list.appendChild(el("li", { class: "empty" }, "Nobody is waiting.")); return; }
    chats.forEach(function (chat) {
      var item = waitingItem(chat);
      item.dataset.id = String(chat.id);
      list.appendChild(item);
    });
  }

  function renderMine(list, chats) {
    var keys = chats.map(function (c) { return c.id + "-" + (c.alert ? "True" : "False"); });
    var shown = Array.prototype.map.call(list.children, function (li) { return li.dataset.id || ""; });
    if (chats.length && keys.join(",") === shown.join(",")) return; // unchanged: keep focus
    list.textContent = "";
    if (!chats.length) { list.appendChild(el("li", { class: "empty" }, "No open chats.")); return; }
    chats.forEach(function (chat, i) {
      var item = el("li", { "data-id": keys[i] });
      item.appendChild(el("a", { href: chat.url }, "Chat " + chat.id));
      if (chat.alert) { item.appendChild(document.createTextNode(" ")); item.appendChild(el("strong", {}, "possible emergency")); }
      list.appendChild(item);
    });
  }

  function livePage(form) {
    var waiting = document.getElementById("waiting"), mine = document.getElementById("mine");
    var count = document.getElementById("waiting-count");
    every(2000, function () {
      return getJson(form.dataset.stateUrl).then(function (state) {
        document.getElementById("available-toggle").setAttribute("aria-pressed", String(state.available));
        form.querySelector('input[name="available"]').value = state.available ? "0" : "1";
        renderWaiting(waiting, state.waiting);
        var counted = state.waiting.length + " waiting";
        if (count.textContent !== counted) count.textContent = counted; // announced on change
        renderMine(mine, state.mine);
      });
    });
  }

  /* ---- a chat: the conversation as it happens, sending, the alert ---- */
  function turnItem(turn) {
    var custom = turn.custom || {};
    var who = turn.who === "patient" ? "Patient"
      : custom.kind === "navigator" ? custom.name + ", care navigator" : "Assistant";
    var item = el("li", { class: "turn " + turn.who + (custom.kind === "navigator" ? " navigator" : "") });
    item.appendChild(el("span", { class: "who" }, who + ":"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("span", { class: "text" }, turn.text));
    return item;
  }

  var ALERT = "the patient was told to call 911 (and 988 for thoughts of suicide or self-harm). Read their latest message.";

  function showAlert() {
    var box = document.getElementById("alert");
    if (box.textContent.trim()) return;
    var p = el("p", { class: "error" });
    p.appendChild(el("strong", {}, "Possible emergency:"));
    p.appendChild(document.createTextNode(" " + ALERT));
    box.appendChild(p);
  }

  function chatPage(log) {
    var cursor = parseInt(log.dataset.cursor, 10) || 0;
    var form = document.getElementById("send-form");
    var ended = false;
    every(1000, function () {
      if (ended) return Promise.resolve();
      return getJson(log.dataset.feedUrl + "?after=" + cursor).then(function (news) {
        if (news.cursor < cursor) return;
        cursor = news.cursor;
        var list = log.querySelector("ol");
        news.turns.forEach(function (turn) { list.appendChild(turnItem(turn)); });
        if (news.alert) showAlert();
        if (news.status !== "active") {
          ended = true;
          document.getElementById("chat-status").textContent = "This chat has ended.";
          Array.prototype.forEach.call(document.querySelectorAll("#send-form, #end-form"), function (f) { f.remove(); });
        }
      });
    });
    if (!form) return;
    var box = document.getElementById("message"), error = document.getElementById("send-error");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!box.value.trim()) { error.textContent = "Type a message first."; return; }
      error.textContent = "";
      var body = new URLSearchParams({ csrf_token: csrf, message: box.value });
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
      }).then(function (r) { return r.json(); }).then(function (result) {
        if (result.sent) { box.value = ""; box.focus(); } else { error.textContent = result.error; }
      }).catch(function () { error.textContent = "Not sent: the connection failed. Please try again."; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var availability = document.getElementById("availability");
    if (availability) livePage(availability);
    var log = document.getElementById("transcript");
    if (log && log.dataset.feedUrl) chatPage(log);
  });
})();
