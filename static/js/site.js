// Page behaviour without inline script (the Content-Security-Policy allows scripts from this site only).
// A form with data-confirm="…" asks before it submits.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
