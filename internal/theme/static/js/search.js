// Search for the default theme's search page. It loads the index that
// gen build writes to search/ (see internal/search): meta.js first, then
// only the word shards a query needs and the document chunks of the
// results shown. The index files are scripts, not JSON, so that the page
// also works when the site is opened from disk.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) return;

  var SHOWN = 20;
  // Dates read as on the site's pages: "2 January 2006".
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  var fromDisk = location.protocol === "file:";
  // The page is <root>/search/ (or <root>/search/index.html from disk).
  var root = new URL("../", document.baseURI);
  var loaded = {}, waiting = {};
  var meta = null;
  var latest = 0;

  window.genSearch = {
    load: function (name, data) {
      loaded[name] = data;
      (waiting[name] || []).forEach(function (done) { done(data); });
      delete waiting[name];
    }
  };

  // file returns a promise of one index file, loading it once.
  function file(name) {
    if (name in loaded) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve, reject) {
      if (!waiting[name]) {
        waiting[name] = [];
        var s = document.createElement("script");
        s.src = name + ".js";
        s.async = true;
        s.onerror = function () {
          delete waiting[name];
          reject(new Error("could not load the search index (" + name + ".js)"));
        };
        document.head.appendChild(s);
      }
      waiting[name].push(resolve);
    });
  }

  // words splits text as the index does: runs of letters and digits,
  // lower-cased and without accents, of 2 to maxWord letters, without stop
  // words. It also counts the words it left out, and why.
  function words(text) {
    var out = [], left = { common: 0, short: 0, long: 0 };
    var folded = text.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
    (folded.match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) {
      var n = Array.from(w).length;
      if (n < 2) left.short++;
      else if (n > meta.maxWord) left.long++;
      else if (meta.stop.indexOf(w) >= 0) left.common++;
      else if (out.indexOf(w) < 0) out.push(w);
    });
    out.left = left;
    return out;
  }

  // unsearchable says why a query has no word to look for.
  function unsearchable(text, left) {
    if (!text.trim()) return "";
    if (left.common) return "Words as common as these are not searched for: add a more telling word.";
    if (left.long) return "That word is too long to be in any brief.";
    return "Type at least two letters.";
  }

  // shard hashes the UTF-8 bytes of a word's first two letters, as the
  // index does.
  function shard(w) {
    var bytes = new TextEncoder().encode(Array.from(w).slice(0, 2).join(""));
    var h = 0;
    for (var i = 0; i < bytes.length; i++) h = (Math.imul(h, 31) + bytes[i]) >>> 0;
    return h % meta.shards;
  }

  // postings decodes the briefs of one index word, as a map from brief
  // number to the bits of the fields the word is in.
  function postings(list) {
    var out = new Map(), id = 0;
    for (var i = 0; i < list.length; i++) {
      id += Math.floor(list[i] / meta.base);
      out.set(id, list[i] % meta.base);
    }
    return out;
  }

  // weight scores a match by its highest field; meta.fields lists the
  // fields from the highest bit (the title) down, each with its weight.
  function weight(fields, exact) {
    var w = 1;
    for (var i = 0; i < meta.fields.length; i++) {
      if (fields & meta.fields[i].bit) {
        w = meta.fields[i].weight;
        break;
      }
    }
    return exact ? w * 2 : w;
  }

  // rank finds the briefs that have every query word (the last one may be
  // the start of a word) and orders them: more query words in the title
  // first, then by score, then newest first.
  function rank(query, shards) {
    var found = null;
    query.forEach(function (q, qi) {
      var index = shards[qi], hits = new Map();
      Object.keys(index).forEach(function (w) {
        if (w !== q && w.indexOf(q) !== 0) return;
        postings(index[w]).forEach(function (fields, id) {
          var h = hits.get(id) || { title: 0, score: 0 };
          var s = weight(fields, w === q);
          if (s > h.score) h = { title: fields & meta.fields[0].bit ? 1 : 0, score: s };
          hits.set(id, h);
        });
      });
      if (found === null) {
        found = hits;
        return;
      }
      var both = new Map();
      found.forEach(function (h, id) {
        var g = hits.get(id);
        if (g) both.set(id, { title: h.title + g.title, score: h.score + g.score });
      });
      found = both;
    });
    var ids = Array.from(found.keys());
    ids.sort(function (a, b) {
      var x = found.get(a), y = found.get(b);
      return y.title - x.title || y.score - x.score || a - b;
    });
    return ids;
  }

  function href(path) {
    var u = new URL(path, root).href;
    return fromDisk && u.endsWith("/") ? u + "index.html" : u;
  }

  function element(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function show(doc) {
    var li = document.createElement("li");
    var card = element("article", "", "brief-card");
    // Under the page's h1 with no heading between: h2, not the h3 of
    // lists grouped under headings.
    var h = element("h2");
    var a = element("a", doc[1]);
    a.href = href(doc[0]);
    h.appendChild(a);
    card.appendChild(h);
    var meta = element("p", "", "meta");
    var ymd = doc[2].split("-");
    var time = element("time", Number(ymd[2]) + " " + MONTHS[Number(ymd[1]) - 1] + " " + ymd[0]);
    time.dateTime = doc[2];
    meta.appendChild(time);
    // Between the date and the key points: the terms of each taxonomy.
    var points = doc[doc.length - 1];
    var terms = [].concat.apply([], doc.slice(3, -1));
    if (terms.length) meta.appendChild(document.createTextNode(" · " + terms.join(", ")));
    card.appendChild(meta);
    if (points.length) {
      var ul = element("ul", "", "points");
      points.forEach(function (k) { ul.appendChild(element("li", k)); });
      card.appendChild(ul);
    }
    li.appendChild(card);
    list.appendChild(li);
  }

  function search(text) {
    var run = ++latest;
    var query = words(text);
    if (!query.length) {
      list.textContent = "";
      status.textContent = unsearchable(text, query.left);
      return;
    }
    status.textContent = "Searching…";
    Promise.all(query.map(function (q) { return file("w" + shard(q)); })).then(function (shards) {
      var all = rank(query, shards), ids = all.slice(0, SHOWN);
      var chunks = [];
      ids.forEach(function (id) {
        var c = Math.floor(id / meta.chunk);
        if (chunks.indexOf(c) < 0) chunks.push(c);
      });
      return Promise.all(chunks.map(function (c) { return file("d" + c); })).then(function () {
        return { ids: ids, total: all.length };
      });
    }).then(function (found) {
      if (run !== latest) return;
      list.textContent = "";
      found.ids.forEach(function (id) { show(loaded["d" + Math.floor(id / meta.chunk)][id % meta.chunk]); });
      if (!found.total) status.textContent = query.length > 1 ? "No brief has all of these words." : "No brief has this word.";
      else if (found.total === 1) status.textContent = "1 brief found.";
      else if (found.total > found.ids.length) status.textContent = found.total + " briefs found; the first " + found.ids.length + " are shown.";
      else status.textContent = found.total + " briefs found.";
    }).catch(function (err) {
      if (run === latest) status.textContent = "Search failed: " + err.message;
    });
  }

  var timer = 0;
  function update() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      search(input.value);
    }, 80);
  }

  file("meta").then(function (m) {
    meta = m;
    input.addEventListener("input", update);
    input.form.addEventListener("submit", function (e) {
      e.preventDefault();
      update();
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      search(q);
    }
  }, function (err) {
    status.textContent = "Search is not available: " + err.message;
  });
})();
