// Loep task pane: Dutch progress and result messages around the xw-click buttons.
// xlwings disables a button while its script runs and shows errors in #global-error-alert;
// this watches both, then shows the button's own result message (the cell next to 'Resultaat'
// on the sheet 'Parameters') and, for the answer workbook, its download link.
(function () {
  function status(text, kind, link) {
    const box = document.getElementById("loep-status");
    if (!box) return;
    box.className = "alert small alert-" + kind;
    box.textContent = text;
    if (link) {
      const a = document.createElement("a");
      a.href = link;
      a.target = "_blank";
      a.rel = "noopener";
      a.className = "d-block mt-2 fw-bold";
      a.textContent = "Download de antwoordbundel";
      box.appendChild(a);
      if (typeof Excel !== "undefined" && Excel.createWorkbook) {
        const open = document.createElement("button");
        open.type = "button";
        open.className = "btn btn-sm btn-outline-success mt-2";
        open.textContent = "Openen in Excel";
        open.addEventListener("click", () => openWorkbook(link));
        box.appendChild(open);
      }
    }
  }

  // Open the answer workbook as a new Excel workbook (Office.js Excel.createWorkbook, ExcelApi 1.8).
  async function openWorkbook(link) {
    try {
      const response = await fetch(new URL(link, window.location.href).pathname); // same origin as the task pane
      if (!response.ok) throw new Error(response.status);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      await Excel.createWorkbook(btoa(binary));
    } catch (e) {
      status("Openen lukte niet; gebruik de downloadlink.", "warning", link);
    }
  }

  function errorShown() {
    const alert = document.getElementById("global-error-alert");
    return alert && !alert.classList.contains("d-none");
  }

  // The message next to 'Resultaat' (column B) and a hyperlink in column C, if any.
  async function readResult() {
    if (typeof Excel === "undefined") return null;
    try {
      return await Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItemOrNullObject("Parameters");
        await context.sync();
        if (sheet.isNullObject) return null;
        const labels = sheet.getRange("A1:A30");
        labels.load("values");
        await context.sync();
        const index = labels.values.findIndex(
          (row) => String(row[0]).trim().toLowerCase() === "resultaat",
        );
        if (index < 0) return null;
        const message = sheet.getRange("B" + (index + 1));
        const link = sheet.getRange("C" + (index + 1));
        message.load("values");
        link.load("hyperlink");
        await context.sync();
        return {
          text: String(message.values[0][0] || ""),
          link: link.hyperlink ? link.hyperlink.address : null,
        };
      });
    } catch (e) {
      return null; // older Excel without these APIs: the generic message stays
    }
  }

  // The server writes the download link as a path (/loep/download/<token>): it cannot know the
  // address colleagues reach it at. The task pane can: make the cell's hyperlink absolute with the
  // page's own origin, so a click in the sheet works too.
  async function absoluteLink(link) {
    if (!link) return link;
    const absolute = new URL(link, window.location.href).href;
    if (absolute === link || typeof Excel === "undefined") return absolute;
    try {
      await Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItemOrNullObject("Parameters");
        await context.sync();
        if (sheet.isNullObject) return;
        const labels = sheet.getRange("A1:A30");
        labels.load("values");
        await context.sync();
        const index = labels.values.findIndex(
          (row) => String(row[0]).trim().toLowerCase() === "resultaat",
        );
        if (index < 0) return;
        const cell = sheet.getRange("C" + (index + 1));
        cell.load("hyperlink");
        await context.sync();
        if (cell.hyperlink && cell.hyperlink.address === link) {
          cell.hyperlink = { address: absolute, textToDisplay: cell.hyperlink.textToDisplay || "Download antwoordbundel" };
          await context.sync();
        }
      });
    } catch (e) {
      // older Excel: the task pane's link below still works
    }
    return absolute;
  }

  function watch(button) {
    const label = button.getAttribute("data-loep-label") || button.textContent.trim();
    const wantsLink = button.getAttribute("xw-click") === "antwoordbundel_maken";
    let started = 0;
    button.addEventListener("click", function () {
      started = Date.now();
      status("Bezig: " + label + " … (dit kan enkele seconden duren)", "info");
    });
    new MutationObserver(async function () {
      if (!started || button.hasAttribute("disabled")) return;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      started = 0;
      if (errorShown()) {
        status("Niet gelukt: " + label + ". Lees de melding bovenaan.", "danger");
        return;
      }
      status("Klaar: " + label + " (" + seconds + " s).", "success");
      const result = await readResult();
      if (result && result.text) {
        const link = wantsLink ? await absoluteLink(result.link) : null;
        status(result.text, "success", link);
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
