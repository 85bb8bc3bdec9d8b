// Renders every element with data-spec-id as a Vega-Lite chart, with Dutch number formats.
(function () {
  "use strict";
  var nl = { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] };
  document.querySelectorAll("[data-spec-id]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-spec-id"));
    if (!source || typeof vegaEmbed === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    vegaEmbed(el, spec, { actions: false, renderer: "svg", formatLocale: nl })
      .then(function () { el.setAttribute("data-rendered", "true"); })
      .catch(function (err) {
        el.textContent = "De grafiek kon niet worden getekend; de cijfers staan in de tabel.";
        el.setAttribute("data-rendered", "error");
        if (window.console) { console.error(err); }
      });
  });
})();
