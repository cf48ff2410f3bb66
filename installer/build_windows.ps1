<#
.SYNOPSIS
  Builds the Windows bundle and installer of the app (kejizhengce-yidiantong, "kjzc").

.DESCRIPTION
  The Windows counterpart of installer/build_linux.sh, with the same spec (installer/kjzc.spec) and
  the same data (content, prebuilt search index, icon, licences):
    dist\kjzc\                               the one-folder bundle: kjzc.exe (console, CLI verbs) and
                                             kjzcw.exe (no console, used by the shortcuts)
    dist\kjzc-VERSION-windows-x64.zip        the same folder, portable
    dist\kjzc-VERSION-windows-x64-setup.exe  per-user installer (Inno Setup 6, installer\kjzc.iss)

  Needs: 64-bit Python 3.11 (the "py" launcher or -Python), Inno Setup 6 (ISCC.exe on PATH, in its
  default folder, or -Iscc).  Run from any folder:
    powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1

.PARAMETER Python
  The Python used to create .venv when it does not exist (default: "py -3.11").
.PARAMETER Iscc
  Path of ISCC.exe (default: found on PATH or in the usual Inno Setup 6 folders).
.PARAMETER NoInstaller
  Stop after the bundle and the zip.
.PARAMETER NoSmoke
  Do not run the frozen program after building it.
#>
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [string]$Iscc = "",
    [switch]$NoInstaller,
    [switch]$NoSmoke
)

# This file is ASCII on purpose (Windows PowerShell 5.1 misreads UTF-8 without a BOM); Chinese text
# is built from code points where needed.
$ErrorActionPreference = "Stop"
Set-StrictMode -Version 3

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Build = Join-Path $Root "build\installer"
$Dist = Join-Path $Root "dist"
$Py = Join-Path $Root ".venv\Scripts\python.exe"

function Step([string]$what) { Write-Host ""; Write-Host "== $what" -ForegroundColor Cyan }

function Invoke-Native {
    # Invoke-Native EXE ARG...: runs a program and stops the build when it fails (PowerShell 5.1 does not
    # do that by itself).  A simple function on purpose: its arguments (-m, -e, /Q ...) pass through $args.
    $exe, $rest = $args
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "build_windows.ps1: '$exe $($rest -join ' ')' failed with exit code $LASTEXITCODE" }
}

# -------------------------------------------------------------------------------------------------
Step "environment"
if (-not (Test-Path $Py)) {
    $parts = $Python -split " "
    $pyExe = $parts[0]
    $pyArgs = @()
    if ($parts.Count -gt 1) { $pyArgs = $parts[1..($parts.Count - 1)] }
    Invoke-Native $pyExe @pyArgs -m venv .venv
}
Invoke-Native $Py -m pip install -q --upgrade pip
Invoke-Native $Py -m pip install -q -e . "pyinstaller>=6.10,<7"
$Version = (& $Py -c "import main; print(main.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "build_windows.ps1: cannot read main.__version__" }
Write-Host "version $Version"

New-Item -ItemType Directory -Force -Path $Build | Out-Null
# Nothing the build runs touches the builder's own per-user data.
$env:KJZC_DATA_DIR = Join-Path $Build "userdata"
if (Test-Path $env:KJZC_DATA_DIR) { Remove-Item -Recurse -Force $env:KJZC_DATA_DIR }
New-Item -ItemType Directory -Force -Path $env:KJZC_DATA_DIR | Out-Null

# -------------------------------------------------------------------------------------------------
Step "content check"
& $Py main.py check
if ($LASTEXITCODE -ne 0) {
    if ($env:KJZC_ALLOW_CONTENT_ERRORS -ne "1") { throw "build_windows.ps1: the content has problems (see above); fix them or set KJZC_ALLOW_CONTENT_ERRORS=1" }
    Write-Warning "continuing despite content problems (KJZC_ALLOW_CONTENT_ERRORS=1)"
}

# -------------------------------------------------------------------------------------------------
Step "icons"
$env:QT_QPA_PLATFORM = "offscreen"
if (Test-Path "$Build\icons") { Remove-Item -Recurse -Force "$Build\icons" }
Invoke-Native $Py installer\make_icons.py "$Build\icons"
Remove-Item Env:\QT_QPA_PLATFORM

# -------------------------------------------------------------------------------------------------
Step "prebuilt search index"
if (Test-Path "$Build\prebuilt_index") { Remove-Item -Recurse -Force "$Build\prebuilt_index" }
Invoke-Native $Py installer\prebuild_index.py "$Build\prebuilt_index"

# -------------------------------------------------------------------------------------------------
Step "bundle (PyInstaller)"
if (Test-Path "$Dist\kjzc") { Remove-Item -Recurse -Force "$Dist\kjzc" }
$env:KJZC_BUILD_DIR = $Build
Invoke-Native $Py -m PyInstaller --noconfirm --clean --log-level WARN --distpath $Dist --workpath "$Build\pyinstaller" installer\kjzc.spec
$Exe = Join-Path $Dist "kjzc\kjzc.exe"
if (-not (Test-Path $Exe)) { throw "build_windows.ps1: PyInstaller produced no $Exe" }
if (-not (Test-Path (Join-Path $Dist "kjzc\kjzcw.exe"))) { throw "build_windows.ps1: PyInstaller produced no kjzcw.exe" }

# -------------------------------------------------------------------------------------------------
if (-not $NoSmoke) {
    Step "smoke test of the frozen program"
    $smoke = Join-Path $Build "smoke"
    if (Test-Path $smoke) { Remove-Item -Recurse -Force $smoke }
    New-Item -ItemType Directory -Force -Path $smoke | Out-Null
    $env:KJZC_DATA_DIR = Join-Path $smoke "userdata"
    $env:QT_QPA_PLATFORM = "offscreen"
    $query = -join ([char]0x63ED, [char]0x699C, [char]0x6302, [char]0x5E05)   # jie bang gua shuai
    Invoke-Native $Exe --version
    Invoke-Native $Exe check
    if (Test-Path "index\cli.py") {
        $json = Join-Path $smoke "search.json"
        # The frozen program writes UTF-8 (-X utf8); PowerShell decodes a program's output with
        # [Console]::OutputEncoding, which is GBK (936) on a Chinese Windows: read it as UTF-8.
        $previousEncoding = [Console]::OutputEncoding
        [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
        try { $out = & $Exe search $query --json --limit 3 } finally { [Console]::OutputEncoding = $previousEncoding }
        if ($LASTEXITCODE -ne 0) { throw "build_windows.ps1: the frozen search failed" }
        [System.IO.File]::WriteAllText($json, ($out -join "`n"), (New-Object System.Text.UTF8Encoding $false))
        # The query comes back intact only if the output was decoded as UTF-8.
        Invoke-Native $Py -c "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8')); assert d['query'] == '\u63ed\u699c\u6302\u5e05', 'output not decoded as UTF-8: %r' % d['query']; assert d['hits'], 'no hits'; print('search:', d['total'], 'hits')" $json
    }
    if (Test-Path "ui\app.py") {
        $png = Join-Path $smoke "window.png"
        Invoke-Native $Exe screenshot --out $png --search $query
        if (-not (Test-Path $png) -or (Get-Item $png).Length -lt 1000) { throw "build_windows.ps1: the screenshot is missing" }
        Write-Host "screenshot: $((Get-Item $png).Length) bytes"
    }
    Remove-Item Env:\QT_QPA_PLATFORM
}

# -------------------------------------------------------------------------------------------------
Step "zip"
$Zip = Join-Path $Dist "kjzc-$Version-windows-x64.zip"
if (Test-Path $Zip) { Remove-Item -Force $Zip }
Compress-Archive -Path (Join-Path $Dist "kjzc") -DestinationPath $Zip
$bundleMB = [math]::Round(((Get-ChildItem -Recurse -File (Join-Path $Dist "kjzc") | Measure-Object Length -Sum).Sum / 1MB), 1)
Write-Host "bundle: $bundleMB MB on disk, $([math]::Round((Get-Item $Zip).Length / 1MB, 1)) MB zipped ($Zip)"

if ($NoInstaller) { exit 0 }

# -------------------------------------------------------------------------------------------------
Step "installer (Inno Setup)"
if (-not $Iscc) {
    $cmd = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($cmd) { $Iscc = $cmd.Source }
}
if (-not $Iscc) {
    foreach ($candidate in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                             "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
        if ($candidate -and (Test-Path $candidate)) { $Iscc = $candidate; break }
    }
}
if (-not $Iscc) { throw "build_windows.ps1: ISCC.exe not found; install Inno Setup 6 or pass -Iscc C:\path\ISCC.exe" }
Invoke-Native $Iscc /Q "/DAppVersion=$Version" "/DSourceDir=$Dist\kjzc" "/DOutputDir=$Dist" "/DIconFile=$Build\icons\kjzc.ico" installer\kjzc.iss
$Setup = Join-Path $Dist "kjzc-$Version-windows-x64-setup.exe"
if (-not (Test-Path $Setup)) { throw "build_windows.ps1: Inno Setup produced no $Setup" }
Write-Host "installer: $([math]::Round((Get-Item $Setup).Length / 1MB, 1)) MB ($Setup)"
