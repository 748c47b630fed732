Attribute VB_Name = "jixiao"
' jixiao budget-performance macros for users without the xlwings ribbon.
' Each macro runs one script of jixiao_addin.py through xlwings RunPython.
' Needs: the xlwings add-in (xlwings addin install) and a reference to it
' (VBA editor > Tools > References > xlwings). Settings come from the
' xlwings.conf sheet of the workbook or an xlwings.conf file beside it.
Option Explicit

Sub JixiaoRunValidate()
    RunPython "import jixiao_addin; jixiao_addin.jixiao_validate()"
End Sub

Sub JixiaoRunScores()
    RunPython "import jixiao_addin; jixiao_addin.jixiao_scores()"
End Sub

Sub JixiaoRunExportJson()
    RunPython "import jixiao_addin; jixiao_addin.jixiao_export_json()"
End Sub

Sub JixiaoRunConsolidate()
    RunPython "import jixiao_addin; jixiao_addin.jixiao_consolidate()"
End Sub

Sub JixiaoRunImportLastYear()
    RunPython "import jixiao_addin; jixiao_addin.jixiao_import_last_year()"
End Sub

Sub JixiaoRunSelfEvalReport()
    RunPython "import jixiao_addin; jixiao_addin.jixiao_self_eval_report()"
End Sub
