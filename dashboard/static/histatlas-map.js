/* histatlas: draw one view's layers from a small spec, with polity shapes fetched once.
 *
 * The dashboard writes every simplified polity shape to static files named by the hash of
 * their content. A view's spec lists only shape keys, ids, styles and (escaped) tooltips, so
 * a slider step sends a few kilobytes; shapes already in this window are never fetched again.
 * Spec: {shapeBase, bundle, inline, styles, polities: [[key, id, style, tip, name, short?]],
 * areas: [[key, id, style, tip, name]], arrows: [[id, [[lat, lon], ...], head, colour,
 * weight, dashed, tip]], points: [[id, lat, lon, colour, radius, dashed, tip, count?]],
 * legend, title, fit: [south, west, north, east], summary}. A style with `hatch` (a colour)
 * is filled with diagonal lines of that colour over its fillColor; a point with a count
 * stands for that many events (its id is what a click selects, e.g. their polity). Areas
 * (shares of a partitioned country, its lost outline) are drawn over the polities and a
 * click on one selects a record. A shape file may carry `spots`: [[lat, lon, room, across]],
 * where its name can go, the room above and below and the width there (Mercator radians;
 * the largest part's first, then one per grid cell of a big shape: dashboard/map/spots.py).
 * With `frames` ({base, bundleBase, first, last, chunk, files, span, origin}) the map has its
 * own time control and draws years from decade files (see "Time in the browser" below); such
 * a spec may carry no rows at all.
 */
(function () {
  "use strict";
  var H = (window.histatlas = window.histatlas || {});
  H.shapes = H.shapes || {};
  H.loading = H.loading || {};
  // Above this many missing shapes one bundle request beats many small ones.
  var BUNDLE_THRESHOLD = 25;

  function fetchJson(url) {
    if (!H.loading[url]) {
      H.loading[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) {
          throw new Error("histatlas: " + url + " answered " + r.status);
        }
        return r.json();
      });
    }
    return H.loading[url];
  }

  H.need = function (spec) {
    if (spec.inline) {
      Object.assign(H.shapes, spec.inline);
    }
    var missing = keys(spec)
      .map(function (p) { return p[0]; })
      .filter(function (k) { return !(k in H.shapes); });
    if (!missing.length) {
      return null;
    }
    var each = function () {
      return Promise.all(
        missing
          .filter(function (k) { return !(k in H.shapes); })
          .map(function (k) {
            return fetchJson(spec.shapeBase + k + ".json").then(function (g) { H.shapes[k] = g; });
          })
      );
    };
    if (missing.length > BUNDLE_THRESHOLD && spec.bundle) {
      // The bundle holds a period's polities; anything else (a partition share) comes alone.
      return fetchJson(spec.bundle).then(function (all) { Object.assign(H.shapes, all); }).then(each);
    }
    return each();
  };

  function keys(spec) {
    return spec.polities.concat(spec.areas || []);
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var HATCH_SIZE = 7; // px between lines, whatever the zoom (the pattern is in screen space)

  function svgEl(name, attributes) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  // Colonies: an SVG pattern per (line colour, background), made once per document in a
  // zero-size <svg>. Leaflet's SVG renderer writes fillColor into the path's fill attribute
  // as given, so "url(#id) colour" fills with the pattern (and falls back to the colour).
  H.hatch = function (colour, background) {
    var hex = function (c) { return String(c).toLowerCase().replace(/[^0-9a-f]/g, ""); };
    var id = "hx-hatch-" + hex(colour) + "-" + hex(background);
    if (!document.getElementById(id)) {
      var holder = document.getElementById("histatlas-patterns");
      if (!holder) {
        holder = svgEl("svg", { id: "histatlas-patterns", width: 0, height: 0,
          "aria-hidden": "true", style: "position:absolute;width:0;height:0;overflow:hidden" });
        holder.appendChild(svgEl("defs", {}));
        document.body.appendChild(holder);
      }
      var pattern = svgEl("pattern", { id: id, patternUnits: "userSpaceOnUse",
        width: HATCH_SIZE, height: HATCH_SIZE, patternTransform: "rotate(45)" });
      pattern.appendChild(svgEl("rect", { width: HATCH_SIZE, height: HATCH_SIZE,
        fill: background }));
      pattern.appendChild(svgEl("line", { x1: 1.5, y1: 0, x2: 1.5, y2: HATCH_SIZE,
        stroke: colour, "stroke-width": 2.4 }));
      holder.firstChild.appendChild(pattern);
    }
    return "url(#" + id + ") " + background;
  };

  function latlngs(geometry) {
    if (geometry.type === "Polygon") {
      return L.GeoJSON.coordsToLatLngs(geometry.coordinates, 1);
    }
    if (geometry.type === "MultiPolygon") {
      return L.GeoJSON.coordsToLatLngs(geometry.coordinates, 2);
    }
    return null;
  }

  // streamlit-folium reports a clicked layer through toGeoJSON(): keep it to the properties.
  function describe(layer, properties) {
    layer.feature = { type: "Feature", properties: properties, geometry: null };
    layer.toGeoJSON = function () {
      return { type: "Feature", properties: properties, geometry: null };
    };
    return layer;
  }

  function cls(prefix, id) {
    return prefix + String(id).replace(/[^a-z0-9-]/g, "");
  }

  // Each row of a spec becomes a few layers and one entry a keyboard can reach ([layer,
  // name, tooltip, rank]). Rows are kept by their content: a step to a year that shares
  // most rows with the one drawn only removes and adds what differs.
  function polityRow(spec, p, kind, className) {
    var geometry = H.shapes[p[0]];
    var rings = geometry && latlngs(geometry);
    if (!rings) {
      return null;
    }
    var base = spec.styles[p[2]];
    var style = Object.assign({ className: className }, base);
    if (base.hatch) {
      style.fillColor = H.hatch(base.hatch, base.fillColor);
      style.className += " hatched";
    }
    var layer = describe(L.polygon(rings, style), { kind: kind, id: p[1] });
    layer.bindTooltip(p[3], { sticky: true });
    return { layers: [layer], reach: [layer, p[4] || p[1], p[3], 0] };
  }

  function arrowRow(a) {
    var dash = a[5] ? "8 6" : null;
    var props = { kind: "record", id: a[0] };
    var line = L.polyline(a[1], {
      color: a[3], weight: a[4], opacity: 0.9, dashArray: dash,
      className: "arrow " + cls("rec-", a[0]),
    });
    var head = L.polygon(a[2], {
      color: a[3], weight: 1, fillColor: a[3], fillOpacity: 0.95,
      className: "arrowhead " + cls("rec-", a[0]),
    });
    [line, head].forEach(function (layer) {
      describe(layer, props).bindTooltip(a[6], { sticky: true });
    });
    return { layers: [line, head], reach: [line, a[0], a[6], 1] };
  }

  function pointRow(m) {
    var count = m[7] || 1;
    var layer = L.circleMarker([m[1], m[2]], {
      radius: m[4], color: "#222222", weight: count > 1 ? 2 : 1, fillColor: m[3],
      fillOpacity: m[5] ? 0.45 : (count > 1 ? 0.75 : 0.95), dashArray: m[5] ? "3 2" : null,
      className: (count > 1 ? "point point-group " : "point ") + cls("rec-", m[0]),
    });
    var props = count > 1 ? { kind: "group", id: m[0], count: count } : { kind: "record", id: m[0] };
    describe(layer, props).bindTooltip(m[6], { sticky: true });
    return { layers: [layer], reach: [layer, m[0], m[6], 2] };
  }

  // [key, make] for every row of the spec, bottom to top: polities, areas, arrows, points.
  function rowsOf(spec) {
    var out = [];
    var styled = function (kind, rows, make) {
      rows.forEach(function (p) {
        var key = kind + JSON.stringify(p) + JSON.stringify(spec.styles[p[2]]);
        out.push([key, make(p), kind !== "p"]);
      });
    };
    styled("p", spec.polities, function (p) {
      return function () { return polityRow(spec, p, "polity", "polity " + cls("polity-", p[1])); };
    });
    styled("a", spec.areas || [], function (p) {
      return function () { return polityRow(spec, p, "record", "area " + cls("rec-", p[1])); };
    });
    spec.arrows.forEach(function (a) {
      out.push(["r" + JSON.stringify(a), function () { return arrowRow(a); }, true]);
    });
    spec.points.forEach(function (m) {
      out.push(["m" + JSON.stringify(m), function () { return pointRow(m); }, true]);
    });
    return out;
  }

  // Draw ``spec`` into ``group``, keeping the layers of rows it already shows (a group made
  // by the server's next update takes over those of the group it replaces). Returns what
  // the keyboard reaches.
  function paintRows(group, spec) {
    var old = group._hxRows || {};
    var rows = {};
    var reach = [];
    var added = false;
    var lifted = [];
    rowsOf(spec).forEach(function (r) {
      var made = old[r[0]];
      if (made) {
        delete old[r[0]];
      } else {
        made = r[1]();
        if (!made) {
          return;
        }
        made.layers.forEach(function (layer) { group.addLayer(layer); });
        added = true;
      }
      rows[r[0]] = made;
      reach.push(made.reach);
      if (r[2]) {
        lifted.push(made);
      }
    });
    Object.keys(old).forEach(function (k) {
      old[k].layers.forEach(function (layer) { group.removeLayer(layer); });
    });
    group._hxRows = rows;
    var lift = function () {
      // New polities went on top: partition shares, arrows and points go back above them.
      lifted.forEach(function (made) {
        made.layers.forEach(function (layer) { if (layer.bringToFront) { layer.bringToFront(); } });
      });
    };
    // A group that took over another's rows adds them to the map in the order they were
    // made, not drawn: lift there too.
    if (added || group._hxAdopted) {
      group._hxAdopted = false;
      if (group._map) {
        lift();
      } else {
        group.once("add", lift);
      }
    }
    return reach;
  }

  function adopt(group, from) {
    if (!from || from === group || !from._hxRows) {
      return;
    }
    Object.keys(from._hxRows).forEach(function (k) {
      from._hxRows[k].layers.forEach(function (layer) {
        from.removeLayer(layer);
        group.addLayer(layer);
      });
    });
    group._hxRows = from._hxRows;
    group._hxAdopted = true;
    from._hxRows = {};
  }

  // --- Names on the map -------------------------------------------------------------------
  // Placed biggest room first at the shape's spot, at a size its room allows (a long name of
  // the day gives way to the short name, then to nothing), never over another name. Redone
  // on every zoom: a name that does not fit now may fit two zoom steps in.
  var LABEL = { min: 10, max: 15, char: 0.6, line: 1.15, wide: 0.9, tall: 2.0, pad: 3 };

  function lineOptions(name) {
    var options = [[name]];
    var words = name.split(" ");
    if (words.length > 1) {
      var best = 1;
      for (var i = 1; i < words.length; i++) {
        var a = Math.abs(words.slice(0, i).join(" ").length - name.length / 2);
        var b = Math.abs(words.slice(0, best).join(" ").length - name.length / 2);
        if (a < b) { best = i; }
      }
      options.push([words.slice(0, best).join(" "), words.slice(best).join(" ")]);
    }
    return options;
  }

  // room: px above and below the spot; across: px of land left to right through it.
  function fitLabel(names, room, across) {
    var size = Math.min(LABEL.max, Math.max(LABEL.min, room * 0.45));
    for (; size >= LABEL.min; size -= 1) {
      for (var n = 0; n < names.length; n++) {
        var options = lineOptions(names[n]);
        for (var o = 0; o < options.length; o++) {
          var lines = options[o];
          var longest = Math.max.apply(null, lines.map(function (l) { return l.length; }));
          var w = longest * size * LABEL.char;
          var h = lines.length * size * LABEL.line;
          if (w <= across * LABEL.wide && h <= room * LABEL.tall) {
            return { lines: lines, size: size, w: w, h: h };
          }
        }
      }
    }
    return null;
  }

  function labelItems(spec) {
    var items = [];
    var take = function (p, kind) {
      var geometry = H.shapes[p[0]];
      if (geometry && geometry.spots && geometry.spots.length && p[4]) {
        var names = [p[4]];
        if (p[5] && p[5] !== p[4]) { names.push(p[5]); }
        items.push({ spots: geometry.spots, names: names, kind: kind });
      }
    };
    (spec.areas || []).forEach(function (p) { take(p, "area"); });
    spec.polities.forEach(function (p) { take(p, "polity"); });
    return items;
  }

  H.placeLabels = function (map, layer, items) {
    layer.clearLayers();
    var scale = 256 * Math.pow(2, map.getZoom()) / (2 * Math.PI); // px per Mercator radian
    var view = map.getBounds().pad(-0.03);
    var size = map.getSize();
    var placed = [];
    var shown = function (s) { return view.contains([s[0], s[1]]); };
    // Countries before the pieces of partitioned land, the roomiest first. Each tries the
    // spots the map shows, its largest part's first: where one is taken by another name,
    // the next may be free.
    var chosen = items
      .map(function (item) {
        var spots = item.spots.filter(shown);
        var first = spots[0] === item.spots[0] ? [spots.shift()] : [];
        spots.sort(function (a, b) { return b[2] - a[2]; });
        return { item: item, spots: first.concat(spots) };
      })
      .filter(function (c) { return c.spots.length; });
    chosen.sort(function (a, b) {
      return (a.item.kind === "area") - (b.item.kind === "area") || b.spots[0][2] - a.spots[0][2];
    });
    var room = function (spot, fit) {
      var at = map.latLngToContainerPoint([spot[0], spot[1]]);
      var box = [at.x - fit.w / 2 - LABEL.pad, at.y - fit.h / 2 - LABEL.pad,
        at.x + fit.w / 2 + LABEL.pad, at.y + fit.h / 2 + LABEL.pad];
      if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) {
        return null; // a name cut by the map's edge reads as another name
      }
      var clash = placed.some(function (o) {
        return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3];
      });
      return clash ? null : box;
    };
    chosen.forEach(function (c) {
      var item = c.item;
      var spot = null;
      var fit = null;
      var box = null;
      for (var i = 0; i < c.spots.length && !box; i++) {
        spot = c.spots[i];
        fit = fitLabel(item.names, spot[2] * scale, spot[3] * scale);
        box = fit && room(spot, fit);
      }
      if (!box) {
        return;
      }
      placed.push(box);
      var div = document.createElement("div");
      div.className = "hx-name hx-name-" + item.kind;
      div.style.fontSize = fit.size + "px";
      fit.lines.forEach(function (line, i) {
        if (i) { div.appendChild(document.createElement("br")); }
        div.appendChild(document.createTextNode(line)); // text, never HTML
      });
      layer.addLayer(L.marker([spot[0], spot[1]], {
        icon: L.divIcon({ className: "hx-label", html: div, iconSize: [fit.w, fit.h],
          iconAnchor: [fit.w / 2, fit.h / 2] }),
        interactive: false, keyboard: false, pane: "hxLabels",
      }));
    });
  };

  // Names drawn on ``map`` for ``items`` ({spots, names, kind}), redone after each move; used
  // by the app's map and by the exported player.
  H.names = function (map, items) {
    if (!map.getPane("hxLabels")) {
      var pane = map.createPane("hxLabels");
      pane.style.zIndex = 450;
      pane.style.pointerEvents = "none";
      pane.setAttribute("aria-hidden", "true"); // the shapes carry their names for readers
    }
    if (!map._hxLabels) {
      map._hxLabels = L.layerGroup().addTo(map);
      map.on("zoomend moveend", function () {
        H.placeLabels(map, map._hxLabels, map._hxLabelItems || []);
      });
    }
    map._hxLabelItems = items;
    if (map._loaded) { // else the first view's moveend places them
      H.placeLabels(map, map._hxLabels, items);
    }
  };

  function labels(map, spec) {
    H.names(map, labelItems(spec));
  }

  // --- Keyboard --------------------------------------------------------------------------
  // The map is one stop on Tab: the first shape takes focus, the arrow keys walk the shapes
  // (alphabetically, then arrows and markers), a letter jumps to the next name starting
  // with it, Enter or Space opens its card as a click does, Escape gives the map back.
  function plain(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.replace(/<br\s*\/?>/gi, ". "); // our own escaped tooltip, not shown
    return holder.textContent || "";
  }

  function onMap(map, layer) {
    var view = map.getBounds();
    return layer.getBounds ? view.intersects(layer.getBounds()) : view.contains(layer.getLatLng());
  }

  function keyboard(map, reach) {
    if (map._hxReach !== reach) {
      map._hxReach = reach;
      if (!map._hxReachWatch) {
        map._hxReachWatch = true;
        map.on("moveend", function () { keyboard(map, map._hxReach); });
      }
    }
    reach.forEach(function (r) {
      var el = r[0].getElement && r[0].getElement();
      if (el) {
        el.setAttribute("tabindex", "-1"); // off the map's walk (and out of Tab's order)
        delete el._hxIndex;
      }
    });
    // Only what the map shows: a keyboard walk of Eastern Europe does not pass through Haiti.
    var order = reach
      .filter(function (r) { return r[0].getElement && r[0].getElement() && onMap(map, r[0]); })
      .map(function (r, i) { return r.concat([i]); });
    order.sort(function (a, b) {
      return a[3] - b[3] || (a[3] === 0 ? String(a[1]).localeCompare(String(b[1])) : a[4] - b[4]);
    });
    order.forEach(function (r, i) {
      var el = r[0].getElement();
      el.setAttribute("tabindex", i === 0 ? "0" : "-1");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", plain(r[2]));
      el._hxIndex = i;
    });
    var go = function (from, to) {
      if (to < 0 || to >= order.length) {
        return;
      }
      var el = order[to][0].getElement();
      from.setAttribute("tabindex", "-1");
      el.setAttribute("tabindex", "0");
      el.focus({ preventScroll: true });
    };
    var pane = map.getPane("overlayPane");
    if (pane._hxKeys) {
      pane.removeEventListener("keydown", pane._hxKeys);
      pane.removeEventListener("focusin", pane._hxFocus);
      pane.removeEventListener("focusout", pane._hxBlur);
    }
    pane._hxKeys = function (event) {
      var el = event.target;
      if (typeof el._hxIndex !== "number") {
        return;
      }
      var i = el._hxIndex;
      var key = event.key;
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[key];
      if (step) {
        go(el, i + step);
      } else if (key === "Home" || key === "End") {
        go(el, key === "Home" ? 0 : order.length - 1);
      } else if (key === "Enter" || key === " ") {
        var layer = order[i][0];
        var at = layer.getCenter ? layer.getCenter() : layer.getLatLng ? layer.getLatLng() : null;
        layer.fire("click", { latlng: at, originalEvent: event }, true);
      } else if (key === "Escape") {
        el.blur();
        map.getContainer().focus();
      } else if (key.length === 1 && /\S/.test(key)) {
        var letter = key.toLowerCase();
        for (var k = 1; k <= order.length; k++) {
          var j = (i + k) % order.length;
          if (String(order[j][1]).toLowerCase().indexOf(letter) === 0) {
            go(el, j);
            break;
          }
        }
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation(); // not a pan or zoom of the map underneath
    };
    pane._hxFocus = function (event) {
      var i = event.target._hxIndex;
      if (typeof i === "number" && order[i][0].openTooltip) {
        var layer = order[i][0];
        var at = layer.getCenter ? layer.getCenter() : layer.getLatLng ? layer.getLatLng() : undefined;
        layer.openTooltip(at);
      }
    };
    pane._hxBlur = function (event) {
      var i = event.target._hxIndex;
      if (typeof i === "number" && order[i] && order[i][0].closeTooltip) {
        order[i][0].closeTooltip();
      }
    };
    pane.addEventListener("keydown", pane._hxKeys);
    pane.addEventListener("focusin", pane._hxFocus);
    pane.addEventListener("focusout", pane._hxBlur);
  }

  // --- What the map says in words, for screen readers ------------------------------------
  function describeMap(map, spec) {
    var box = map.getContainer();
    if (!spec.summary) {
      return;
    }
    var id = "hx-summary";
    var holder = document.getElementById(id);
    if (!holder) {
      holder = document.createElement("div");
      holder.id = id;
      holder.className = "hx-sr-only";
      box.parentNode.insertBefore(holder, box);
    }
    holder.textContent = spec.summary;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Map. Tab to its shapes, arrow keys to move, Enter to open");
    box.setAttribute("aria-describedby", id);
  }

  // --- Framing ---------------------------------------------------------------------------
  // The server fits the map to its bounds when it builds it; the frame may take its real
  // size only later (the page's layout, presenter mode, a resized window). Until the user
  // moves the map, each new size refits the same bounds.
  function framing(map, spec) {
    if (!spec.fit) {
      return;
    }
    var s = spec.fit;
    var bounds = L.latLngBounds([s[0], s[1]], [s[2], s[3]]);
    var same = map._hxFit && map._hxFit.equals(bounds);
    map._hxFit = bounds;
    if (!same) {
      map._hxMoved = false;
    }
    if (map._hxFraming) {
      return;
    }
    map._hxFraming = true;
    var moved = function () { map._hxMoved = true; };
    map.on("dragstart", moved);
    var box = map.getContainer();
    box.addEventListener("wheel", moved, { passive: true });
    box.addEventListener("dblclick", moved);
    box.addEventListener("touchstart", moved, { passive: true });
    var zoom = box.querySelector(".leaflet-control-zoom");
    if (zoom) {
      zoom.addEventListener("click", moved);
    }
    box.addEventListener("keydown", function (event) {
      if (/^(Arrow|\+|-|=)/.test(event.key) && event.target === box) {
        moved();
      }
    });
    var size = map.getSize();
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var now = map.invalidateSize({ pan: false }) && map.getSize();
        if (!now || (now.x === size.x && now.y === size.y)) {
          return;
        }
        size = now;
        if (!map._hxMoved && map._hxFit) {
          map.fitBounds(map._hxFit, { animate: false });
        }
      }).observe(box);
    }
  }

  function control(map, name, position, html, className) {
    H.controls = H.controls || {};
    var old = H.controls[name];
    if (old && old.html === html && old.map === map) {
      return;
    }
    if (old) {
      old.control.remove();
    }
    if (!html) {
      delete H.controls[name];
      return;
    }
    var ctl = L.control({ position: position });
    ctl.onAdd = function () {
      var div = L.DomUtil.create("div", className);
      div.innerHTML = html; // built and escaped by the dashboard
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    ctl.addTo(map);
    H.controls[name] = { control: ctl, html: html, map: map };
  }

  H.busy = H.busy || 0; // draws waiting for shapes (tests and benchmarks wait for 0)

  // Draw ``spec`` into ``group`` once its shapes are here; the newest draw of a group wins.
  function paint(group, spec, done) {
    var token = {};
    group._histatlasToken = token;
    H.busy += 1;
    function go() {
      H.busy -= 1;
      if (group._histatlasToken !== token) {
        return;
      }
      var reach = paintRows(group, spec);
      var finish = function (target) {
        control(target, "legend", "bottomleft", spec.legend, "histatlas-legend");
        control(target, "title", "topright", spec.title, "histatlas-title");
        framing(target, spec);
        labels(target, spec);
        keyboard(target, reach);
        describeMap(target, spec);
      };
      // Names, keys and framing need the shapes on a map (an export adds the group after).
      if (group._map) {
        finish(group._map);
      } else {
        group.once("add", function () { finish(group._map); });
      }
      H.drawn = (H.drawn || 0) + 1;
      if (done) {
        done();
      }
    }
    var waiting = H.need(spec);
    if (waiting) {
      waiting.then(go, function (err) {
        H.busy -= 1;
        console.error(err);
      });
    } else {
      go();
    }
  }

  H.draw = function (group, spec) {
    var from = H.group;
    H.group = group;
    if (from && from !== group && !from._map) {
      adopt(group, from); // the server's update of what the browser shows already
    }
    if (spec.frames) {
      H.timeDraw(group, spec);
    } else {
      if (H.time) { // an exact day: the server's date controls alone
        clearInterval(H.time.playing);
        clearInterval(H.time.watch);
        clearTimeout(H.time.timer);
        if (H.time.control) {
          H.time.control.remove();
        }
        H.time = null;
      }
      paint(group, spec);
    }
  };

  // --- Time in the browser ---------------------------------------------------------------
  // With ``spec.frames`` the map has its own time control. The rows of each year come from
  // decade files (dashboard/map/yearframes.py) fetched once, so a step - a key, the slider,
  // play - redraws the map at once; the year then goes to the server through the map's
  // click channel (a feature {kind: "year"}), once for a burst of steps, and the page's
  // slider, heading, link and panels follow. The server's spec names no exact year (a step
  // that leaves the map as it is sends the map nothing): it gives the span of years its map
  // stands for, and the year is the one the page's address says. A year whose decade is
  // not here yet goes to the server at once and comes back drawn, as without frames.
  // ms without a step before the year goes to the server; streamlit-folium waits 250 ms more
  // for a quiet moment, so a run of steps (a held key, a dragged slider) is one report.
  var REPORT_AFTER = 80;
  var PLAY_EVERY = 900; // ms a year while playing
  var PLAY_REPORT_EVERY = 3000; // ms between reports while playing
  var ANSWER_WITHIN = 8000; // ms after which a report is taken as answered anyway
  var WATCH_EVERY = 150; // ms between looks at the page's address

  H.chunks = H.chunks || {}; // chunk file name -> its JSON

  function decade(t, year) {
    var n = t.frames.chunk;
    return String(year - (((year % n) + n) % n));
  }

  function chunkFile(t, year) {
    return t.frames.files[decade(t, year)];
  }

  function within(t, year) {
    var span = t.frames.span;
    return typeof year === "number" && year >= span[0] && year <= span[1];
  }

  // The year the page's address names (the server writes it after each run), the year a
  // link without one means, or null (an exact day, or an address this frame cannot read).
  function pageYear(t) {
    try {
      var query = new URLSearchParams(window.parent.location.search);
      if (query.has("date")) {
        return null;
      }
      var year = parseInt(query.get("year"), 10);
      return isNaN(year) ? t.frames.origin : year;
    } catch (err) {
      return null;
    }
  }

  function loadChunk(t, year) {
    var file = chunkFile(t, year);
    if (!file) {
      return null;
    }
    if (H.chunks[file]) {
      return Promise.resolve(H.chunks[file]);
    }
    return fetchJson(t.frames.base + file).then(function (chunk) {
      H.chunks[file] = chunk;
      return chunk;
    });
  }

  // The spec of ``year`` from its chunk (a year of the server's span may use the span's
  // first year: same map); the server's spec lends the rest (fit, shape URLs).
  H.frameSpec = function (t, year) {
    var chunk = H.chunks[chunkFile(t, year) || ""];
    if (!chunk && within(t, year)) {
      year = t.frames.span[0];
      chunk = H.chunks[chunkFile(t, year) || ""];
    }
    if (!chunk || year < chunk.first || year > chunk.last) {
      return null;
    }
    var f = chunk.frames[chunk.years[year - chunk.first]];
    var pick = function (kind, short) {
      return f[short].map(function (i) { return chunk.rows[kind][i]; });
    };
    return Object.assign({}, t.base, {
      styles: chunk.styles, polities: pick("polities", "p"), areas: pick("areas", "a"),
      arrows: pick("arrows", "r"), points: pick("points", "m"), summary: chunk.summaries[f.s],
      bundle: f.bundle ? t.frames.bundleBase + f.bundle : null,
    });
  };

  function pending(t) {
    return Boolean(t.timer || t.inflight);
  }

  H.timeDraw = function (group, spec) {
    var t = H.time;
    var base = Object.assign({}, spec);
    ["frames", "polities", "areas", "arrows", "points", "styles", "summary"].forEach(
      function (k) { delete base[k]; });
    t = H.time = Object.assign(t || { log: [], timer: null, inflight: false, playing: null,
      n: 0 }, { group: group, frames: spec.frames, base: base });
    var page = pageYear(t);
    if (within(t, t.sent)) {
      t.inflight = false; // the server drew the year reported last
    }
    // The browser keeps its own year while its report is on the way; otherwise the year is
    // the page's (or stays, or is the span's first, when the address lags behind the map).
    if (t.year === undefined || (!within(t, t.year) && !pending(t))) {
      t.year = within(t, page) ? page : t.frames.span[0];
    }
    t.seen = page;
    timeControl(group, t);
    watchPage(t);
    if (spec.polities && within(t, t.year)) {
      var year = t.year;
      paint(group, spec, function () { drawnYear(t, year); });
    } else {
      showYear(t, t.year, null);
    }
  };

  // The page's address changes after each server run: a year the server chose (the page's
  // slider, a tour, a link) comes to the map here; the browser's own year waits for its
  // report's answer first.
  function watchPage(t) {
    if (t.watch) {
      return;
    }
    t.watch = setInterval(function () {
      if (H.time !== t) {
        clearInterval(t.watch);
        return;
      }
      var year = pageYear(t);
      if (t.inflight && (year === t.sent || performance.now() - t.sentAt > ANSWER_WITHIN)) {
        t.inflight = false;
      }
      if (year === null || year === t.seen || pending(t)) {
        return;
      }
      t.seen = year;
      if (year !== t.year && year >= t.frames.first && year <= t.frames.last) {
        t.year = year;
        setControl(t);
        showYear(t, year, null);
      }
    }, WATCH_EVERY);
  }

  function drawnYear(t, year, started) {
    t.drawnYear = year;
    setControl(t);
    if (typeof started === "number") {
      // Painted: the next frame after the layers changed.
      requestAnimationFrame(function () {
        t.log.push({ year: year, ms: performance.now() - started });
        if (t.log.length > 200) {
          t.log.shift();
        }
      });
    }
    prefetch(t, year);
  }

  // Draw ``year`` from its chunk (fetched if need be); false when no chunk has it and the
  // map drawn is not of its span.
  function showYear(t, year, started) {
    var spec = H.frameSpec(t, year);
    if (spec) {
      paint(t.group, spec, function () { drawnYear(t, year, started); });
      return true;
    }
    var loading = loadChunk(t, year);
    if (loading) {
      H.busy += 1;
      loading.then(function () {
        H.busy -= 1;
        if (t.year === year && H.time === t) {
          showYear(t, year, started);
        }
      }, function (err) {
        H.busy -= 1;
        console.error(err);
      });
      return true;
    }
    if (within(t, year) && within(t, t.drawnYear)) {
      drawnYear(t, year, started); // the server's map of this span is the one drawn
      return true;
    }
    return false;
  }

  // The shapes and chunk of the next years, fetched while nobody waits for them.
  function prefetch(t, year) {
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
    idle(function () {
      [year + 1, year - 1, year + 2].forEach(function (y) {
        if (y < t.frames.first || y > t.frames.last) {
          return;
        }
        var spec = H.frameSpec(t, y);
        var need = spec ? H.need(spec) : loadChunk(t, y);
        if (need) {
          need.catch(function () {});
        }
      });
    });
  }

  H.step = function (year, started) {
    var t = H.time;
    if (!t) {
      return;
    }
    year = Math.min(Math.max(Math.round(year), t.frames.first), t.frames.last);
    if (year === t.year && t.drawnYear === year) {
      setControl(t);
      return;
    }
    t.year = year;
    setControl(t);
    // Without its decade here the server draws the year (and sends the decade's file).
    report(t, !showYear(t, year, typeof started === "number" ? started : performance.now()));
  };

  function report(t, now) {
    clearTimeout(t.timer);
    t.timer = null;
    var send = function () {
      t.timer = null;
      t.sent = t.year;
      t.sentAt = performance.now();
      t.inflight = true;
      t.n += 1;
      // streamlit-folium sends a layer's toGeoJSON() when it is clicked; ``n`` makes each
      // report differ from the last it sent, even when the year is the same again.
      var props = { kind: "year", year: t.year, n: t.n };
      var feature = { type: "Feature", properties: props, geometry: null };
      t.group.fire("click", { layer: { toGeoJSON: function () { return feature; } } });
    };
    if (now || (t.playing && performance.now() - (t.sentAt || 0) > PLAY_REPORT_EVERY)) {
      send();
    } else {
      t.timer = setTimeout(send, t.playing ? PLAY_REPORT_EVERY : REPORT_AFTER);
    }
  }

  H.play = function (on) {
    var t = H.time;
    if (!t) {
      return;
    }
    clearInterval(t.playing);
    t.playing = null;
    if (on) {
      if (t.year >= t.frames.last) {
        H.step(t.frames.first);
      }
      t.playing = setInterval(function () {
        if (H.busy || t.drawnYear !== t.year) {
          return; // the year before is still on its way
        }
        if (t.year >= t.frames.last) {
          H.play(false);
          return;
        }
        H.step(t.year + 1);
      }, PLAY_EVERY);
    } else if (t.timer) {
      report(t, true);
    }
    setControl(t);
  };

  function timeControl(group, t) {
    var map = group._map || (H.group && H.group._map);
    if (t.control && t.control._map) {
      return;
    }
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () {
      var div = L.DomUtil.create("div", "histatlas-time");
      div.setAttribute("role", "group");
      div.setAttribute("aria-label", "Year on the map");
      div.innerHTML =
        '<button type="button" class="hx-prev" title="previous year (\u2190)" ' +
        'aria-label="previous year">\u25c0</button>' +
        '<button type="button" class="hx-play" title="play">Play</button>' +
        '<input type="range" class="hx-year-range" step="1" aria-label="Year">' +
        '<button type="button" class="hx-next" title="next year (\u2192)" ' +
        'aria-label="next year">\u25b6</button>' +
        '<output class="hx-year" aria-live="polite"></output>';
      var range = div.querySelector(".hx-year-range");
      range.addEventListener("input", function (event) {
        H.step(Number(range.value), event.timeStamp);
      });
      div.querySelector(".hx-prev").addEventListener("click", function (event) {
        H.step(H.time.year - 1, event.timeStamp);
      });
      div.querySelector(".hx-next").addEventListener("click", function (event) {
        H.step(H.time.year + 1, event.timeStamp);
      });
      div.querySelector(".hx-play").addEventListener("click", function () {
        H.play(!H.time.playing);
      });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      L.DomEvent.on(div, "keydown", L.DomEvent.stopPropagation); // not a pan of the map
      return div;
    };
    var add = function (m) {
      ctl.addTo(m);
      t.control = ctl;
      setControl(t);
    };
    if (map) {
      add(map);
    } else {
      group.once("add", function () { add(group._map); });
    }
  }

  function setControl(t) {
    var div = t.control && t.control.getContainer();
    if (!div) {
      return;
    }
    var range = div.querySelector(".hx-year-range");
    range.min = t.frames.first;
    range.max = t.frames.last;
    if (Number(range.value) !== t.year) {
      range.value = t.year;
    }
    range.setAttribute("aria-valuetext", String(t.year));
    div.querySelector(".hx-year").textContent = t.year;
    var play = div.querySelector(".hx-play");
    play.textContent = t.playing ? "Pause" : "Play";
    play.title = t.playing ? "pause" : "play one year after another";
    play.setAttribute("aria-pressed", t.playing ? "true" : "false");
  }
})();
