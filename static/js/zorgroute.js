// Small progressive enhancements; every page works without this file.
// Confirmation before destructive actions: <form data-confirm="Weet je het zeker?">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Upload progress (results import): htmx reports upload progress on the form; show it in
// the <progress class="upload-voortgang"> inside the form's busy indicator.
document.addEventListener("htmx:xhr:progress", function (event) {
  var detail = event.detail || {};
  var form = event.target;
  if (!(form instanceof HTMLElement) || !detail.lengthComputable || !detail.total) return;
  var bar = form.querySelector("progress.upload-voortgang");
  if (bar) bar.value = Math.round((detail.loaded / detail.total) * 100);
});

// Groepsoverzicht: insert the chosen hulpzin into the need text (no inline script: the
// sentence is in the option's data-zin; the textarea is named by the select's data-doel).
// Without JavaScript the select is posted and the server adds the sentence.
function zorgrouteHulpzinKnoppen(root) {
  root.querySelectorAll("[data-hulpzin-invoegen]").forEach(function (button) { button.hidden = false; });
}
document.addEventListener("DOMContentLoaded", function () { zorgrouteHulpzinKnoppen(document); });
document.addEventListener("htmx:load", function (event) { zorgrouteHulpzinKnoppen(event.target); });
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-hulpzin-invoegen]") : null;
  if (!button) return;
  var form = button.closest("form");
  var select = form && form.querySelector("[data-hulpzin-select]");
  var option = select && select.selectedOptions[0];
  var doel = select && document.getElementById(select.dataset.doel);
  if (!option || !option.dataset.zin || !doel) { if (select) select.focus(); return; }
  var zin = option.dataset.zin;
  var tekst = doel.value.replace(/\s+$/, "");
  doel.value = tekst ? tekst + "\n" + zin + " " : zin + " ";
  select.value = "";  // already in the text: the server must not add it again
  doel.focus();
  doel.setSelectionRange(doel.value.length, doel.value.length);
  doel.dispatchEvent(new Event("input", { bubbles: true }));
});

// Autosave cells: say so when a save failed (network or server), so nobody walks away from
// unsaved text. The textarea keeps the text; the next change tries again.
function zorgrouteAutosaveFout(event) {
  var elt = event.detail && event.detail.elt;
  if (!(elt instanceof HTMLElement) || !elt.hasAttribute("data-autosave")) return;
  var target = document.querySelector(elt.getAttribute("hx-target"));
  if (!target) return;
  var status = event.detail.xhr ? event.detail.xhr.status : 0;
  target.textContent = status === 403 ? "Niet opgeslagen: je mag dit niet wijzigen."
    : status === 404 ? "Niet opgeslagen: deze regel bestaat niet meer. Laad de pagina opnieuw."
    : "Niet opgeslagen: geen verbinding. Je tekst staat er nog; probeer het zo opnieuw.";
  if (target.parentElement) target.parentElement.classList.add("fout");
}
document.addEventListener("htmx:responseError", zorgrouteAutosaveFout);
document.addEventListener("htmx:sendError", zorgrouteAutosaveFout);
document.addEventListener("htmx:afterRequest", function (event) {
  var elt = event.detail && event.detail.elt;
  if (elt instanceof HTMLElement && elt.hasAttribute("data-autosave") && event.detail.successful) {
    var target = document.querySelector(elt.getAttribute("hx-target"));
    if (target && target.parentElement) target.parentElement.classList.remove("fout");
  }
});

// --- groepsplan ---------------------------------------------------------------------------
// Clustering: drag a pupil ([data-leerling]) onto a group ([data-drop-url]) of the same deel.
// Posts the same form as the per-pupil "Verplaats" select (the keyboard/no-JS way) and swaps
// the board it gets back. Event delegation, no inline script (CSP).
var zorgrouteSleep = null;
document.addEventListener("dragstart", function (event) {
  var item = event.target instanceof Element ? event.target.closest("[data-leerling][draggable]") : null;
  if (!item) return;
  zorgrouteSleep = { leerling: item.dataset.leerling, deel: item.dataset.deel };
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", item.dataset.leerling);
  item.classList.add("gp-sleept");
});
document.addEventListener("dragend", function (event) {
  if (event.target instanceof Element) event.target.classList.remove("gp-sleept");
  document.querySelectorAll(".gp-zone-doel").forEach(function (z) { z.classList.remove("gp-zone-doel"); });
  zorgrouteSleep = null;
});
function zorgrouteDropZone(event) {
  var zone = event.target instanceof Element ? event.target.closest("[data-drop-url]") : null;
  return zone && zorgrouteSleep && zone.dataset.deel === zorgrouteSleep.deel ? zone : null;
}
document.addEventListener("dragover", function (event) {
  var zone = zorgrouteDropZone(event);
  if (!zone) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  zone.classList.add("gp-zone-doel");
});
document.addEventListener("dragleave", function (event) {
  var zone = event.target instanceof Element ? event.target.closest("[data-drop-url]") : null;
  if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("gp-zone-doel");
});
document.addEventListener("drop", function (event) {
  var zone = zorgrouteDropZone(event);
  if (!zone) return;
  event.preventDefault();
  var data = new FormData();
  data.append("leerling", zorgrouteSleep.leerling);
  data.append("deel", zorgrouteSleep.deel);
  data.append("naar", zone.dataset.naar || "");
  var headers = { "HX-Request": "true" };
  try { Object.assign(headers, JSON.parse(document.body.getAttribute("hx-headers") || "{}")); } catch (e) { /* no CSRF header: the server refuses */ }
  var bord = document.getElementById("cluster-bord");
  fetch(zone.dataset.dropUrl, { method: "POST", body: data, headers: headers, credentials: "same-origin" })
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
    .then(function (html) {
      if (!bord) return;
      bord.outerHTML = html;
      var nieuw = document.getElementById("cluster-bord");
      if (nieuw && window.htmx) window.htmx.process(nieuw);
    })
    .catch(function () {
      if (bord) bord.insertAdjacentHTML("afterbegin", '<p class="let-op-tekst" role="alert">Niet verplaatst: probeer het opnieuw of gebruik "Verplaats".</p>');
    });
});

// A request Zorgroute refused as too large (413) or with too many fields (400) answers an
// htmx request with a Dutch message to show above the page (HX-Retarget), marked with
// X-Zorgroute-Melding; htmx would not swap an error status by itself.
document.addEventListener("htmx:beforeSwap", function (event) {
  var xhr = event.detail && event.detail.xhr;
  if (xhr && xhr.status >= 400 && xhr.getResponseHeader("X-Zorgroute-Melding")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
