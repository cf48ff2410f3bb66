; Inno Setup 6 script of 科技政策一点通 (Windows installer).
; Built by installer/build_windows.ps1 after PyInstaller made dist\kjzc\ from installer\kjzc.spec (the
; same spec and data as the Linux build).  By hand:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=..\dist\kjzc /DOutputDir=..\dist /DIconFile=..\build\installer\icons\kjzc.ico installer\kjzc.iss
;
; * Per-user installation without administrator rights (PrivilegesRequired=lowest): the program goes to
;   %LOCALAPPDATA%\Programs\KejiZhengce-Yidiantong; an administrator may choose "install for all users"
;   (Program Files) in the dialog Setup offers.
; * Start-menu folder (program + uninstall) and a desktop shortcut (task, on by default).
; * An uninstaller (Apps & features / 应用和功能, and the Start-menu entry).  It removes the program
;   folder only: settings, bookmarks and the rebuilt index live in %LOCALAPPDATA%\kejizhengce-yidiantong
;   (content.appdirs) and are the user's.
; * The program folder is never written to by the app, so a locked-down (read-only) folder works.
; * Windows 10 1809 (10.0.17763) or newer, which Qt 6.11 needs; older Windows (7, 8.1) is refused with a
;   message saying what to use instead.  Chinese (ChineseSimplified.isl, vendored from Inno Setup's
;   sources: Inno Setup ships no Chinese) or English, after the Windows display language.
; * Shortcuts have no working folder of their own: the app saves into Documents by itself, and a
;   folder fixed at install time would be the installing administrator's for every user.
; This file is UTF-8 with a byte-order mark (Inno Setup 6 needs the BOM for the Chinese strings).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\kjzc"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\build\installer\icons\kjzc.ico"
#endif
#define AppName "科技政策一点通"
#define AppExe "kjzcw.exe"

[Setup]
AppId={{CD5266FC-07EE-4D31-A914-3C04772B9381}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=离线科技政策手册
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\KejiZhengce-Yidiantong
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=kjzc-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\kjzc.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "chs"; MessagesFile: "ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Messages]
; Shown on Windows older than MinVersion (Windows 7, 8.1, 10 before 1809).  Inno Setup 6.4 reports it with
; WindowsVersionNotSupported; WinVersionTooLowError is set too, for other versions of the compiler.
chs.WindowsVersionNotSupported=科技政策一点通需要 Windows 10（1809 版）或更高版本，无法在这台电脑上安装。%n%n可以改用 PDF 版手册和明白卡：在其他电脑上用本软件导出（“文件”菜单，或命令 kjzc export-pdf、kjzc cards），或向科技局索取。
chs.WinVersionTooLowError=科技政策一点通需要 Windows 10（1809 版）或更高版本，无法在这台电脑上安装。%n%n可以改用 PDF 版手册和明白卡：在其他电脑上用本软件导出（“文件”菜单，或命令 kjzc export-pdf、kjzc cards），或向科技局索取。
en.WindowsVersionNotSupported=This program needs Windows 10 (version 1809) or later and cannot be installed on this computer.%n%nUse the PDF handbook and the 明白卡 cards instead: export them with the program on another computer (File menu, or kjzc export-pdf / kjzc cards), or ask the science and technology bureau.
en.WinVersionTooLowError=This program needs Windows 10 (version 1809) or later and cannot be installed on this computer.%n%nUse the PDF handbook and the 明白卡 cards instead: export them with the program on another computer (File menu, or kjzc export-pdf / kjzc cards), or ask the science and technology bureau.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "离线科技政策手册"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The frozen app writes nothing into {app}; remove the folder itself once it is empty.
Type: dirifempty; Name: "{app}"
