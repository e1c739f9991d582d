// Loep ribbon buttons (manifest.xml: ExecuteFunction loep-gegevens / loep-tabellen / loep-antwoord).
// Each runs the same custom script as the task-pane button of the same name.
function loepRibbon(scriptName) {
  return async function (event) {
    const authResult =
      typeof globalThis.getAuth === "function"
        ? await globalThis.getAuth()
        : { token: "", provider: "" };
    try {
      await xlwings.runPython({
        auth: authResult.token,
        scriptName: scriptName,
        include: "Parameters", // as the task-pane buttons: only that sheet's values are sent
        headers: { "Auth-Provider": authResult.provider },
      });
    } finally {
      event.completed();
    }
  };
}
Office.actions.associate("loep-gegevens", loepRibbon("gegevens_ophalen"));
Office.actions.associate("loep-tabellen", loepRibbon("vraagtabellen_vullen"));
Office.actions.associate("loep-antwoord", loepRibbon("antwoordbundel_maken"));
