// SPDX-License-Identifier: MIT
// The visual timeline on /timeline (part of kb-events, MIT licence; no third-party code).
//
// It reads /timeline.json with the page's own filters and draws one lane per country (or per
// actor) over a time axis that zooms from decades to days. Zoomed in, each event is a link: a
// point for a date known to the day, a bar from `earliest` to `latest` for one known only to
// the week, month or year. Zoomed out too far for single events, each lane shows counts per
// month (or per year), and a count zooms into its period. Everything works from the keyboard:
// + and - zoom, the arrow keys move in time, Tab reaches each mark and Enter follows it.
// Without JavaScript this section stays hidden and the page is its server-drawn chart and list.
(function () {
  "use strict";

  const DAY_MS = 86400000;
  const MIN_SPAN_DAYS = 7; // zoomed in as far as a week of single days
  const YEAR_MIN_PX = 20; // zoomed out until a year is this narrow: decades on one screen
  const EVENTS_MIN_MONTH_PX = 60; // a month narrower than this is too crowded for single marks
  const MONTH_BIN_MIN_PX = 24; // ... and narrower than this cannot show its own count: per year
  const TICK_MIN_PX = 90; // room for one axis label
  const MARK_PX = 10; // the width of a point
  const ROW_PX = 20;
  const MAX_ROWS = 4; // marks stacked in a lane before they overlap
  const MAX_LANES = 20; // the rest share one "other" lane
  const MAX_PAGES = 10; // pages of 1000 events fetched at most
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  const root = document.getElementById("vt");
  if (!root || !window.fetch || !window.URLSearchParams) {
    return;
  }

  const state = { by: "country", items: [], undated: 0, start: 0, span: 0, domain: null };
  const ui = {};

  // ------------------------------------------------------------ dates as UTC day numbers

  function dayOf(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, (m || 1) - 1, d || 1) / DAY_MS;
  }

  function parts(day) {
    const date = new Date(Math.floor(day) * DAY_MS);
    return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate(), w: date.getUTCDay() };
  }

  function dayLabel(day) {
    const p = parts(day);
    return `${p.d} ${MONTHS[p.m]} ${p.y}`;
  }

  function monthStart(y, m) {
    return Date.UTC(y, m, 1) / DAY_MS;
  }

  // ------------------------------------------------------------ data

  function jsonUrl() {
    const params = new URLSearchParams(window.location.search);
    params.delete("page"); // the list's page; the picture shows every matching event
    params.set("limit", "1000");
    return `${root.dataset.json}?${params}`;
  }

  async function loadEvents() {
    const events = [];
    let url = jsonUrl();
    for (let page = 0; url && page < MAX_PAGES; page += 1) {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        throw new Error(`${response.status} ${response.statusText}`);
      }
      const data = await response.json();
      events.push(...data.events);
      url = data.next;
    }
    return events;
  }

  // When the JSON gives no `latest` (an older server), the precision says how long the date is.
  function lastDay(event) {
    if (event.latest) {
      return dayOf(event.latest);
    }
    const first = parts(dayOf(event.earliest));
    if (event.date && event.date.precision === "year") {
      return monthStart(first.y + 1, 0) - 1;
    }
    if (event.date && event.date.precision === "month") {
      return monthStart(first.y, first.m + 1) - 1;
    }
    return dayOf(event.earliest);
  }

  function toItem(event) {
    const start = dayOf(event.earliest);
    const end = lastDay(event) + 1; // exclusive: a day-precise event is one day long
    const names = event.participants.map((p) => p.name).join(", ");
    const when = event.date ? event.date.label : dayLabel(start);
    const planned = event.planned ? " (planned)" : "";
    const type = event.type_label.charAt(0).toUpperCase() + event.type_label.slice(1);
    return {
      id: event.id, type: event.type, typeLabel: event.type_label, participants: event.participants,
      start, end, point: end - start <= 1, planned: event.planned,
      href: root.dataset.eventUrl.replace("EVENT_ID", encodeURIComponent(event.id)),
      label: `${type}${planned}, ${when}: ${names}`,
    };
  }

  // ------------------------------------------------------------ lanes

  function laneKeys(item, by) {
    const keys = new Map();
    for (const p of item.participants) {
      if (by === "country") {
        keys.set(p.country || "", p.country ? p.country_name || p.country : "No country stated");
      } else {
        keys.set(p.actor, p.name);
      }
    }
    if (!keys.size) {
      keys.set("", by === "country" ? "No country stated" : "No actor stated");
    }
    return keys;
  }

  // One lane per country or actor, busiest first; an event is drawn in the lane of each of its parties.
  function lanesOf(items, by) {
    const lanes = new Map();
    for (const item of items) {
      for (const [key, label] of laneKeys(item, by)) {
        if (!lanes.has(key)) {
          lanes.set(key, { key, label, items: [] });
        }
        lanes.get(key).items.push(item);
      }
    }
    const sorted = [...lanes.values()].sort((a, b) => b.items.length - a.items.length
      || a.label.localeCompare(b.label));
    if (sorted.length <= MAX_LANES) {
      return sorted;
    }
    const rest = sorted.slice(MAX_LANES - 1);
    const shared = new Set(rest.flatMap((lane) => lane.items));
    const noun = by === "country" ? "countries" : "actors";
    return [...sorted.slice(0, MAX_LANES - 1),
      { key: "other", label: `${rest.length} other ${noun}`, items: [...shared].sort((a, b) => a.start - b.start) }];
  }

  // ------------------------------------------------------------ the view: start day and span in days

  function trackWidth() {
    return Math.max(ui.axisTrack.clientWidth, 100);
  }

  function maxSpan() {
    const domain = state.domain.end - state.domain.start;
    return Math.max(trackWidth() / YEAR_MIN_PX * 365.25, domain * 1.1, MIN_SPAN_DAYS);
  }

  function setView(start, span) {
    state.span = Math.min(Math.max(span, MIN_SPAN_DAYS), maxSpan());
    // Keep some of the data in sight: the view may not drift wholly past either end.
    const lowest = state.domain.start - state.span * 0.9;
    const highest = state.domain.end - state.span * 0.1;
    state.start = Math.min(Math.max(start, lowest), highest);
    render();
  }

  function showAll() {
    const length = Math.max(state.domain.end - state.domain.start, MIN_SPAN_DAYS);
    setView(state.domain.start - length * 0.03, length * 1.06);
  }

  function zoom(factor, centre) {
    const at = centre === undefined ? state.start + state.span / 2 : centre;
    const span = Math.min(Math.max(state.span * factor, MIN_SPAN_DAYS), maxSpan());
    // The centre keeps its place on screen, so a focused mark stays under the eye.
    setView(at - (at - state.start) * (span / state.span), span);
  }

  function pan(fraction) {
    setView(state.start + state.span * fraction, state.span);
  }

  function scale() {
    const monthPx = trackWidth() * 30.44 / state.span;
    if (monthPx >= EVENTS_MIN_MONTH_PX) {
      return "events";
    }
    return monthPx >= MONTH_BIN_MIN_PX ? "month" : "year";
  }

  function x(day) {
    return (day - state.start) / state.span * trackWidth();
  }

  // ------------------------------------------------------------ the axis

  const TICK_UNITS = [
    { days: 1, step: (d) => d + 1 },
    { days: 7, first: (d) => d + ((8 - parts(d).w) % 7), step: (d) => d + 7 },
    { months: 1 }, { months: 3 }, { months: 12 }, { months: 24 }, { months: 60 }, { months: 120 },
  ];

  function unitDays(unit) {
    return unit.days || unit.months * 30.44;
  }

  function ticks() {
    const room = Math.max(Math.floor(trackWidth() / TICK_MIN_PX), 2);
    const unit = TICK_UNITS.find((u) => state.span / unitDays(u) <= room) || TICK_UNITS[TICK_UNITS.length - 1];
    const end = state.start + state.span;
    const found = [];
    if (unit.days) {
      let day = Math.ceil(state.start);
      day = unit.first ? unit.first(day) : day;
      for (; day <= end; day = unit.step(day)) {
        found.push({ day, label: dayLabel(day) });
      }
      return found;
    }
    const first = parts(state.start);
    let index = first.y * 12 + first.m + 1; // the first month start after the view's start
    index = Math.ceil(index / unit.months) * unit.months;
    for (; monthStart(Math.floor(index / 12), index % 12) <= end; index += unit.months) {
      const y = Math.floor(index / 12);
      const m = index % 12;
      found.push({ day: monthStart(y, m), label: unit.months % 12 === 0 ? String(y) : `${MONTHS[m]} ${y}` });
    }
    return found;
  }

  // ------------------------------------------------------------ drawing

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text; // article text only ever goes in as text, never as markup
    }
    return node;
  }

  function place(node, left, width, row) {
    node.style.left = `${left}px`;
    node.style.width = `${width}px`;
    node.style.top = `${row * ROW_PX + 3}px`;
  }

  function gridLines(track, marks) {
    for (const tick of marks) {
      const line = el("span", "vt-grid");
      line.style.left = `${x(tick.day)}px`;
      track.append(line);
    }
  }

  function eventMark(item, laneKey) {
    const classes = ["vt-event", `vt-t-${item.type}`];
    if (!item.point) {
      classes.push("vt-span");
    }
    if (item.planned) {
      classes.push("vt-planned");
    }
    const mark = el("a", classes.join(" "));
    mark.href = item.href;
    mark.dataset.id = item.id;
    mark.dataset.focusKey = `${laneKey}|${item.id}`;
    mark.dataset.day = String((item.start + item.end) / 2);
    mark.setAttribute("aria-label", item.label);
    mark.title = item.label;
    const left = item.point ? x(item.start + 0.5) - MARK_PX / 2 : Math.max(x(item.start), -2);
    const right = item.point ? left + MARK_PX : Math.min(x(item.end), trackWidth() + 2);
    place(mark, left, Math.max(right - left, MARK_PX), 0); // drawEvents picks the row
    return mark;
  }

  // Marks stacked in rows from `firstRow` so that none hides another, up to MAX_ROWS in all;
  // returns the rows used.
  function drawEvents(track, lane, items, firstRow = 0) {
    const rowEnds = [];
    for (const item of items) {
      const mark = eventMark(item, lane.key);
      const left = parseFloat(mark.style.left);
      let row = rowEnds.findIndex((end) => end + 2 <= left);
      if (row < 0) {
        row = Math.min(rowEnds.length, MAX_ROWS - 1 - firstRow);
      }
      rowEnds[row] = Math.max(rowEnds[row] === undefined ? -Infinity : rowEnds[row],
        left + parseFloat(mark.style.width));
      mark.style.top = `${(firstRow + row) * ROW_PX + 3}px`;
      track.append(mark);
    }
    return rowEnds.length;
  }

  function binOf(day, byYear) {
    const p = parts(day);
    if (byYear) {
      return { key: String(p.y), start: monthStart(p.y, 0), end: monthStart(p.y + 1, 0), label: String(p.y) };
    }
    return {
      key: `${p.y}-${p.m}`, start: monthStart(p.y, p.m), end: monthStart(p.y, p.m + 1),
      label: `${MONTH_NAMES[p.m]} ${p.y}`,
    };
  }

  // Counts per month (or year); an event longer than its bin stays a span, drawn below the counts.
  function binItems(items, byYear) {
    const bins = new Map();
    const long = [];
    for (const item of items) {
      const bin = binOf(item.start, byYear);
      if (item.end > bin.end) {
        long.push(item);
        continue;
      }
      if (!bins.has(bin.key)) {
        bins.set(bin.key, { ...bin, items: [] });
      }
      bins.get(bin.key).items.push(item);
    }
    return { bins: [...bins.values()], long };
  }

  function countButton(bin, lane, busiest) {
    const n = bin.items.length;
    const level = Math.max(1, Math.ceil(4 * n / busiest));
    const button = el("button", `vt-count vt-level-${level}`, String(n));
    button.type = "button";
    button.dataset.focusKey = `${lane.key}|${bin.key}`;
    button.dataset.day = String((bin.start + bin.end) / 2);
    const text = `${bin.label}, ${lane.label}: ${n} event${n === 1 ? "" : "s"}; zoom in`;
    button.setAttribute("aria-label", text);
    button.title = text;
    const left = Math.max(x(bin.start), 0);
    const width = Math.min(x(bin.end), trackWidth()) - left - 1;
    place(button, left, Math.max(width, 4), 0);
    if (width < 16) {
      button.textContent = ""; // too narrow for its digits: its label and title still say the count
    }
    button.addEventListener("click", () => setView(bin.start - (bin.end - bin.start) * 0.1,
      (bin.end - bin.start) * 1.2));
    return button;
  }

  function drawCounts(track, lane, binned, busiest) {
    for (const bin of binned.bins) {
      track.append(countButton(bin, lane, busiest));
    }
    return 1 + drawEvents(track, lane, binned.long, 1);
  }

  function visible(items) {
    const end = state.start + state.span;
    return items.filter((item) => item.end > state.start && item.start < end);
  }

  function laneRow(lane, index) {
    const row = el("div", "vt-lane");
    row.dataset.key = lane.key;
    row.setAttribute("role", "group");
    const label = el("div", "vt-lane-label", lane.label);
    label.id = `vt-lane-${index}`;
    label.append(" ", el("span", "vt-n", `(${lane.items.length})`));
    row.setAttribute("aria-labelledby", label.id);
    const track = el("div", "vt-track");
    row.append(label, track);
    return { row, track };
  }

  function drawLanes(lanes, marks) {
    const mode = scale();
    const binned = lanes.map((lane) => (mode === "events" ? null : binItems(visible(lane.items), mode === "year")));
    const busiest = Math.max(1, ...binned.flatMap((b) => (b ? b.bins.map((bin) => bin.items.length) : [])));
    lanes.forEach((lane, index) => {
      const { row, track } = laneRow(lane, index);
      gridLines(track, marks);
      const rows = mode === "events"
        ? drawEvents(track, lane, visible(lane.items))
        : drawCounts(track, lane, binned[index], busiest);
      track.style.height = `${Math.max(rows, 1) * ROW_PX + 6}px`;
      ui.lanes.append(row);
    });
    return mode;
  }

  function drawAxis(marks) {
    ui.axisTrack.replaceChildren();
    for (const tick of marks.filter((t) => x(t.day) < trackWidth() - TICK_MIN_PX * 0.7)) {
      const label = el("span", "vt-tick", tick.label); // (none so near the right edge that it is cut)
      label.style.left = `${x(tick.day)}px`;
      ui.axisTrack.append(label);
    }
  }

  const MODE_TEXT = { events: "single events", month: "counts per month", year: "counts per year" };

  function describe(lanes, mode) {
    const last = state.start + state.span;
    const noun = state.by === "country" ? "country" : "actor";
    const shown = visible(state.items).length;
    let text = `${dayLabel(state.start)} to ${dayLabel(last)}: ${shown} event${shown === 1 ? "" : "s"},`
      + ` ${MODE_TEXT[mode]}, one lane per ${noun} (${lanes.length} lane${lanes.length === 1 ? "" : "s"}).`;
    if (state.undated) {
      text += ` ${state.undated} undated event${state.undated === 1 ? " is" : "s are"} not drawn.`;
    }
    ui.status.textContent = text;
  }

  function render() {
    const focusKey = document.activeElement && ui.view.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey || "" : null;
    const lanes = lanesOf(state.items, state.by);
    const marks = ticks();
    drawAxis(marks);
    ui.lanes.replaceChildren();
    const mode = drawLanes(lanes, marks);
    ui.view.dataset.start = dayLabel(state.start);
    ui.view.dataset.spanDays = state.span.toFixed(2);
    ui.view.dataset.scale = mode;
    describe(lanes, mode);
    restoreFocus(focusKey);
  }

  // Redrawing replaces the marks: focus goes back to the same mark, or to the view itself.
  function restoreFocus(focusKey) {
    if (focusKey === null) {
      return;
    }
    const same = [...ui.lanes.querySelectorAll("[data-focus-key]")].find((n) => n.dataset.focusKey === focusKey);
    (same || ui.view).focus();
  }

  // ------------------------------------------------------------ controls and keys

  function button(text, key, action) {
    const node = el("button", "vt-button", text);
    node.type = "button";
    node.title = `${text} (key: ${key}, in the timeline)`;
    node.addEventListener("click", action);
    return node;
  }

  function laneChoice() {
    const fieldset = el("fieldset", "vt-by");
    fieldset.append(el("legend", "", "Lanes by"));
    for (const [value, text] of [["country", "Country"], ["actor", "Actor"]]) {
      const input = el("input");
      input.type = "radio";
      input.name = "vt-by";
      input.value = value;
      input.id = `vt-by-${value}`;
      input.checked = state.by === value;
      input.addEventListener("change", () => {
        state.by = value;
        render();
      });
      const label = el("label", "", text);
      label.htmlFor = input.id;
      fieldset.append(input, label);
    }
    return fieldset;
  }

  function legend() {
    const types = new Map(state.items.map((item) => [item.type, item.typeLabel]));
    const list = el("ul", "vt-legend");
    list.setAttribute("aria-label", "Colours of event types");
    for (const [type, label] of [...types].sort()) {
      const entry = el("li");
      const swatch = el("span", `vt-swatch vt-t-${type}`);
      swatch.setAttribute("aria-hidden", "true");
      entry.append(swatch, ` ${label}`);
      list.append(entry);
    }
    const planned = el("li");
    const swatch = el("span", "vt-swatch vt-planned");
    swatch.setAttribute("aria-hidden", "true");
    planned.append(swatch, " planned (hatched)");
    list.append(planned);
    return list;
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const focused = document.activeElement;
    const centre = focused && focused.dataset.day ? Number(focused.dataset.day) : undefined;
    const step = event.shiftKey ? 1 : 0.25;
    const actions = {
      "+": () => zoom(0.5, centre), "=": () => zoom(0.5, centre), "-": () => zoom(2, centre),
      _: () => zoom(2, centre), ArrowLeft: () => pan(-step), ArrowRight: () => pan(step), Home: showAll,
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault(); // the arrows would otherwise scroll the page
      action();
    }
  }

  function build() {
    const help = el("p", "vt-help", "Keys, in the timeline: + and − zoom, ← and → move earlier or later"
      + " (with Shift, a whole screen), Home shows everything; Tab reaches each mark, Enter opens an event"
      + " or zooms into a count.");
    help.id = "vt-help";
    const controls = el("div", "vt-controls");
    controls.append(laneChoice(),
      button("Zoom in", "+", () => zoom(0.5)), button("Zoom out", "−", () => zoom(2)),
      button("Earlier", "←", () => pan(-0.25)), button("Later", "→", () => pan(0.25)),
      button("Whole range", "Home", showAll));
    ui.status = el("p", "vt-status");
    ui.status.id = "vt-status";
    ui.status.setAttribute("aria-live", "polite");
    ui.view = el("div", "vt-view");
    ui.view.id = "vt-view";
    ui.view.tabIndex = 0;
    ui.view.setAttribute("role", "group");
    ui.view.setAttribute("aria-label", "Timeline lanes");
    ui.view.setAttribute("aria-describedby", "vt-help vt-status");
    ui.view.addEventListener("keydown", onKey);
    const axis = el("div", "vt-axis");
    axis.setAttribute("aria-hidden", "true"); // the status line says the range in words
    ui.axisTrack = el("div", "vt-track vt-axis-track");
    axis.append(el("div", "vt-lane-label"), ui.axisTrack);
    ui.lanes = el("div", "vt-lanes");
    ui.view.append(axis, ui.lanes);
    root.append(controls, legend(), help, ui.status, ui.view);
  }

  async function start() {
    let events;
    try {
      events = await loadEvents();
    } catch {
      root.hidden = true; // the server-drawn chart and list are still there
      return;
    }
    const dated = events.filter((event) => event.earliest);
    state.undated = events.length - dated.length;
    state.items = dated.map(toItem);
    if (!state.items.length) {
      return;
    }
    state.domain = {
      start: Math.min(...state.items.map((item) => item.start)),
      end: Math.max(...state.items.map((item) => item.end)),
    };
    root.hidden = false;
    build();
    showAll();
    let pending = 0;
    window.addEventListener("resize", () => {
      window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(render);
    });
  }

  start();
})();
