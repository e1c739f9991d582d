// Loep task pane: Dutch progress and result messages around the xw-click buttons.
// xlwings disables a button while its script runs and shows errors in #global-error-alert;
// this watches both and tells the user, in Dutch, what is happening.
(function () {
  function status(text, kind) {
    const box = document.getElementById("loep-status");
    if (!box) return;
    box.className = "alert small alert-" + kind;
    box.textContent = text;
  }

  function errorShown() {
    const alert = document.getElementById("global-error-alert");
    return alert && !alert.classList.contains("d-none");
  }

  function watch(button) {
    const label = button.getAttribute("data-loep-label") || button.textContent.trim();
    let started = 0;
    button.addEventListener("click", function () {
      started = Date.now();
      status("Bezig: " + label + " … (dit kan enkele seconden duren)", "info");
    });
    new MutationObserver(function () {
      if (!started || button.hasAttribute("disabled")) return;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      started = 0;
      if (errorShown()) {
        status("Niet gelukt: " + label + ". Lees de melding bovenaan.", "danger");
      } else {
        status("Klaar: " + label + " (" + seconds + " s). Het resultaat staat op het blad 'Parameters'.", "success");
      }
    }).observe(button, { attributes: true, attributeFilter: ["disabled"] });
  }

  function init() {
    document.querySelectorAll("button[data-loep-label]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
