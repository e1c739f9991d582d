"""The VBA of the desktop cell functions, written into ``loep.xlsm`` by ``loep werkboek``.

Desktop Excel only knows a Python cell function through a VBA wrapper in the workbook. xlwings' *Import
Functions* (``ImportPythonUDFs``) writes those wrappers at run time through the VBA object model, which
needs *Toegang tot het VBA-projectobjectmodel vertrouwen*, a setting that policy often locks on
government PCs. Loep writes the same wrappers when it builds the workbook instead:

- :func:`udf_module`: module ``xlwings_udfs``, one VBA function per ``LOEP_*`` function of
  :mod:`addin.excel.udfs`, line for line what xlwings' ``generate_vba_wrapper`` writes for a workbook
  (``ThisWorkbook``, not an add-in): the signature of the Python function (``Optional`` for an argument
  with a default, ``ParamArray`` for ``*args``), then ``XLPy.CallUDF("addin.excel.udfs", "LOEP_…",
  Array(…), ThisWorkbook, Application.Caller)``. Same module name as xlwings' own, so a later *Import
  Functions* replaces it instead of defining every function twice.
- :func:`help_module`: module ``LoepHulp`` with ``LoepHulpRegistreren``, which gives every function its
  Dutch description, the category "Loep" and its argument descriptions with ``Application.MacroOptions``
  (what xlwings' import does after writing the wrappers). ``ThisWorkbook``'s ``Workbook_Open`` calls it:
  MacroOptions changes Excel's function wizard, not the VBA project, so it needs no trust setting.

Both are generated from :data:`addin.excel.udfs.REGISTERED` and the shared texts of
:mod:`addin.excel.functions` (one definition).
"""

from __future__ import annotations

import inspect

#: The module xlwings' ImportPythonUDFs writes (and replaces); Loep writes the same one.
UDF_MODULE_NAME = "xlwings_udfs"
HELP_MODULE_NAME = "LoepHulp"
HELP_MACRO = "LoepHulpRegistreren"
#: Excel's limit for a description and for each argument description in MacroOptions.
MACRO_OPTIONS_LIMIT = 255


def vba_string(text: str) -> str:
    """A VBA string literal (quotes doubled); the text must be one line."""
    if "\n" in text or "\r" in text:
        raise ValueError(f"VBA string literal with a line break: {text!r}")
    return '"' + text.replace('"', '""') + '"'


def signature(func) -> tuple[list[str], list[str], str | None]:
    """(argument names, the optional ones, the ``*args`` name or None), as xlwings' ``func_sig`` reads them."""
    names: list[str] = []
    optional: list[str] = []
    vararg = None
    for p in inspect.signature(func).parameters.values():
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            names.append(p.name)
            if p.default is not inspect.Parameter.empty:
                optional.append(p.name)
        elif p.kind is inspect.Parameter.VAR_POSITIONAL:
            names.append(p.name)
            vararg = p.name
        else:
            raise ValueError(f"{func.__name__}: xlwings supports no keyword-only arguments ({p.name})")
    if vararg and optional:
        raise ValueError(f"{func.__name__}: xlwings supports no optional arguments together with *{vararg}")
    return names, optional, vararg


def _wrapper(python_module: str, name: str, func) -> list[str]:
    """The lines of xlwings' generate_vba_wrapper for one function of a workbook (indent: 4 spaces)."""
    names, optional, vararg = signature(func)
    params = []
    for arg in names:
        if arg in optional:
            params.append(f"Optional {arg}")
        elif arg == vararg:
            params.append(f"ParamArray {arg}()")
        else:
            params.append(arg)
    lines = [f"Function {name}({', '.join(params)})"]
    if vararg:
        fixed = [a for a in names if a != vararg]
        lines += ["    Dim argsArray() As Variant",
                  f"    argsArray = Array({', '.join(fixed)})",
                  f"    ReDim Preserve argsArray(0 to UBound({vararg}) - LBound({vararg}) + {len(fixed)})",
                  f"    For k = LBound({vararg}) To UBound({vararg})",
                  f"    argsArray({len(fixed)} + k - LBound({vararg})) = {vararg}(k)",
                  "    Next k"]
        args_vba = "argsArray"
    else:
        args_vba = f"Array({', '.join(names)})"
    lines += [
        '    #If App = "Microsoft Excel" Then',
        "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        f'        {name} = XLPy.CallUDF("{python_module}", "{name}", {args_vba}, ThisWorkbook, Application.Caller)',
        "        Exit Function",
        "    #Else",
        f'        {name} = XLPy.CallUDF("{python_module}", "{name}", {args_vba})',
        "        Exit Function",
        "    #End If",
        "failed:",
        f"    {name} = Err.Description",
        "End Function",
        "",
    ]
    return lines


def udf_module(udfs=None) -> str:
    """The source of module ``xlwings_udfs``: a VBA wrapper per desktop cell function (CRLF line ends).

    Args:
        udfs: the module of the cell functions (default :mod:`addin.excel.udfs`).
    """
    if udfs is None:
        from addin.excel import udfs
    lines = [f'Attribute VB_Name = "{UDF_MODULE_NAME}"',
             "' Loep: de celfuncties LOEP_*, zoals 'Import Functions' van xlwings ze schrijft. Gemaakt door",
             "' 'loep werkboek'; wat u hier wijzigt, verdwijnt als het werkboek opnieuw gebouwd wordt.",
             """#Const App = "Microsoft Excel" 'Adjust when using outside of Excel"""]
    for name, (func, _) in sorted(udfs.REGISTERED.items()):  # xlwings walks dir(module): alphabetical
        lines += _wrapper(udfs.__name__, name, func)
    return "\r\n".join(lines) + "\r\n"


def help_texts(udfs=None) -> dict[str, tuple[str, list[str]]]:
    """Excel name -> (description, argument descriptions) that ``LoepHulpRegistreren`` registers.

    Raises:
        ValueError: a text longer than Excel's 255 characters (the test suite runs this).
    """
    if udfs is None:
        from addin.excel import udfs
    from addin.excel.functions import DESKTOP_ARGS, PARAMS, desktop_help

    out = {}
    for name, (func, key) in udfs.REGISTERED.items():
        names, _, _ = signature(func)
        docs = dict(PARAMS[key])
        if list(docs) != names:
            raise ValueError(f"{name}: arguments {names} differ from functions.PARAMS['{key}'] {list(docs)}")
        texts = [desktop_help(key)] + [DESKTOP_ARGS[docs[a]] for a in names]
        for text in texts:
            if len(text) > MACRO_OPTIONS_LIMIT:
                raise ValueError(f"{name}: help text over {MACRO_OPTIONS_LIMIT} characters: {text!r}")
        out[name] = (texts[0], texts[1:])
    return out


def help_module(category: str | None = None, udfs=None) -> str:
    """The source of module ``LoepHulp``: ``Application.MacroOptions`` for every desktop cell function.

    The workbook's *Saved* state is kept, so opening and closing the workbook asks nothing; an error (an
    old Excel, a protected workbook) never stops the workbook from opening.
    """
    if udfs is None:
        from addin.excel import udfs
    category = category or udfs.CATEGORY
    lines = [f'Attribute VB_Name = "{HELP_MODULE_NAME}"',
             "' Loep: de Nederlandse uitleg van de formules LOEP_* in het venster 'Functie invoegen'. Workbook_Open",
             "' roept dit op; Application.MacroOptions wijzigt het VBA-project niet (geen vertrouwensinstelling nodig).",
             "' Gemaakt door 'loep werkboek'; wat u hier wijzigt, verdwijnt als het werkboek opnieuw gebouwd wordt.",
             "Option Explicit",
             "",
             f"Sub {HELP_MACRO}()",
             "    Dim bewaard As Boolean",
             "    bewaard = ThisWorkbook.Saved",
             "    On Error Resume Next"]
    for name, (description, arguments) in help_texts(udfs).items():
        macro = f"\"'\" & ThisWorkbook.Name & \"'!{name}\""
        lines.append(f"    Application.MacroOptions Macro:={macro}, _")
        lines.append(f"        Description:={vba_string(description)}, _")
        if arguments:
            lines.append(f"        Category:={vba_string(category)}, _")
            lines.append("        ArgumentDescriptions:=Array( _")
            for i, text in enumerate(arguments):
                end = ", _" if i < len(arguments) - 1 else ")"
                lines.append(f"            {vba_string(text)}{end}")
        else:
            lines.append(f"        Category:={vba_string(category)}")
    lines += ["    ThisWorkbook.Saved = bewaard", "End Sub", ""]
    return "\r\n".join(lines)


def workbook_open() -> str:
    """Code for ``ThisWorkbook``'s document module: ``Workbook_Open`` registers the help at every open."""
    return "\r\n".join(["Option Explicit", "", "Private Sub Workbook_Open()", f"    {HELP_MACRO}", "End Sub", ""])
