"""The labelling page: one self-contained document (inline style and script, nothing from the network).

It shows one sentence at a time between its neighbours in the article, the model's guess with its
top-3 scores and the terms that drove it, and the scheme's labels as numbered buttons.  Keys:
1-9 choose a label, Enter accepts the guess, Backspace undoes the last decision, ``s`` skips.
Text from the data is only ever set with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govtext: labelling</title>
<style>
body { margin: 0 auto; max-width: 52rem; padding: 1rem 1.5rem 3rem; color: #222; background: #fff;
  font: 17px/1.8 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.2rem; margin: 0 0 .5rem; }
#bar { height: .6rem; background: #eee; border-radius: 3px; overflow: hidden; }
#fill { height: 100%; width: 0; background: #4e79a7; transition: width .2s; }
#count, #source, .hint, #saved { color: #666; font-size: .85rem; }
#context { margin: 1rem 0; padding: .8rem 1rem; background: #fafafa; border-left: 3px solid #ddd; }
.ctx { color: #888; }
#sentence { background: #fff3c4; font-size: 1.2rem; padding: 0 .15rem; }
#guess { margin: .5rem 0; }
#top li { list-style: none; }
#labels { display: flex; flex-wrap: wrap; gap: .4rem; margin: 1rem 0; padding: 0; }
#labels button { font: inherit; padding: .3rem .8rem; border: 1px solid #999; border-radius: 4px; background: #fff;
  cursor: pointer; }
#labels button.guess { border: 2px solid #4e79a7; font-weight: bold; }
#error { color: #b00; }
#finished { display: none; padding: 1rem; background: #eef6ee; border-radius: 4px; }
code { background: #f3f3f3; padding: 0 .2rem; }
</style>
</head>
<body>
<h1>govtext: labelling <span id="scheme"></span></h1>
<div id="bar" role="progressbar" aria-valuemin="0"><div id="fill"></div></div>
<p id="count"></p>
<div id="work">
  <p id="source"></p>
  <div id="context"><span id="before" class="ctx"></span><span id="sentence"></span><span id="after" class="ctx">
  </span></div>
  <div id="guess">Model's guess: <b id="guess-label"></b>
    <ul id="top"></ul>
    <div>Terms that drove it: <span id="terms"></span></div>
  </div>
  <ol id="labels"></ol>
  <p class="hint">Keys: <b>1-9</b> choose a label · <b>Enter</b> accept the guess · <b>Backspace</b> undo ·
    <b>s</b> skip. Every decision is saved at once.</p>
</div>
<div id="finished"><p>All sentences are decided. Train on the file:</p>
  <p><code id="train"></code></p></div>
<p id="saved"></p>
<p id="error" role="alert"></p>
<script>
"use strict";
const token = new URLSearchParams(location.search).get("token") || "";
let state = null;
let queue = Promise.resolve();  // keys pressed quickly are done in order, each on the state before it

function text(id, value) { document.getElementById(id).textContent = value; }

async function call(method, path, body) {
  const response = await fetch(path, {
    method: method,
    headers: {"X-Token": token, "Content-Type": "application/json"},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) { throw new Error(data.error || response.statusText); }
  return data;
}

function render(data) {
  state = data;
  text("scheme", "(" + data.scheme + ")");
  const share = data.total ? 100 * data.done / data.total : 0;
  document.getElementById("fill").style.width = share.toFixed(1) + "%";
  const bar = document.getElementById("bar");
  bar.setAttribute("aria-valuemax", String(data.total));
  bar.setAttribute("aria-valuenow", String(data.done));
  text("count", data.done + " of " + data.total + " decided (" + data.labelled + " labelled, " +
    data.skipped + " skipped)");
  text("saved", data.done ? "saved to " + data.output : "");
  const current = data.current;
  document.getElementById("work").style.display = current ? "" : "none";
  document.getElementById("finished").style.display = current ? "none" : "block";
  text("train", "govtext train " + data.output + " --scheme " + data.scheme + " -o model.joblib");
  if (!current) { return; }
  document.body.dataset.item = String(current.item);
  text("source", current.source);
  text("before", current.before.join(""));
  text("sentence", current.text);
  text("after", current.after.join(""));
  text("guess-label", current.guess);
  const top = document.getElementById("top");
  top.replaceChildren(...current.top.map(([label, score]) => {
    const li = document.createElement("li");
    li.textContent = label + " " + score.toFixed(2);
    return li;
  }));
  text("terms", current.terms.length ? current.terms.join("、") : "(none)");
  const list = document.getElementById("labels");
  list.replaceChildren(...data.labels.map((label, i) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.label = label;
    button.textContent = (i + 1) + " " + label;
    if (label === current.guess) { button.className = "guess"; }
    button.addEventListener("click", () => decide(label));
    li.appendChild(button);
    return li;
  }));
}

function run(method, path, makeBody) {
  queue = queue.then(async () => {
    const body = makeBody ? makeBody() : undefined;
    if (body === null) { return; }
    try {
      render(await call(method, path, body));
      text("error", "");
    } catch (error) {
      text("error", "Not saved: " + error.message);
    }
  });
}

function onCurrent(make) {
  return () => (state && state.current ? make(state.current) : null);
}

function decide(label) {
  run("POST", "/api/decide", onCurrent((current) => ({item: current.item, label: label})));
}

document.addEventListener("keydown", (event) => {
  if (!state || event.ctrlKey || event.metaKey || event.altKey) { return; }
  if (event.key === "Backspace") { event.preventDefault(); run("POST", "/api/undo"); return; }
  if (event.key === "Enter") {
    event.preventDefault();
    run("POST", "/api/decide", onCurrent((current) => ({item: current.item, label: current.guess})));
  } else if (event.key === "s" || event.key === "S") {
    event.preventDefault();
    run("POST", "/api/decide", onCurrent((current) => ({item: current.item, skip: true})));
  } else if (/^[1-9]$/.test(event.key)) {
    const label = state.labels[Number(event.key) - 1];
    if (label !== undefined) { event.preventDefault(); decide(label); }
  }
});

run("GET", "/api/state");
</script>
</body>
</html>
"""


def page() -> str:
    """The page's HTML."""
    return _PAGE


__all__ = ["page"]
