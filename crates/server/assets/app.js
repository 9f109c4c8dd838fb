// newsfuse web page: incident list with filters, map and timeline; incident pages with
// fused facts, status badges, the evidence highlighted in each article and the history
// of the casualty counts; actor pages. One script for both the server (data from
// /api/) and the static report (data inlined as window.NEWSFUSE_DATA). No libraries.
"use strict";

const STATIC = window.NEWSFUSE_DATA || null;
const EVENT_TYPES = ["armed_assault", "bombing", "assassination", "hostage_taking",
  "kidnapping", "facility_attack", "unarmed_assault", "attack"];
const STATUS_LABEL = { agreed: "agreed", updated: "updated", conflict: "conflict",
  single_source: "single source" };
const SVG_NS = "http://www.w3.org/2000/svg";

// ---- DOM helpers: text always goes in as text nodes, never as HTML ----

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function badge(status) {
  return el("span", { class: "badge " + status }, STATUS_LABEL[status] || status);
}

function countText(c) {
  if (!c) return "";
  if (c.best !== undefined && c.best !== null) return String(c.best);
  if (c.max === null || c.max === undefined) return "≥ " + c.min;
  return c.min + "–" + c.max;
}

// ---- data: the API, or the report's inlined data ----

async function api(path, params) {
  if (STATIC) return staticApi(path, params || {});
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v != null) qs.set(k, v);
  const url = "api" + path + (qs.toString() ? "?" + qs : "");
  const response = await fetch(url);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function staticApi(path, params) {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "incidents" && parts.length === 1) {
    const list = STATIC.incidents.filter((i) => matches(i, params));
    return { total: list.length, incidents: list };
  }
  if (parts[0] === "incidents") {
    const found = STATIC.incident[parts[1]];
    if (!found) throw new Error("no incident '" + parts[1] + "'");
    return found;
  }
  if (parts[0] === "actors" && parts.length === 1) return { total: STATIC.actors.length, actors: STATIC.actors };
  if (parts[0] === "actors") {
    const wanted = parts[1].toLowerCase();
    const found = Object.values(STATIC.actor).find((a) => a.name.toLowerCase() === wanted
      || a.aliases.some((x) => x.toLowerCase() === wanted));
    if (!found) throw new Error("no actor named '" + parts[1] + "'");
    return found;
  }
  throw new Error("not in this report: " + path);
}

// The list filters, applied in the page for the static report (the server applies
// the same ones in /api/incidents).
function matches(i, p) {
  const lower = (s) => (s || "").trim().toLowerCase();
  if (p.from && (!i.day || i.day < p.from)) return false;
  if (p.to && (!i.day || i.day > p.to)) return false;
  if (lower(p.country)) {
    const c = lower(p.country);
    if (!i.place || (lower(i.place.country) !== c && lower(i.place.country_code) !== c)) return false;
  }
  if (lower(p.actor) && !i.perpetrators.some((x) => lower(x) === lower(p.actor))) return false;
  if (p.type && i.event_type !== p.type) return false;
  if (p.min_killed && (!i.killed || i.killed.min < Number(p.min_killed))) return false;
  const words = lower(p.q).split(/\s+/).filter(Boolean);
  return words.every((w) => i.summary.toLowerCase().includes(w));
}

let worldCache = null;
async function world() {
  if (!worldCache) {
    worldCache = window.NEWSFUSE_WORLD
      ? window.NEWSFUSE_WORLD
      : await fetch("assets/countries-110m.json").then((r) => r.json());
  }
  return worldCache;
}

// ---- the map: TopoJSON decoded here, equirectangular projection onto 960×480 ----

const project = (lon, lat) => [(lon + 180) * (960 / 360), (90 - lat) * (480 / 180)];

function topoPaths(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (indexes) => {
    const points = [];
    indexes.forEach((i, k) => {
      const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      points.push(...(k ? arc.slice(1) : arc));
    });
    return points;
  };
  const ringPath = (points) => {
    let d = "", prev = null;
    for (const [lon, lat] of points) {
      const [x, y] = project(lon, lat);
      // A jump across the date line starts a new piece instead of a line across the map.
      d += (prev === null || Math.abs(lon - prev) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
      prev = lon;
    }
    return d + "Z";
  };
  return topo.objects.countries.geometries.map((g) => {
    const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { name: g.properties && g.properties.name, d: polygons.map((p) => p.map((r) => ringPath(ring(r))).join("")).join("") };
  });
}

let pathCache = null;
async function mapView(incidents, focus) {
  if (!pathCache) pathCache = topoPaths(await world());
  let viewBox = "0 0 960 480";
  if (focus) {
    const [x, y] = project(focus.lon, focus.lat);
    viewBox = [x - 120, y - 60, 240, 120].map((v) => v.toFixed(1)).join(" ");
  }
  const root = svg("svg", { class: "map", viewBox, role: "img", "aria-label": "map of incidents" },
    svg("g", { class: "basemap" }, pathCache.map((p) => svg("path", { class: "land", d: p.d },
      svg("title", {}, p.name || "")))));
  const scale = focus ? 0.3 : 1;
  for (const i of incidents) {
    if (!i.place || i.place.lat === null || i.place.lon === null) continue;
    const [x, y] = project(i.place.lon, i.place.lat);
    const k = i.killed ? i.killed.min : 0;
    root.append(svg("circle", {
      class: "marker", cx: x.toFixed(2), cy: y.toFixed(2), r: ((3 + Math.sqrt(k)) * scale).toFixed(2),
      "data-id": i.id, "data-place": i.place.name, "data-lat": i.place.lat, "data-lon": i.place.lon,
      onclick: () => { location.hash = "#/incident/" + encodeURIComponent(i.id); },
    }, svg("title", {}, i.summary + (k ? " (" + countText(i.killed) + " killed)" : ""))));
  }
  return root;
}

// ---- the timeline: one dot per dated incident ----

function dayNumber(iso) { return Date.parse(iso + "T00:00:00Z") / 86400000; }
function isoDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

function timelineView(incidents) {
  const dated = incidents.filter((i) => i.day);
  const root = svg("svg", { class: "timeline", viewBox: "0 0 960 110",
    role: "img", "aria-label": "timeline of incidents" });
  if (!dated.length) {
    root.append(svg("text", { x: 20, y: 60 }, "No dated incidents."));
    return root;
  }
  const days = dated.map((i) => dayNumber(i.day));
  let lo = Math.min(...days), hi = Math.max(...days);
  if (hi - lo < 2) { lo -= 1; hi += 1; }
  const x = (d) => 30 + (900 * (d - lo)) / (hi - lo);
  root.append(svg("line", { class: "axis", x1: 30, x2: 930, y1: 85, y2: 85 }));
  for (const d of [lo, (lo + hi) / 2, hi]) {
    root.append(svg("text", { x: x(d), y: 102, "text-anchor": "middle" }, isoDay(Math.round(d))));
  }
  const stack = {};
  dated.forEach((i) => {
    const d = dayNumber(i.day);
    const level = (stack[d] = (stack[d] || 0) + 1);
    root.append(svg("circle", {
      cx: x(d).toFixed(1), cy: 85 - 12 * level, r: 5, "data-id": i.id, "data-day": i.day,
      onclick: () => { location.hash = "#/incident/" + encodeURIComponent(i.id); },
    }, svg("title", {}, i.day + ": " + i.summary)));
  });
  return root;
}

// ---- views ----

const app = () => document.getElementById("app");

function show(...nodes) {
  const root = app();
  root.replaceChildren(...nodes.flat().filter(Boolean));
}

function hashParams() {
  const q = location.hash.indexOf("?");
  return new URLSearchParams(q >= 0 ? location.hash.slice(q + 1) : "");
}

function statusBadges(statuses) {
  return Object.entries(statuses || {}).filter(([s]) => s !== "agreed").map(([s, n]) => [badge(s), n > 1 ? "×" + n + " " : " "]);
}

async function listPage() {
  const params = Object.fromEntries(hashParams());
  const field = (name, label, type, extra) => el("label", {}, label,
    el("input", Object.assign({ name, type: type || "text", value: params[name] || "" }, extra || {})));
  const form = el("form", { class: "filters card", id: "filters" },
    field("q", "Text"), field("from", "From", "date"), field("to", "To", "date"),
    field("country", "Country"), field("actor", "Actor"),
    el("label", {}, "Type", el("select", { name: "type" }, el("option", { value: "" }, "any"),
      EVENT_TYPES.map((t) => el("option", { value: t, selected: params.type === t }, t.replace(/_/g, " "))))),
    field("min_killed", "Killed at least", "number", { min: 0 }),
    el("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const qs = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) qs.set(k, v);
    location.hash = "#/" + (qs.toString() ? "?" + qs : "");
  });
  const data = await api("/incidents", Object.assign({ limit: 1000 }, params));
  const rows = data.incidents.map((i) => el("tr", {
    class: "incident-row", "data-id": i.id,
    onclick: () => { location.hash = "#/incident/" + encodeURIComponent(i.id); },
  },
  el("td", {}, i.date || el("span", { class: "muted" }, "undated")),
  el("td", {}, el("a", { href: "#/incident/" + encodeURIComponent(i.id) }, i.summary)),
  el("td", {}, i.place ? i.place.name + (i.place.kind === "country" ? "" : ", " + i.place.country) : ""),
  el("td", {}, countText(i.killed)), el("td", {}, countText(i.wounded)),
  el("td", {}, i.perpetrators.join(", ")),
  el("td", {}, String(i.n_articles)),
  el("td", {}, statusBadges(i.statuses))));
  show(form,
    el("p", { id: "count" }, data.total + (data.total === 1 ? " incident" : " incidents")),
    el("div", { class: "grid2" }, el("div", {}, await mapView(data.incidents)), el("div", {}, timelineView(data.incidents))),
    el("h2", {}, "Incidents"),
    el("table", { id: "incidents" }, el("thead", {}, el("tr", {}, ["Date", "Incident", "Place", "Killed", "Wounded", "Perpetrators", "Reports", "Flags"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows)));
}

// What to call an article's outlet when the article does not name one: its title or
// file name, filled in by the incident page.
let articleNames = {};

function sourceLine(s) {
  return el("div", { class: "source" },
    el("span", { class: "pill" }, s.outlet || articleNames[s.article] || "unnamed outlet"), " ", s.published || "", " ",
    s.who_says ? el("span", { class: "muted" }, "— " + s.who_says) : null,
    // A time the article gives relative to the incident ("two days after the attack").
    s.when ? el("span", { class: "muted when" }, " · " + (s.when.value ? s.when.value + " (" + s.when.relative + ")" : s.when.relative)) : null,
    el("blockquote", {}, s.sentence || s.text));
}

function factRow(f) {
  const value = el("span", { class: "fact-value" }, f.display);
  let detail;
  if (f.disagreeing.length) {
    detail = el("div", { class: "side" },
      el("div", { class: "says" }, el("strong", {}, f.display), f.sources.map(sourceLine)),
      el("div", { class: "others" }, f.disagreeing.map((s) => [el("strong", {}, displayOf(s.value)), sourceLine(s)])));
  } else {
    detail = el("div", {}, f.sources.map(sourceLine));
  }
  return el("tr", { class: "fact status-" + f.status, "data-attribute": f.attribute },
    el("td", {}, f.attribute.replace(/_/g, " ")), el("td", {}, value),
    el("td", {}, badge(f.status), el("div", { class: "muted" }, f.note)), el("td", {}, detail));
}

function displayOf(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (v.min !== undefined) return countText(v);
  if (v.name) return v.name;
  if (v.by !== undefined) return [v.by, v.about].filter(Boolean).join(" → ");
  return JSON.stringify(v);
}

// Article text with the facts' evidence marked. Spans are UTF-8 byte offsets.
function highlighted(article, facts) {
  const marks = [];
  for (const f of facts) {
    for (const s of f.sources.concat(f.disagreeing)) {
      if (s.article === article.id) marks.push({ start: s.span[0], end: s.span[1], attribute: f.attribute, status: f.status });
    }
  }
  // Where spans overlap, the shorter wins: a count inside a quoted statement is shown
  // as the count, and the statement only where nothing more precise is marked.
  marks.sort((a, b) => (a.end - a.start) - (b.end - b.start) || a.start - b.start);
  const kept = [];
  for (const m of marks) {
    if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  }
  kept.sort((a, b) => a.start - b.start);
  const bytes = new TextEncoder().encode(article.text || "");
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const out = el("div", { class: "article-text" });
  let at = 0;
  for (const m of kept) {
    if (m.end > bytes.length || m.end <= m.start) continue;
    out.append(decode(at, m.start));
    out.append(el("mark", { class: "ent status-" + m.status, "data-attribute": m.attribute },
      decode(m.start, m.end), el("span", { class: "label" }, m.attribute.replace(/_/g, " "))));
    at = m.end;
  }
  out.append(decode(at, bytes.length));
  return out;
}

function historyChart(history) {
  const root = svg("svg", { class: "chart", viewBox: "0 0 600 180", role: "img", "aria-label": "casualty counts by publication day" });
  const points = history.filter((h) => h.published);
  if (!points.length) {
    root.append(svg("text", { x: 20, y: 90 }, "No dated figures."));
    return root;
  }
  const days = [...new Set(points.map((p) => p.published))].sort();
  const top = Math.max(1, ...points.map((p) => p.max === null ? p.min : p.max));
  const x = (d) => 60 + (days.length === 1 ? 240 : (480 * days.indexOf(d)) / (days.length - 1));
  const y = (v) => 150 - (130 * v) / top;
  root.append(svg("line", { class: "axis", x1: 50, x2: 560, y1: 150, y2: 150 }));
  root.append(svg("text", { x: 10, y: y(top) + 4 }, String(top)), svg("text", { x: 10, y: 154 }, "0"));
  days.forEach((d) => root.append(svg("text", { x: x(d), y: 168, "text-anchor": "middle" }, d)));
  for (const attribute of ["killed", "wounded"]) {
    const mine = points.filter((p) => p.attribute === attribute);
    if (!mine.length) continue;
    const byDay = days.map((d) => mine.filter((p) => p.published === d)).filter((l) => l.length);
    root.append(svg("polyline", { class: attribute, points: byDay.map((l) => x(l[0].published) + "," + y(Math.max(...l.map((p) => p.min)))).join(" ") }));
    for (const p of mine) {
      root.append(svg("circle", { class: attribute + " point", cx: x(p.published), cy: y(p.min), r: 4, "data-attribute": attribute, "data-value": p.display },
        svg("title", {}, attribute + " " + p.display + " (" + (p.outlet || "unnamed outlet") + ", " + p.published + ")")));
    }
  }
  root.append(svg("text", { x: 60, y: 14, class: "killed" }, "● killed"), svg("text", { x: 120, y: 14, class: "wounded" }, "● wounded"));
  return root;
}

// How the incident read after each report, in order of publication.
function revisionsView(revisions) {
  return el("ol", { class: "revisions", id: "revisions" }, revisions.map((r) => {
    const changed = r.changes.filter((c) => c.from !== c.to);
    const confirmed = r.changes.filter((c) => c.from === c.to).map((c) => c.attribute.replace(/_/g, " "));
    return el("li", { "data-article": r.article },
      el("strong", {}, [r.published || "undated", r.outlet || articleNames[r.article] || "unnamed outlet"].join(" · ")),
      el("span", { class: "muted" }, " — report " + r.reports),
      el("ul", {}, changed.map((c) => el("li", { "data-attribute": c.attribute },
        c.attribute.replace(/_/g, " ") + ": ", c.from === null ? "" : [el("del", {}, c.from), " → "],
        el("span", { class: "fact-value" }, c.to), " ", badge(c.status))),
      confirmed.length ? el("li", { class: "muted" }, "status changed: " + confirmed.join(", ")) : null));
  }));
}

// Which regroups opened, fed, merged or split the incident (docs/fusion.md).
function groupingView(changes) {
  const n = (list) => (list || []).length;
  const line = (c) => {
    switch (c.change) {
      case "opened": return "opened with " + n(c.articles) + " report(s)";
      case "joined": return n(c.articles) + " report(s) joined" + (c.was ? " (was " + c.was + ")" : "");
      case "merged": return "merged from " + c.from.join(", ") + (n(c.articles) ? ", linked by " + n(c.articles) + " new report(s)" : "");
      case "split": return c.from + " split into " + c.into.join(", ");
      default: return c.incident + " closed";
    }
  };
  return el("ol", { class: "grouping", id: "grouping" }, changes.map((c) =>
    el("li", { "data-change": c.change }, el("span", { class: "muted" }, "regroup " + c.regroup + ", " + c.at + ": "), line(c))));
}

async function incidentPage(id) {
  const inc = await api("/incidents/" + encodeURIComponent(id));
  articleNames = Object.fromEntries(inc.articles.map((a) => [a.id,
    a.title || (a.origin || a.id).split("/").pop()]));
  const row = inc.summary_row;
  const focus = row.place && row.place.lat !== null ? row.place : null;
  show(
    el("p", {}, el("a", { href: "#/" }, "← all incidents")),
    el("h1", { id: "summary" }, inc.summary),
    el("p", { class: "muted" }, [row.date || "undated", row.place ? row.place.name : null, inc.articles.length + " report(s)"].filter(Boolean).join(" · "), " ", statusBadges(row.statuses)),
    el("div", { class: "grid2" },
      el("div", {}, el("h2", {}, "Where"), await mapView([row], focus)),
      el("div", {}, el("h2", {}, "Casualty counts as reported"), historyChart(inc.history))),
    el("h2", {}, "Fused facts"),
    el("table", { id: "facts" }, el("thead", {}, el("tr", {}, ["Attribute", "Value", "Status", "Sources"].map((h) => el("th", {}, h)))),
      el("tbody", {}, inc.facts.map(factRow))),
    el("h2", {}, "How the story developed"),
    revisionsView(inc.revisions),
    el("h2", {}, "Grouping history"),
    groupingView(inc.grouping || []),
    el("h2", {}, "Reports"),
    inc.articles.map((a) => el("div", { class: "card article", "data-id": a.id },
      el("strong", {}, a.title || a.origin || a.id), " ",
      el("span", { class: "muted" }, [a.source, a.published].filter(Boolean).join(", ")),
      a.url ? [" ", el("a", { href: a.url, rel: "noopener noreferrer" }, "original")] : null,
      (a.copies || []).length ? el("p", { class: "muted copies" }, "Also carried by: ",
        a.copies.map((c, k) => [k ? ", " : "", c.outlet || c.origin, " (", c.kind === "exact" ? "same text" : "near copy", ")"])) : null,
      highlighted(a, inc.facts))));
}

async function actorsPage() {
  const data = await api("/actors");
  show(el("h1", {}, "Actors"),
    el("table", { id: "actors" }, el("thead", {}, el("tr", {}, ["Name", "Kind", "Also known as", "Incidents", "Claims"].map((h) => el("th", {}, h)))),
      el("tbody", {}, data.actors.map((a) => el("tr", {},
        el("td", {}, el("a", { href: "#/actor/" + encodeURIComponent(a.name) }, a.name)),
        el("td", {}, a.kind.replace(/_/g, " ")),
        el("td", {}, a.aliases.filter((x) => x !== a.name).join(", ")),
        el("td", {}, String(a.n_incidents)), el("td", {}, String(a.n_claims)))))));
}

async function actorPage(name) {
  const a = await api("/actors/" + encodeURIComponent(name));
  show(el("p", {}, el("a", { href: "#/actors" }, "← all actors")),
    el("h1", { id: "actor-name" }, a.name),
    el("p", { class: "muted" }, a.kind.replace(/_/g, " "), a.aliases.length > 1 ? " · also " + a.aliases.filter((x) => x !== a.name).join(", ") : ""),
    el("h2", {}, "Incidents"),
    el("ul", {}, a.incident_rows.map((i) => el("li", {},
      el("a", { href: "#/incident/" + encodeURIComponent(i.id) }, i.summary), " ",
      el("span", { class: "muted" }, i.date || ""), a.claims.includes(i.id) ? [" ", el("span", { class: "pill" }, "claimed")] : null))),
    el("h2", {}, "What the reports say about it"),
    el("ul", {}, a.facts.map((f) => el("li", {}, el("strong", {}, f.attribute.replace(/_/g, " ")), ": ", el("q", {}, f.text)))));
}

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const path = hash.split("?")[0];
  const parts = path.split("/").filter(Boolean);
  try {
    if (parts[0] === "incident" && parts[1]) await incidentPage(decodeURIComponent(parts[1]));
    else if (parts[0] === "actors") await actorsPage();
    else if (parts[0] === "actor" && parts[1]) await actorPage(decodeURIComponent(parts[1]));
    else await listPage();
    document.body.dataset.ready = hash;
  } catch (err) {
    show(el("p", { class: "error", id: "error" }, String(err.message || err)));
    document.body.dataset.ready = hash;
  }
}

document.getElementById("mode").textContent = STATIC ? "static report" : "live";
window.addEventListener("hashchange", route);
route();
