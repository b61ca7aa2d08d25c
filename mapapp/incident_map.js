// The incident map's client side (window.HM), created once per map mount by mapview's
// _Controller; each filter change calls HM.setData with the new incidents (st_folium swaps
// only that layer), so the slider position, the mode and the kinds switched off survive it.
//
// - every incident is a marker in one Leaflet.markercluster group: clusters say how many and
//   of which kinds; identical coordinates fan out (spiderfy); the popup steps through every
//   incident at the same point;
// - an incident known only to its commune or department is a hollow symbol with a dashed ring;
//   its area's outline shows on hover and while its popup is open (never a filled disc);
// - the time panel: a slider over the filtered data's days, cumulative or a 1/7/30-day window,
//   a caption and a histogram that follow it; sites show their state at the slider's date;
// - HM.setAreas draws the choropleth instead (areas coloured in Python, our own legend).
// CONFIG (below) comes from mapapp.style: kinds, colours, symbols, modes.
(function (map, CONFIG) {
  var DAY = 86400000;
  var MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  var old = window.HM;
  var HM = window.HM = {
    map: map, outlines: {}, markers: [], byId: {}, features: [], aggregated: [],
    state: old ? old.state : {t: null, atEnd: true, windowDays: 0, hidden: {}},
    start: null, end: null, focusId: null
  };
  var kinds = {};
  CONFIG.kinds.forEach(function (k) { kinds[k.key] = k; });

  function day(t) {
    var d = new Date(t);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  HM.day = day;
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }

  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false, spiderfyOnMaxZoom: true, maxClusterRadius: 40,
    spiderfyDistanceMultiplier: 1.4, chunkedLoading: true,
    iconCreateFunction: function (c) {
      var counts = {}, n = 0;
      c.getAllChildMarkers().forEach(function (m) { counts[m.hmKind] = (counts[m.hmKind] || 0) + 1; n++; });
      var stops = [], at = 0, names = [];
      CONFIG.kinds.forEach(function (k) {
        if (!counts[k.key]) { return; }
        var to = at + counts[k.key] / n * 360;
        stops.push(k.color + " " + at + "deg " + to + "deg");
        names.push(counts[k.key] + " " + k.label);
        at = to;
      });
      var size = n < 10 ? 30 : n < 100 ? 36 : 42;
      var el = '<div class="hm-cluster" style="width:' + size + 'px;height:' + size +
        'px;background:conic-gradient(' + stops.join(",") + ')" title="' +
        plural(n, "incident") + ": " + names.join(", ") + '"><span>' + n + "</span></div>";
      return L.divIcon({html: el, className: "hm-cluster-icon", iconSize: [size, size]});
    }
  }).addTo(map);
  var aggregateLayer = L.layerGroup().addTo(map);
  var ring = L.layerGroup().addTo(map);  // the hovered or selected incident's area
  var highlight = L.layerGroup().addTo(map);  // the incident a table row or a site chose
  var popup = L.popup({maxWidth: 380, autoPanPaddingBottomRight: [20, 160]});
  HM.cluster = cluster;

  // -- the area of an imprecise incident: its commune or department outline, else a ring --
  function showArea(m) {
    ring.clearLayers();
    var p = m.feature.properties;
    if (!p.r_m) { return; }
    var drawn = false;
    if (p.area) {
      var parts = p.area.split(":"), layer = HM.outlines[parts[0]];
      if (layer) {
        layer.eachLayer(function (l) {
          var props = l.feature && l.feature.properties;
          if (props && (props.ADM2_FR === parts[1] || (parts[0] === "departments" && props.ADM1_FR === parts[1]))) {
            ring.addLayer(L.geoJSON(l.feature, {interactive: false, style: {
              color: kinds[m.hmKind].color, weight: 2.5, dashArray: "6 4", fill: false}}));
            drawn = true;
          }
        });
      }
    }
    if (!drawn) {
      ring.addLayer(L.circle(m.getLatLng(), {radius: p.r_m, interactive: false, fill: false,
        color: kinds[m.hmKind].color, weight: 2, dashArray: "6 4"}));
    }
  }

  // -- popups: one shared popup that steps through every shown incident at the same point --
  function siblings(m) {
    var key = m.hmKey;
    return HM.markers.filter(function (o) { return o.hmKey === key && o.hmShown; });
  }
  function openPopup(m) {
    var all = siblings(m), i = all.indexOf(m);
    var nav = "";
    if (all.length > 1) {
      nav = '<div class="hm-nav"><a href="#" class="hm-prev" title="Previous incident here">‹</a> ' +
        (i + 1) + " of " + all.length + ' at this point <a href="#" class="hm-next" ' +
        'title="Next incident here">›</a></div>';
    }
    popup.setLatLng(m.getLatLng()).setContent(nav + m.feature.properties.popup);
    HM.selected = m;
    if (!popup.isOpen()) { popup.openOn(map); }
    showArea(m);
    var el = popup.getElement();
    if (el) {
      el.setAttribute("data-incident", m.feature.properties.id);
      el.querySelectorAll(".hm-prev, .hm-next").forEach(function (a) {
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.stop(e);
          var j = (i + (a.className === "hm-next" ? 1 : all.length - 1)) % all.length;
          openPopup(all[j]);
        });
      });
    }
  }
  map.on("popupclose", function (e) { if (e.popup === popup) { HM.selected = null; ring.clearLayers(); } });

  function icon(kind, p) {
    var svg = p.r_m ? kind.hollow : kind.svg, px = CONFIG.px;
    if (p.px) {
      px = Math.round(2 * p.px);
      svg = '<svg width="' + px + '" height="' + px + '" viewBox="0 0 20 20"><circle cx="10" cy="10" r="9" ' +
        'fill="' + kind.color + '" fill-opacity="0.45" stroke="' + kind.color + '" stroke-width="' +
        (20 / px * 1.3).toFixed(2) + '"' + (p.r_m ? ' stroke-dasharray="2 1.5"' : "") + "/></svg>";
    }
    return L.divIcon({className: "hm-icon", html: svg, iconSize: [px, px], iconAnchor: [px / 2, px / 2]});
  }

  function makeMarker(kindKey, f) {
    // GeoJSON order flips here: coordinates are [lon, lat].
    var c = f.geometry.coordinates, p = f.properties, kind = kinds[kindKey];
    var m = L.marker([c[1], c[0]], {icon: icon(kind, p), keyboard: false,
                                     title: "", riseOnHover: true});
    m.feature = f; m.hmKind = kindKey; m.hmKey = c[0] + "," + c[1];
    if (p.tip) { m.bindTooltip(p.tip, {direction: "top", offset: [0, -8]}); }
    m.on("click", function () { openPopup(m); });
    m.on("mouseover", function () { if (!HM.selected) { showArea(m); } });
    m.on("mouseout", function () { if (!HM.selected) { ring.clearLayers(); } });
    return m;
  }

  function makeCircle(kindKey, f) {
    var c = f.geometry.coordinates, p = f.properties, kind = kinds[kindKey];
    var m = L.circleMarker([c[1], c[0]], {radius: p.px, color: kind.color, weight: 1.2,
      fillColor: kind.color, fillOpacity: 0.45});
    m.feature = f; m.hmKind = kindKey;
    m.bindPopup(p.popup, {maxWidth: 380});
    if (p.tip) { m.bindTooltip(p.tip); }
    return m;
  }

  // -- what is shown at the slider's time ------------------------------------------------
  function shownAt(p, kindKey, t, w) {
    if (HM.state.hidden[kindKey] || p.start > t) { return false; }
    if (CONFIG.siteKinds.indexOf(kindKey) >= 0) { return p.end > t; }  // its state that day
    if (w === 0) { return true; }
    var last = p.last == null ? p.start : p.last;
    return last > t - w * DAY;  // within the window (an aggregate: any of its days)
  }

  function update() {
    var t = HM.state.t, w = HM.state.windowDays, shown = [], nShown = 0, byKind = {};
    HM.markers.forEach(function (m) {
      m.hmShown = shownAt(m.feature.properties, m.hmKind, t, w);
      if (m.hmShown) { shown.push(m); nShown++; byKind[m.hmKind] = (byKind[m.hmKind] || 0) + 1; }
    });
    cluster.clearLayers();
    cluster.addLayers(shown);
    aggregateLayer.clearLayers();
    HM.aggregated.forEach(function (m) {
      var p = m.feature.properties;
      if (shownAt(p, m.hmKind, t, w)) {
        aggregateLayer.addLayer(m); nShown += p.n; byKind[m.hmKind] = (byKind[m.hmKind] || 0) + p.n;
      }
    });
    HM.nShown = nShown;
    if (HM.selected && !HM.selected.hmShown) { map.closePopup(popup); }
    drawPanel(byKind);
  }
  HM.update = update;

  // -- the time panel: mode, play, slider, caption, histogram --------------------------------
  var panel = L.control({position: "bottomleft"});
  panel.onAdd = function () {
    var div = L.DomUtil.create("div", "hm-time leaflet-control-layers");
    div.innerHTML =
      '<div class="hm-time-row"><button type="button" class="hm-play" title="Play">▶</button>' +
      '<input type="range" class="hm-slider" aria-label="Date shown on the map">' +
      '<output class="hm-date"></output>' +
      '<select class="hm-mode" aria-label="What the slider shows">' +
      CONFIG.windows.map(function (w) { return '<option value="' + w[0] + '">' + w[1] + "</option>"; }).join("") +
      "</select></div>" +
      '<div class="hm-time-caption" role="status"></div><div class="hm-hist"></div>';
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  panel.addTo(map);
  var el = panel.getContainer();
  var slider = el.querySelector(".hm-slider"), mode = el.querySelector(".hm-mode");
  var play = el.querySelector(".hm-play"), timer = null;
  HM.panel = el;
  slider.addEventListener("input", function () { setTime(+slider.value); });
  mode.addEventListener("change", function () { HM.state.windowDays = +mode.value; update(); });
  play.addEventListener("click", function () { timer ? stop() : start(); });

  function setTime(t) {
    HM.state.t = Math.max(HM.start, Math.min(HM.end, t));
    HM.state.atEnd = HM.state.t >= HM.end;
    update();
  }
  HM.setTime = setTime;
  function stop() { clearInterval(timer); timer = null; play.textContent = "▶"; play.title = "Play"; }
  function start() {
    if (HM.state.t >= HM.end) { HM.state.t = HM.start; }
    var steps = Math.max(1, Math.ceil((HM.end - HM.start) / DAY / 240));
    play.textContent = "❚❚"; play.title = "Pause";
    timer = setInterval(function () {
      var t = HM.state.t, next = t + steps * DAY;
      // Skip stretches with nothing new: the next day something starts, if further on.
      var upcoming = HM.starts.filter(function (s) { return s > t; })[0];
      if (upcoming !== undefined && upcoming > next && HM.state.windowDays === 0) { next = upcoming; }
      setTime(next);
      if (HM.state.t >= HM.end) { stop(); }
    }, 120);
  }
  HM.play = start;

  function drawPanel(byKind) {
    var t = HM.state.t, w = HM.state.windowDays;
    slider.value = t;
    el.querySelector(".hm-date").textContent = day(t);
    mode.value = String(w);
    var what = w === 0 ? "up to " + day(t) :
      (w === 1 ? "on " + day(t) : "in the " + w + " days to " + day(t));
    var parts = CONFIG.kinds.filter(function (k) { return byKind[k.key]; }).map(function (k) {
      return byKind[k.key] + " " + k.label.toLowerCase(); });
    el.querySelector(".hm-time-caption").textContent = plural(HM.nShown, "incident") +
      " shown " + what + (parts.length ? " (" + parts.join(", ") + ")" : "");
    drawHistogram();
    drawKinds(byKind);
  }

  function drawHistogram() {
    var box = el.querySelector(".hm-hist"), span = HM.end - HM.start + DAY;
    var bin = span <= 120 * DAY ? DAY : span <= 3 * 365 * DAY ? 7 * DAY : 30 * DAY;
    var n = Math.max(1, Math.ceil(span / bin)), counts = new Array(n).fill(0), max = 0;
    HM.features.forEach(function (f) {
      var i = Math.floor((f.properties.start - HM.start) / bin);
      if (i >= 0 && i < n) { counts[i] += f.properties.n || 1; }
    });
    counts.forEach(function (c) { max = Math.max(max, c); });
    var t = HM.state.t, w = HM.state.windowDays, from = w ? t - (w - 1) * DAY : HM.start;
    var bw = 100 / n, bars = counts.map(function (c, i) {
      if (!c) { return ""; }
      var s = HM.start + i * bin, inside = s + bin > from && s <= t;
      return '<rect x="' + (i * bw).toFixed(3) + '" width="' + Math.max(bw * 0.85, 0.3).toFixed(3) +
        '" y="' + (30 - 28 * c / max).toFixed(1) + '" height="' + (28 * c / max).toFixed(1) +
        '" class="' + (inside ? "hm-in" : "hm-out") + '"><title>' + c + " from " + day(s) + "</title></rect>";
    }).join("");
    var unit = bin === DAY ? "day" : bin === 7 * DAY ? "week" : "30 days";
    box.innerHTML = '<svg viewBox="0 0 100 30" preserveAspectRatio="none" width="100%" height="30">' +
      bars + '</svg><div class="hm-hist-axis"><span>' + day(HM.start) + "</span><span>incidents per " +
      unit + "</span><span>" + day(HM.end) + "</span></div>";
  }

  // -- the kinds: one switch per kind, with its symbol and how many are shown -----------------
  var kindsBox = L.control({position: "topright"});
  kindsBox.onAdd = function () {
    var div = L.DomUtil.create("div", "hm-kinds leaflet-control-layers");
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  kindsBox.addTo(map);
  function drawKinds(byKind) {
    var div = kindsBox.getContainer(), present = HM.present || {};
    div.innerHTML = CONFIG.kinds.filter(function (k) { return present[k.key]; }).map(function (k) {
      return '<label><input type="checkbox" data-kind="' + k.key + '"' +
        (HM.state.hidden[k.key] ? "" : " checked") + "> " + k.svg + " " + k.label +
        ' <span class="hm-n">(' + (byKind[k.key] || 0) + " of " + present[k.key] + ")</span></label>";
    }).join("");
    div.style.display = div.innerHTML ? "" : "none";
    div.querySelectorAll("input").forEach(function (box) {
      box.addEventListener("change", function () {
        HM.state.hidden[box.dataset.kind] = !box.checked;
        update();
      });
    });
  }

  // -- new data (a filter change), keeping the user's time, mode and switched-off kinds ------
  // ``layers``: the layers, or the URL the app serves them at (fetched; only the latest
  // call's data is drawn, so a slow fetch never replaces a newer filter's incidents).
  var dataCall = 0;
  HM.setData = function (layers, span, options) {
    var call = ++dataCall;
    if (typeof layers !== "string") { drawData(layers, span, options); return; }
    fetch(layers).then(function (r) {
      if (!r.ok) { throw new Error(r.status + " " + layers); }
      return r.json();
    }).then(function (d) { if (call === dataCall) { drawData(d, span, options); } },
            function (e) { console.warn("incidents not loaded:", e); });
  };

  function drawData(layers, span, options) {
    HM.clearAreas();
    // The markers are rebuilt: a popup or highlight of the old ones would point at nothing.
    map.closePopup(popup); highlight.clearLayers(); HM.selected = null;
    HM.markers = []; HM.byId = {}; HM.features = []; HM.aggregated = []; HM.present = {};
    CONFIG.kinds.forEach(function (k) {
      (layers[k.key] ? layers[k.key].features : []).forEach(function (f) {
        var m = f.properties.n ? makeCircle(k.key, f) : makeMarker(k.key, f);
        (f.properties.n ? HM.aggregated : HM.markers).push(m);
        HM.byId[f.properties.id] = m;
        HM.features.push(f);
        HM.present[k.key] = (HM.present[k.key] || 0) + (f.properties.n || 1);
      });
    });
    HM.starts = HM.features.map(function (f) { return f.properties.start; })
      .sort(function (a, b) { return a - b; });
    el.style.display = HM.features.length ? "" : "none";
    if (span) {
      HM.start = span[0]; HM.end = span[1];
      slider.min = HM.start; slider.max = HM.end; slider.step = DAY;
      var t = HM.state.t;
      HM.state.t = (t === null || HM.state.atEnd) ? HM.end : Math.max(HM.start, Math.min(HM.end, t));
      HM.state.atEnd = HM.state.t >= HM.end;
    }
    update();
    var want = options && options.focus;
    if (want && want !== HM.focusId) { HM.focus(want); }
    HM.focusId = want || null;
    if (!(options && options.keepView) && HM.markers.length) {
      var b = L.latLngBounds(HM.markers.map(function (m) { return m.getLatLng(); }));
      if (!map.getBounds().intersects(b)) { HM.fit(); }
    }
  }

  // The table's row: shows the incident's day, zooms to it and opens its popup.
  HM.focus = function (id) {
    var m = HM.byId[id];
    if (!m || !m.hmKey) { return false; }
    HM.state.hidden[m.hmKind] = false;
    var p = m.feature.properties;
    if (!shownAt(p, m.hmKind, HM.state.t, HM.state.windowDays)) { setTime(p.start); } else { update(); }
    highlight.clearLayers();
    highlight.addLayer(L.circleMarker(m.getLatLng(), {radius: 18, color: "#ffb000", weight: 4,
      fill: false, interactive: false, className: "hm-highlight"}));
    cluster.zoomToShowLayer(m, function () {
      map.setView(m.getLatLng(), Math.max(map.getZoom(), 13));
      cluster.zoomToShowLayer(m, function () { openPopup(m); });
    });
    return true;
  };

  HM.fit = function () {
    var exact = [], all = [];
    HM.markers.concat(HM.aggregated).forEach(function (m) {
      all.push(m.getLatLng());
      if (!m.feature.properties.r_m) { exact.push(m.getLatLng()); }
    });
    var pts = exact.length ? exact : all;
    if (pts.length) { map.fitBounds(L.latLngBounds(pts), {padding: [40, 40], maxZoom: 13}); }
  };
  var fitButton = L.control({position: "topleft"});
  fitButton.onAdd = function () {
    var bar = L.DomUtil.create("div", "leaflet-bar");
    var a = L.DomUtil.create("a", "hm-fit", bar);
    a.href = "#"; a.title = "Zoom to the incidents"; a.setAttribute("role", "button");
    a.innerHTML = CONFIG.fitIcon;
    L.DomEvent.on(a, "click", function (e) { L.DomEvent.stop(e); HM.fit(); });
    return bar;
  };
  fitButton.addTo(map);

  // -- the choropleth: areas coloured in Python, with their figures in the tooltip ---------
  var areas = null, areaLegend = null;
  HM.clearAreas = function () {
    if (areas) { map.removeLayer(areas); areas = null; }
    if (areaLegend) { map.removeControl(areaLegend); areaLegend = null; }
  };
  HM.setAreas = function (collection, legend) {
    HM.setData({}, null);
    el.style.display = "none";
    areas = L.geoJSON(collection, {
      style: function (f) {
        return {color: "#555", weight: 0.6, fillColor: f.properties.fill,
                fillOpacity: f.properties.fill ? 0.75 : 0};
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.tip, {sticky: true});
        l.on("mouseover", function () { l.setStyle({weight: 2.5, color: "#111"}); });
        l.on("mouseout", function () { l.setStyle({weight: 0.6, color: "#555"}); });
      }
    }).addTo(map);
    areaLegend = L.control({position: "bottomleft"});
    areaLegend.onAdd = function () {
      var div = L.DomUtil.create("div", "hm-area-legend leaflet-control-layers");
      div.innerHTML = legend;
      return div;
    };
    areaLegend.addTo(map);
  };
})(__MAP__, __CONFIG__);
