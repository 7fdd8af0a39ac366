"""Files and folders: atomic writes, scenario files, the autosaved session, the app-data
folder, the crash report, and the scenario read back from an exported figure. Nothing here
imports gui.export (exports write through gui.io.atomic; the reverse is forbidden)."""
