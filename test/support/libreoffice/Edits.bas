REM Edits a user makes in LibreOffice Calc, made by LibreOffice itself (test/e2e/edits-libreoffice.test.ts).
REM Reads a job file: "FILE<TAB>in.xlsx<TAB>out.xlsx", then one jobLine per edit, then "END".
REM Each workbook is opened hidden, its sheets unprotected (as a user does before inserting rows),
REM edited through the Calc API, and saved as .xlsx. Each edit's outcome goes to the log file.

Sub RunJobs
  REM A runtime error would open a message box, which hangs a headless office: log it and stop instead.
  On Error GoTo Failed
  REM UTF-8 streams: sheet names and texts are Chinese, whatever the locale soffice runs in.
  Dim sfa As Object, jobs As Object, logOut As Object
  sfa = CreateUnoService("com.sun.star.ucb.SimpleFileAccess")
  jobs = CreateUnoService("com.sun.star.io.TextInputStream")
  jobs.setInputStream(sfa.openFileRead(ConvertToURL(Environ("NIANBAO_JOBS"))))
  jobs.setEncoding("UTF-8")
  Dim logUrl As String
  logUrl = ConvertToURL(Environ("NIANBAO_LOG"))
  If sfa.exists(logUrl) Then sfa.kill(logUrl)
  logOut = CreateUnoService("com.sun.star.io.TextOutputStream")
  logOut.setOutputStream(sfa.openFileWrite(logUrl))
  logOut.setEncoding("UTF-8")
  Dim storeArgs(0) As New com.sun.star.beans.PropertyValue
  storeArgs(0).Name = "FilterName"
  storeArgs(0).Value = "Calc MS Excel 2007 XML"
  Dim doc As Object, jobLine As String, parts() As String
  Dim outUrl As String, i As Integer
  Do While Not jobs.isEOF()
    jobLine = jobs.readLine()
    parts = Split(jobLine, Chr(9))
    Select Case parts(0)
      Case "FILE"
        REM Each workbook is loaded into the frame of the one before: closing the last document of a headless office stops it loading more.
        If IsNull(doc) Or IsEmpty(doc) Then
          doc = OpenHidden(StarDesktop, ConvertToURL(parts(1)), "_blank")
        Else
          doc = OpenHidden(doc.CurrentController.Frame, ConvertToURL(parts(1)), "_self")
        End If
        If IsNull(doc) Or IsEmpty(doc) Then
          logOut.writeString("ERROR" & Chr(9) & "not loaded" & Chr(9) & parts(1) & Chr(10))
          Exit Do
        End If
        outUrl = ConvertToURL(parts(2))
        For i = 0 To doc.Sheets.Count - 1
          doc.Sheets.getByIndex(i).unprotect("")
        Next i
        logOut.writeString("OPENED" & Chr(9) & parts(1) & Chr(10))
        logOut.flush()
      Case "END"
        doc.storeToURL(outUrl, storeArgs())
        logOut.writeString("STORED" & Chr(9) & parts(1) & Chr(10))
        logOut.flush()
        REM Saved as a copy: unmodified, so replacing it in its frame asks nothing.
        doc.setModified(False)
        logOut.writeString("SAVED" & Chr(9) & parts(1) & Chr(10))
        logOut.flush()
      Case ""
      Case Else
        logOut.writeString(ApplyEdit(doc, parts) & Chr(9) & jobLine & Chr(10))
        logOut.flush()
    End Select
  Loop
  jobs.closeInput()
  logOut.closeOutput()
  If Not IsNull(doc) And Not IsEmpty(doc) Then doc.close(True)
  StarDesktop.terminate()
  Exit Sub
Failed:
  If Not IsNull(logOut) And Not IsEmpty(logOut) Then
    logOut.writeString("ERROR" & Chr(9) & Err & " " & Error$ & " at line " & Erl & Chr(9) & jobLine & Chr(10))
    logOut.flush()
    logOut.closeOutput()
  End If
  StarDesktop.terminate()
End Sub

Function OpenHidden(loader As Object, url As String, target As String) As Object
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  OpenHidden = loader.loadComponentFromURL(url, target, 0, args())
End Function

REM parts: kind, sheet, then the edit's arguments (1-based rows and columns, as the test plans them).
Function ApplyEdit(doc As Object, parts() As String) As String
  On Error GoTo Failed
  Dim sh As Object
  Dim kind As String
  kind = parts(0)
  If kind <> "ownSheet" Then sh = doc.Sheets.getByName(parts(1))
  Select Case kind
    Case "insertRow"
      sh.Rows.insertByIndex(CLng(parts(2)) - 1, 1)
    Case "ownRow"
      sh.Rows.insertByIndex(CLng(parts(2)) - 1, 1)
      sh.getCellByPosition(2, CLng(parts(2)) - 1).setString(parts(3))
    Case "deleteRow"
      sh.Rows.removeByIndex(CLng(parts(2)) - 1, 1)
    Case "insertColumn"
      sh.Columns.insertByIndex(CLng(parts(2)) - 1, 1)
    Case "ownColumn"
      sh.Columns.insertByIndex(CLng(parts(2)) - 1, 1)
      sh.getCellByPosition(CLng(parts(2)) - 1, 2).setString(parts(3))
    Case "deleteColumn"
      sh.Columns.removeByIndex(CLng(parts(2)) - 1, 1)
    Case "sortRows"
      REM top, bottom, left, right, by, descending
      Dim rng As Object
      rng = sh.getCellRangeByPosition(CLng(parts(4)) - 1, CLng(parts(2)) - 1, CLng(parts(5)) - 1, CLng(parts(3)) - 1)
      REM Calc refuses to sort across merged cells (a message box, which would hang a headless run); a user cannot do it either.
      If HasMerges(sh, rng) Then
        ApplyEdit = "SKIPPED merged"
        Exit Function
      End If
      Dim fields(0) As New com.sun.star.table.TableSortField
      fields(0).Field = CLng(parts(6)) - CLng(parts(4))
      fields(0).IsAscending = (parts(7) <> "1")
      Dim desc(1) As New com.sun.star.beans.PropertyValue
      desc(0).Name = "SortFields"
      desc(0).Value = fields()
      desc(1).Name = "ContainsHeader"
      desc(1).Value = False
      rng.sort(desc())
    Case "renameSheet"
      sh.Name = parts(2)
    Case "moveSheet"
      If parts(2) = "1" Then
        doc.Sheets.moveByName(parts(1), 0)
      Else
        doc.Sheets.moveByName(parts(1), doc.Sheets.Count)
      End If
    Case "ownSheet"
      doc.Sheets.insertNewByName(parts(1), doc.Sheets.Count)
      doc.Sheets.getByName(parts(1)).getCellByPosition(0, 0).setString(parts(2))
    Case "comment"
      Dim cell As Object
      cell = sh.getCellByPosition(CLng(parts(3)) - 1, CLng(parts(2)) - 1)
      sh.Annotations.insertNew(cell.CellAddress, parts(4))
    Case Else
      ApplyEdit = "UNKNOWN"
      Exit Function
  End Select
  ApplyEdit = "DONE"
  Exit Function
Failed:
  ApplyEdit = "FAILED " & Err & " " & Error$
End Function

Function HasMerges(sh As Object, rng As Object) As Boolean
  Dim a As Object, r As Long, c As Long, cursor As Object
  a = rng.RangeAddress
  For r = a.StartRow To a.EndRow
    For c = a.StartColumn To a.EndColumn
      cursor = sh.createCursorByRange(sh.getCellByPosition(c, r))
      cursor.collapseToMergedArea()
      If cursor.Rows.Count > 1 Or cursor.Columns.Count > 1 Then
        HasMerges = True
        Exit Function
      End If
    Next c
  Next r
  HasMerges = False
End Function
