/* histatlas: draw one view's layers from a small spec, with polity shapes fetched once.
 *
 * The dashboard writes every simplified polity shape to static files named by the hash of
 * their content. A view's spec lists only shape keys, ids, styles and (escaped) tooltips, so
 * a slider step sends a few kilobytes; shapes already in this window are never fetched again.
 * Spec: {shapeBase, bundle, inline, styles, polities: [[key, id, style, tip]], arrows:
 * [[id, [[lat, lon], ...], head, colour, weight, dashed, tip]], points: [[id, lat, lon,
 * colour, radius, dashed, tip, count?]], legend, title}. A style with `hatch` (a colour) is
 * filled with diagonal lines of that colour over its fillColor; a point with a count stands
 * for that many events (its id is what a click selects, e.g. their polity).
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
    var missing = spec.polities
      .map(function (p) { return p[0]; })
      .filter(function (k) { return !(k in H.shapes); });
    if (!missing.length) {
      return null;
    }
    if (missing.length > BUNDLE_THRESHOLD && spec.bundle) {
      return fetchJson(spec.bundle).then(function (all) { Object.assign(H.shapes, all); });
    }
    return Promise.all(
      missing.map(function (k) {
        return fetchJson(spec.shapeBase + k + ".json").then(function (g) { H.shapes[k] = g; });
      })
    );
  };

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

  function addPolities(group, spec) {
    spec.polities.forEach(function (p) {
      var geometry = H.shapes[p[0]];
      var rings = geometry && latlngs(geometry);
      if (!rings) {
        return;
      }
      var base = spec.styles[p[2]];
      var style = Object.assign({ className: "polity " + cls("polity-", p[1]) }, base);
      if (base.hatch) {
        style.fillColor = H.hatch(base.hatch, base.fillColor);
        style.className += " hatched";
      }
      var layer = describe(L.polygon(rings, style), { kind: "polity", id: p[1] });
      layer.bindTooltip(p[3], { sticky: true });
      group.addLayer(layer);
    });
  }

  function addArrows(group, spec) {
    spec.arrows.forEach(function (a) {
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
        group.addLayer(layer);
      });
    });
  }

  function addPoints(group, spec) {
    spec.points.forEach(function (m) {
      var count = m[7] || 1;
      var layer = L.circleMarker([m[1], m[2]], {
        radius: m[4], color: "#222222", weight: count > 1 ? 2 : 1, fillColor: m[3],
        fillOpacity: m[5] ? 0.45 : (count > 1 ? 0.75 : 0.95), dashArray: m[5] ? "3 2" : null,
        className: (count > 1 ? "point point-group " : "point ") + cls("rec-", m[0]),
      });
      var props = count > 1 ? { kind: "group", id: m[0], count: count } : { kind: "record", id: m[0] };
      describe(layer, props).bindTooltip(m[6], { sticky: true });
      group.addLayer(layer);
    });
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
  H.draw = function (group, spec, map) {
    var token = {};
    group._histatlasToken = token;
    H.busy += 1;
    function paint() {
      H.busy -= 1;
      if (group._histatlasToken !== token) {
        return;
      }
      addPolities(group, spec);
      addArrows(group, spec);
      addPoints(group, spec);
      var controls = function (target) {
        control(target, "legend", "bottomleft", spec.legend, "histatlas-legend");
        control(target, "title", "topright", spec.title, "histatlas-title");
      };
      var target = map || group._map;
      if (target) {
        controls(target);
      } else {
        group.once("add", function () { controls(group._map); });
      }
      H.drawn = (H.drawn || 0) + 1;
    }
    var waiting = H.need(spec);
    if (waiting) {
      waiting.then(paint, function (err) {
        H.busy -= 1;
        console.error(err);
      });
    } else {
      paint();
    }
  };
})();
