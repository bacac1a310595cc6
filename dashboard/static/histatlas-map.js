/* histatlas: draw one view's layers from a small spec, with polity shapes fetched once.
 *
 * The dashboard writes every simplified polity shape to static files named by the hash of
 * their content. A view's spec lists only shape keys, ids, styles and (escaped) tooltips, so
 * a slider step sends a few kilobytes; shapes already in this window are never fetched again.
 * Spec: {shapeBase, bundle, inline, styles, polities: [[key, id, style, tip]], arrows:
 * [[id, [[lat, lon], ...], head, colour, weight, dashed, tip]], points: [[id, lat, lon,
 * colour, radius, dashed, tip]], legend, title}.
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
      var style = Object.assign({ className: "polity " + cls("polity-", p[1]) }, spec.styles[p[2]]);
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
      var layer = L.circleMarker([m[1], m[2]], {
        radius: m[4], color: "#222222", weight: 1, fillColor: m[3],
        fillOpacity: m[5] ? 0.45 : 0.95, dashArray: m[5] ? "3 2" : null,
        className: "point " + cls("rec-", m[0]),
      });
      describe(layer, { kind: "record", id: m[0] }).bindTooltip(m[6], { sticky: true });
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
