// gen live reload: reloads this tab when its page changes, swaps changed
// style sheets in place, and shows build errors over the page.
(() => {
  "use strict";
  // A tab on a missing page, or waiting for a first good build, reloads on
  // any change.
  const script = document.currentScript;
  const anyChange = script && script.hasAttribute("data-any-change");
  // The build the page comes from: a tab that connects after later builds
  // hears what they changed.
  const build = (script && script.dataset.build) || "";
  const scrollKey = "gen-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    restore();
    addEventListener("load", restore);
  }

  const reload = () => {
    sessionStorage.setItem(scrollKey, JSON.stringify([scrollX, scrollY]));
    location.reload();
  };

  // The URL of this page as the server names it: "/briefs/x/".
  const here = () => {
    let p = decodeURI(location.pathname);
    if (p.endsWith("/index.html")) p = p.slice(0, -"index.html".length);
    return p;
  };

  const overlayId = "gen-error-overlay";
  const showErrors = (errors) => {
    let box = document.getElementById(overlayId);
    if (!errors || errors.length === 0) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.94);color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = "Build failed: the page below is the last good build";
    h.style.cssText = "margin:0 0 1rem;font:bold 18px system-ui,sans-serif;color:#ff8080;";
    box.appendChild(h);
    for (const e of errors) {
      const p = document.createElement("p");
      p.className = "gen-error";
      p.style.cssText = "margin:0 0 .8rem;white-space:pre-wrap;";
      const where = document.createElement("strong");
      where.style.color = "#ffd479";
      let loc = e.file || "";
      if (e.line) loc += ":" + e.line;
      if (e.column) loc += ":" + e.column;
      where.textContent = loc ? loc + ": " : "";
      p.appendChild(where);
      p.appendChild(document.createTextNode(e.message));
      if (e.code) {
        const code = document.createElement("code");
        code.className = "gen-error-code";
        code.style.cssText = "margin-left:.6em;color:#9ab;";
        code.textContent = "[" + e.code + "]";
        p.appendChild(code);
      }
      box.appendChild(p);
    }
  };

  let instance = null;
  const events = new EventSource("/_gen/events?build=" + encodeURIComponent(build));
  events.addEventListener("hello", (ev) => {
    const d = JSON.parse(ev.data);
    if (instance !== null && instance !== d.instance) {
      reload(); // the server restarted: the site may have changed
      return;
    }
    instance = d.instance;
    document.documentElement.dataset.genLive = "connected";
    showErrors(d.errors);
  });
  events.addEventListener("errors", (ev) => showErrors(JSON.parse(ev.data).errors));
  events.addEventListener("reload", (ev) => {
    const data = JSON.parse(ev.data);
    const changed = data.changed || [];
    const renamed = data.renamed || {};
    showErrors([]);
    if (anyChange || changed.includes("*") || changed.includes(here())) {
      reload();
      return;
    }
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (renamed[url.pathname]) {
        // A style sheet named by its bytes, edited: the new one has a
        // name and an integrity of its own.
        link.removeAttribute("integrity");
        link.href = new URL(renamed[url.pathname], location.href).href;
      } else if (changed.includes(url.pathname)) {
        url.searchParams.set("gen", Date.now());
        link.href = url.href;
      }
    }
  });
})();
