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
