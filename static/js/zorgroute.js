// Small progressive enhancements; every page works without this file.
// Confirmation before destructive actions: <form data-confirm="Weet je het zeker?">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
