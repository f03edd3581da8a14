/* atelier-transition: the participant page of the live room (phone first).
 *
 * Served by simulation/live/api.py with its JSON API; nothing remote. Every text that
 * comes from the server or from people (team names, pseudonyms, lever titles) is put in
 * the page with textContent, never as HTML. The participant's token is kept in
 * localStorage under "atelier-salle", so a phone that slept or reloaded finds its team
 * again.
 */
(function () {
  "use strict";

  var API = new URL("api/", document.baseURI);
  var KEY = "atelier-salle";
  var root = document.getElementById("salle");
  var params = new URLSearchParams(window.location.search);

  var app = {
    lang: "fr",
    meta: null,
    token: null,
    code: "",
    state: null,
    version: -1,
    polling: false,
    pollAbort: null,
    offline: false,
    error: "",
    openSectors: {},
    busy: false
  };

  // -- storage (may be unavailable: private mode) ------------------------------------
  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({
        token: app.token, code: app.code, lang: app.lang
      }));
    } catch (e) { /* nothing kept: a reload asks to join again */ }
  }

  // -- small DOM helpers (text only) ---------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = String(value); }
      else if (name === "onclick") { node.addEventListener("click", value); }
      else if (name === "onsubmit") { node.addEventListener("submit", value); }
      else { node.setAttribute(name, value === true ? "" : String(value)); }
    });
    (children || []).forEach(function (child) {
      if (child) { node.appendChild(child); }
    });
    return node;
  }
  function tx(key, values) {
    var text = (app.meta && app.meta.texts[key]) || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }
  function plural(key, n) { return tx(n === 1 ? key + "_one" : key + "_many", { n: n }); }

  // -- API -------------------------------------------------------------------------------
  function call(method, path, body, signal) {
    var headers = { "Accept": "application/json" };
    if (app.token) { headers["X-Atelier-Token"] = app.token; }
    var options = { method: method, headers: headers, cache: "no-store", signal: signal };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var url = new URL(path, API);
    url.searchParams.set("lang", app.lang);
    return fetch(url.toString(), options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var err = new Error(data.error || String(response.status));
          err.status = response.status;
          throw err;
        }
        return data;
      });
    });
  }

  function errorText(err) {
    var s = err.status;
    if (s === 404) { return tx("error_code"); }
    if (s === 410) { return tx("error_gone"); }
    if (s === 429) { return tx("error_busy"); }
    if (s === 409) { return tx("error_closed"); }
    if (s === 400 || s === 413 || s === 415) { return tx("error_input", { message: err.message }); }
    return tx("offline");
  }

  // -- state -------------------------------------------------------------------------------
  function setState(state) {
    if (!state || typeof state.version !== "number") { return; }
    if (app.state && state.version < app.version) { return; }  // an older answer
    app.state = state;
    app.version = state.version;
    app.code = state.room.code;
    save();
    render();
  }

  function forget() {
    app.token = null;
    app.state = null;
    app.version = -1;
    if (app.pollAbort) { app.pollAbort.abort(); }
    save();
  }

  function poll() {
    if (app.polling || !app.token) { return; }
    app.polling = true;
    var controller = new AbortController();
    app.pollAbort = controller;
    var delay = 0;
    call("GET", "state?since=" + app.version, undefined, controller.signal)
      .then(function (state) {
        if (app.offline) { app.offline = false; }
        setState(state);
        if (state.room.status === "ended" || state.room.status === "expired") { delay = -1; }
      })
      .catch(function (err) {
        if (err.name === "AbortError") { return; }
        if (err.status === 401 || err.status === 410) {
          app.error = errorText(err);
          forget();
          delay = -1;
          render();
          return;
        }
        app.offline = !err.status;
        delay = err.status === 429 ? 2000 : 2500;
        render();
      })
      .then(function () {
        app.polling = false;
        if (app.pollAbort === controller) { app.pollAbort = null; }
        if (delay >= 0 && app.token) { window.setTimeout(poll, delay); }
      });
  }

  function restartPoll() {
    if (app.pollAbort) { app.pollAbort.abort(); }
    app.polling = false;
    poll();
  }

  function act(path, body) {
    if (app.busy) { return; }
    app.busy = true;
    call("POST", path, body)
      .then(function (data) { app.error = ""; setState(data.state); })
      .catch(function (err) {
        app.error = errorText(err);
        if (err.status === 401) { forget(); }
        render();
      })
      .then(function () { app.busy = false; });
  }

  // -- screens -----------------------------------------------------------------------------
  function header() {
    var code = app.state ? app.state.room.code : "";
    return el("header", { "class": "bar" }, [
      el("h1", { text: tx("page_title") }),
      code ? el("span", { "class": "room-code", "data-testid": "room-code", text: code }) : null,
      el("button", { type: "button", "class": "lang", "data-testid": "lang",
                     text: tx("lang_switch"), onclick: switchLang })
    ]);
  }

  function banner() {
    if (app.offline) {
      return el("p", { "class": "banner offline", role: "alert", "data-testid": "offline",
                       text: tx("offline") });
    }
    return null;
  }

  function errorBox() {
    return app.error ? el("p", { "class": "banner error", role: "alert",
                                  "data-testid": "error", text: app.error }) : null;
  }

  function joinScreen() {
    var code = el("input", { id: "code", name: "code", autocomplete: "off", maxlength: "9",
                             autocapitalize: "characters", required: true,
                             "data-testid": "join-code", placeholder: "K7Q-M3X" });
    code.value = app.code || params.get("code") || "";
    var pseudo = el("input", { id: "pseudonym", name: "pseudonym", maxlength: "24",
                               autocomplete: "nickname", "data-testid": "join-pseudonym",
                               placeholder: tx("pseudonym_placeholder") });
    var form = el("form", { "class": "card join", onsubmit: function (event) {
      event.preventDefault();
      join(code.value, pseudo.value);
    } }, [
      el("h2", { text: tx("join_title") }),
      el("p", { "class": "help", text: tx("join_help") }),
      el("label", { "for": "code", text: tx("code_label") }), code,
      el("label", { "for": "pseudonym", text: tx("pseudonym_label") }), pseudo,
      el("button", { type: "submit", "class": "primary", "data-testid": "join",
                     text: tx("join_button") })
    ]);
    return [form];
  }

  function join(code, pseudonym) {
    app.error = "";
    call("POST", "join", { code: code, pseudonym: pseudonym, team: null })
      .then(function (data) {
        app.token = data.token;
        app.version = -1;
        setState(data.state);
        poll();
      })
      .catch(function (err) { app.error = errorText(err); render(); });
  }

  function statusText(room) {
    var round = tx("round_label", { n: room.round });
    if (room.status === "open") {
      return tx(room.mode === "vote" ? "status_open_vote" : "status_open_set", { round: round });
    }
    if (room.status === "locked") { return tx("status_locked", { round: round }); }
    if (room.status === "revealed") { return tx("status_revealed", { round: round }); }
    if (room.status === "ended") { return tx("status_ended"); }
    if (room.status === "expired") { return tx("status_expired"); }
    return tx("status_waiting");
  }

  function teamCard(state) {
    var team = state.team;
    var select = el("select", { id: "team", "data-testid": "team-select",
                                "aria-label": tx("change_team") });
    state.teams.forEach(function (t) {
      var option = el("option", { value: String(t.index),
                                  text: t.name + " (" + plural("members", t.members) + ")" });
      if (t.index === team.index) { option.selected = true; }
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      act("team", { team: parseInt(select.value, 10) });
    });
    var name = el("input", { id: "team-name", maxlength: "24", "data-testid": "team-name",
                             "aria-label": tx("rename_label"), placeholder: tx("rename_label") });
    name.value = team.name;
    var rename = el("form", { "class": "inline", onsubmit: function (event) {
      event.preventDefault();
      act("team-name", { name: name.value });
    } }, [name, el("button", { type: "submit", text: tx("rename_button") })]);
    return el("section", { "class": "card team", "data-testid": "team-card" }, [
      el("h2", { "data-testid": "team-name-title", text: tx("team_of", { name: team.name }) }),
      el("p", { "class": "members", text: team.members.join(", ") }),
      el("p", { "class": "total-label", text: tx("team_total") }),
      el("p", { "class": "total", "data-testid": "team-total", text: team.total }),
      el("p", { "class": "change", text: team.change }),
      el("p", { "class": "gap " + (team.reached ? "ok" : "far"), text: team.gap }),
      el("label", { "for": "team", text: tx("change_team") }), select,
      rename
    ]);
  }

  function leverRow(lever, state, open) {
    var voting = state.room.mode === "vote" && state.room.status === "open";
    var level = state.team.levels[lever.id] || 0;
    var mine = state.my_votes[lever.id];
    var counts = state.votes[lever.id] || [0, 0, 0, 0, 0];
    var buttons = lever.levels.map(function (label, i) {
      var pressed = voting ? mine === i : level === i;
      var button = el("button", {
        type: "button", "class": "level" + (level === i ? " current" : ""),
        "aria-pressed": pressed ? "true" : "false", disabled: !open,
        "data-level": String(i), title: label,
        "aria-label": tx("level", { n: i }) + " : " + label,
        onclick: function () { act("change", { lever: lever.id, level: i }); }
      }, [
        el("span", { "class": "digit", text: String(i) }),
        voting && counts[i] ? el("span", { "class": "count", text: plural("votes", counts[i]) }) : null
      ]);
      return button;
    });
    return el("div", { "class": "lever", "data-lever": lever.id }, [
      el("h4", { text: lever.title }),
      el("div", { "class": "levels", role: "group", "aria-label": lever.title }, buttons),
      el("p", { "class": "level-label", "data-testid": "level-label",
                text: tx("level", { n: level }) + " : " + lever.levels[level] }),
      voting && mine !== undefined ? el("p", { "class": "my-vote",
        text: tx("my_vote") + " : " + tx("level", { n: mine }) }) : null
    ]);
  }

  function sectors(state) {
    var open = state.room.status === "open";
    var voting = state.room.mode === "vote";
    var blocks = app.meta.sectors.map(function (sector, index) {
      var chosen = sector.levers.filter(function (l) { return state.team.levels[l.id]; }).length;
      var details = el("details", { "class": "sector", "data-sector": sector.id }, [
        el("summary", {}, [
          el("span", { "class": "swatch", "data-colour": sector.colour }),
          el("span", { text: sector.label }),
          chosen ? el("span", { "class": "chosen", text: String(chosen) }) : null
        ])
      ].concat(sector.levers.map(function (lever) { return leverRow(lever, state, open); })));
      if (app.openSectors[sector.id] || (app.openSectors[sector.id] === undefined && index === 0)) {
        details.open = true;
      }
      details.addEventListener("toggle", function () { app.openSectors[sector.id] = details.open; });
      var swatch = details.querySelector(".swatch");
      swatch.style.background = /^#[0-9A-Fa-f]{6}$/.test(sector.colour) ? sector.colour : "#777";
      return details;
    });
    return el("section", { "class": "levers", "data-testid": "levers" }, [
      open ? el("p", { "class": "help", text: voting ? tx("vote_help") : tx("set_help") }) : null,
      el("p", { "class": "help", text: tx("sectors_hint") })
    ].concat(blocks));
  }

  function results(state) {
    if (!state.results) { return null; }
    var rows = state.results.map(function (r, i) {
      return el("li", { "class": r.mine ? "mine" : "" }, [
        el("span", { "class": "rank", text: (i + 1) + "." }),
        el("span", { "class": "name" }, [
          el("span", { text: r.name }),
          r.mine ? el("span", { "class": "tag", text: tx("results_mine") }) : null
        ]),
        el("b", { "class": "value", text: r.total })
      ]);
    });
    return el("section", { "class": "card results", "data-testid": "results" }, [
      el("h2", { text: tx("results_title") }), el("ol", {}, rows)
    ]);
  }

  function playScreen() {
    var state = app.state;
    var room = state.room;
    var over = room.status === "ended" || room.status === "expired";
    var parts = [
      el("p", { "class": "status status-" + room.status, role: "status",
                "data-testid": "status", "data-status": room.status,
                "data-round": String(room.round), "data-mode": room.mode || "",
                text: statusText(room) })
    ];
    if (!over) {
      parts.push(results(state));
      parts.push(teamCard(state));
      parts.push(sectors(state));
    }
    parts.push(el("button", { type: "button", "class": "leave", "data-testid": "leave",
                              text: tx("leave"), onclick: function () {
                                var done = function () { forget(); render(); };
                                call("POST", "leave", {}).then(done, done);
                              } }));
    return parts;
  }

  function render() {
    if (!app.meta) { return; }
    document.documentElement.lang = app.lang;
    document.title = tx("page_title");
    var scrollY = window.scrollY;
    var active = document.activeElement;
    var focused = active && active.tagName === "INPUT" && active.id ? {
      id: active.id, value: active.value, start: active.selectionStart, end: active.selectionEnd
    } : null;
    var body = app.token && app.state ? playScreen() : joinScreen();
    root.replaceChildren.apply(root, [header(), banner(), errorBox()].concat(body)
      .filter(Boolean));
    root.setAttribute("data-version", String(app.version));
    if (focused && document.getElementById(focused.id)) {
      // an update arrived while someone typed: keep what they typed and where
      var input = document.getElementById(focused.id);
      input.value = focused.value;
      input.focus();
      try { input.setSelectionRange(focused.start, focused.end); } catch (e) { /* nothing */ }
    }
    window.scrollTo(0, scrollY);
  }

  function loadMeta() {
    return call("GET", "meta").then(function (meta) { app.meta = meta; });
  }

  function switchLang() {
    app.lang = app.lang === "fr" ? "en" : "fr";
    save();
    loadMeta().then(function () {
      if (app.token) { restartPoll(); }
      render();
    });
  }

  // -- start ---------------------------------------------------------------------------------
  var saved = load();
  var wanted = params.get("code");
  app.lang = params.get("lang") === "en" ? "en" : params.get("lang") === "fr" ? "fr"
    : saved.lang === "en" ? "en" : "fr";
  if (saved.token && (!wanted || !saved.code || wanted.toUpperCase().replace(/[\s-]/g, "")
                      === saved.code.replace("-", ""))) {
    app.token = saved.token;
    app.code = saved.code || "";
  }
  loadMeta().then(function () {
    render();
    if (app.token) { poll(); }
  }).catch(function () {
    root.replaceChildren(el("p", { "class": "banner offline", role: "alert",
                                   text: "Connexion impossible. / Cannot connect." }));
    window.setTimeout(function () { window.location.reload(); }, 5000);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && app.token) { restartPoll(); }
  });
  window.addEventListener("online", function () { if (app.token) { restartPoll(); } });
})();
